// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DeploySystem} from "../../script/DeploySystem.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {Fixture} from "../utils/Fixture.sol";
import {DenseLayer, DenseModel} from "../dispute/utils/DenseModel.sol";

/// @notice The whole system as the deploy script builds it: the REAL dispute game wired into the
/// REAL job market and REAL staking, a real integer model from the shared vectors
/// (contracts/test/vectors/dense.json, model 2: 22 -> 60 -> 38 -> 47), and a choice of the devnet or
/// the PRODUCTION parameter set and bounds (`DeployConfig.productionParameters` /
/// `productionBounds`; both deploy on chain 31337). Helpers post a job on the real model, run its
/// auction, submit an honest or a lying trace, challenge, respond, prove and time out.
abstract contract EconomicsFixture is Fixture {
    string internal constant VECTORS = "contracts/test/vectors/dense.json";
    uint256 internal constant VECTOR_MODEL = 2;
    /// @dev The lie: one element of hidden layer 2 changed, later layers recomputed from it.
    uint256 internal constant LIE_LAYER = 2;
    uint256 internal constant LIE_ELEMENT = 5;
    uint256 internal constant VRT_SUPPLY = 1_000_000_000e18;

    IDisputeGame internal game;
    DenseLayer[] internal _layers;
    bytes[] internal _honest; // a_0 .. a_L
    bytes[] internal _lie; // a_0 .. a_L as a liar commits them
    uint256 internal realModel;
    bool internal production;

    /// @dev Production by default: the figures of docs/economics.md are for the production set.
    function setUp() public virtual override {
        _deploy(true);
    }

    /// @dev Deploys the whole system with the production (or devnet) parameters and bounds, wires
    /// the real game, registers the vectors' model, funds the fixture's actors.
    function _deploy(bool production_) internal {
        production = production_;
        if (production_) {
            sys = DeploySystem.deploy(
                admin,
                address(this),
                VRT_SUPPLY,
                address(0),
                guardian,
                DeployConfig.productionParameters(treasury),
                DeployConfig.productionBounds(6)
            );
        } else {
            sys = DeploySystem.deploy(
                admin, address(this), VRT_SUPPLY, address(0), guardian, DeployConfig.devnetParameters(treasury)
            );
        }
        DeploySystem.System memory s = sys;
        DeploySystem.deployDisputeGame(s);
        sys = s;
        game = IDisputeGame(address(s.disputes));
        usd = TestStablecoin(address(sys.paymentToken));
        modelId = _registerModel(publisher, keccak256("model-1"));
        _loadModel();
        _provider(alice, STAKE);
        _provider(bob, STAKE);
        _provider(carol, STAKE);
        usd.mint(requester, 1_000_000e6);
        vm.prank(requester);
        usd.approve(address(sys.market), type(uint256).max);
        _fundChallenger(challenger);
    }

    function _loadModel() internal {
        string memory json = vm.readFile(VECTORS);
        uint256 first = vm.parseJsonUint(json, _key("models", VECTOR_MODEL, "firstStep"));
        uint256 count = vm.parseJsonUint(json, _key("models", VECTOR_MODEL, "layers"));
        uint32[] memory widths = new uint32[](count + 1);
        for (uint256 l; l < count; ++l) {
            DenseLayer storage layer = _layers.push();
            layer.K = uint32(vm.parseJsonUint(json, _key("steps", first + l, "K")));
            layer.N = uint32(vm.parseJsonUint(json, _key("steps", first + l, "N")));
            layer.M = uint32(vm.parseJsonUint(json, _key("steps", first + l, "M")));
            layer.s = uint8(vm.parseJsonUint(json, _key("steps", first + l, "s")));
            layer.relu = vm.parseJsonBool(json, _key("steps", first + l, "relu"));
            layer.weights = vm.parseJsonBytes(json, _key("steps", first + l, "weights"));
            int256[] memory bias = vm.parseJsonIntArray(json, _key("steps", first + l, "bias"));
            for (uint256 j; j < bias.length; ++j) {
                layer.bias.push(int32(bias[j]));
            }
            widths[l] = layer.K;
            widths[l + 1] = layer.N;
        }
        DenseLayer[] memory layers = _layers;
        bytes memory input = vm.parseJsonBytes(json, _key("models", VECTOR_MODEL, "input"));
        bytes[] memory acts = DenseModel.forward(layers, input);
        for (uint256 i; i < acts.length; ++i) {
            _honest.push(acts[i]);
            _lie.push(acts[i]);
        }
        bytes memory changed = bytes.concat(acts[LIE_LAYER]);
        changed[LIE_ELEMENT] = bytes1(uint8(changed[LIE_ELEMENT]) ^ 0x10);
        _lie[LIE_LAYER] = changed;
        for (uint256 i = LIE_LAYER + 1; i < acts.length; ++i) {
            _lie[i] = DenseModel.layerOutput(layers[i - 1], _lie[i - 1]);
        }
        bytes32 commitment = vm.parseJsonBytes32(json, _key("models", VECTOR_MODEL, "weightCommitment"));
        sys.token.transfer(publisher, sys.params.modelRegistrationBond());
        vm.startPrank(publisher);
        sys.token.approve(address(sys.models), type(uint256).max);
        realModel = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: keccak256("vectors-model-2"),
                    uri: "ipfs://vectors-model-2",
                    kind: ModelKind.IntegerDense,
                    widths: widths,
                    weightCommitment: commitment,
                    computeUnits: 1
                })
            );
        vm.stopPrank();
    }

    function _key(string memory list, uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "].", field);
    }

    function _fundChallenger(address who) internal {
        sys.token.transfer(who, 100 * sys.params.challengerBond());
        vm.prank(who);
        sys.token.approve(address(game), type(uint256).max);
    }

    /* JOBS ON THE REAL MODEL */

    /// @dev A request for the real model at `maxPrice`, the production execution window's hour.
    function _realRequest(uint256 maxPrice, bool reauction) internal view returns (IJobMarket.JobRequest memory r) {
        r = _requestWith(maxPrice, address(0), 0, reauction);
        r.modelId = realModel;
        r.executionWindow = 1 hours;
    }

    function _postReal(uint256 maxPrice, bool reauction) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = sys.market.postJob(_realRequest(maxPrice, reauction), _honest[0]);
    }

    /// @dev Runs the current round's auction of `jobId` with one bid of `who` at `price`.
    function _win(uint256 jobId, address who, uint256 price) internal {
        _commit(jobId, who, price);
        _toReveal(jobId);
        _reveal(jobId, who, price);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
    }

    function _submitTrace(uint256 jobId, address who, bytes[] memory acts) internal {
        bytes32[] memory h = DenseModel.hashes(acts);
        vm.prank(who);
        sys.market.submitResult(jobId, acts[acts.length - 1], DenseModel.hidden(h));
    }

    /// @dev A job on the real model won by `who` at 60% of `maxPrice`, with the trace `acts` submitted.
    function _realJob(uint256 maxPrice, address who, bytes[] memory acts) internal returns (uint256 jobId) {
        jobId = _postReal(maxPrice, false);
        _win(jobId, who, maxPrice * 60 / 100);
        _submitTrace(jobId, who, acts);
    }

    /// @dev `who` challenges layer LIE_LAYER of the committed trace `acts` of `jobId`.
    function _challenge(uint256 jobId, address who, bytes[] memory acts) internal returns (uint256 id) {
        bytes32[] memory h = DenseModel.hashes(acts);
        uint256 l = LIE_LAYER;
        vm.prank(who);
        id = game.challenge(
            jobId,
            l,
            h[h.length - 1],
            DenseModel.traceRoot(h),
            h[l - 1],
            DenseModel.traceProof(h, l - 1),
            h[l],
            DenseModel.traceProof(h, l)
        );
    }

    /// @dev The provider of dispute `id` reveals its committed layer.
    function _respond(uint256 id) internal {
        IDisputeGame.Dispute memory d = game.getDispute(id);
        bytes memory a = d.disputedHash == keccak256(_lie[LIE_LAYER]) ? _lie[LIE_LAYER] : _honest[LIE_LAYER];
        vm.prank(d.provider);
        game.respond(id, a);
    }

    /// @dev The challenger of dispute `id` proves element `j` of the revealed layer.
    function _prove(uint256 id, uint256 j) internal {
        DenseLayer[] memory layers = _layers;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        bytes[] memory acts = d.disputedHash == keccak256(_lie[LIE_LAYER]) ? _lie : _honest;
        vm.prank(d.challenger);
        game.proveNeuron(id, j, acts[LIE_LAYER - 1], acts[LIE_LAYER], DenseModel.layerProof(layers, LIE_LAYER, j));
    }

    /// @dev The provider responds and the challenger proves the lie's element: the game's balance gain.
    function _convict(uint256 id) internal returns (uint256 pot) {
        _respond(id);
        uint256 before = sys.token.balanceOf(address(game));
        _prove(id, LIE_ELEMENT);
        pot = sys.token.balanceOf(address(game)) - before;
    }

    /// @dev The fraud slash of a job's collateral and its unrecoverable part (the treasury's).
    function _slashOf(uint256 collateral) internal view returns (uint256 slash, uint256 floor) {
        slash = collateral * sys.params.fraudSlashBps() / 10_000;
        floor =
            slash - slash * sys.params.challengerShareBps() / 10_000 - slash * sys.params.requesterShareBps() / 10_000;
    }
}
