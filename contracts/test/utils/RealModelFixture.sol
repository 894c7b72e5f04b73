// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DeploySystem} from "../../script/DeploySystem.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {Fixture} from "./Fixture.sol";
import {DenseLayer, DenseModel} from "../dispute/utils/DenseModel.sol";

/// @notice The real dispute game wired into the system the deploy script built, and a real integer
/// model from the shared vectors (contracts/test/vectors/dense.json, model 2: 22 -> 60 -> 38 -> 47)
/// registered on it, with its honest trace and a consistent lie (one element of hidden layer
/// LIE_LAYER changed, later layers recomputed from it). Shared by the scenarios that run disputes
/// end to end (dispute/RealMarket.scenarios.t.sol) and the economics suites (EconomicsFixture).
abstract contract RealModelFixture is Fixture {
    string internal constant VECTORS = "contracts/test/vectors/dense.json";
    uint256 internal constant VECTOR_MODEL = 2;
    uint256 internal constant LIE_LAYER = 2;
    uint256 internal constant LIE_ELEMENT = 5;

    IDisputeGame internal game;
    DenseLayer[] internal _layers;
    bytes[] internal _honest; // a_0 .. a_L
    bytes[] internal _lie; // a_0 .. a_L as a liar commits them
    uint256 internal realModel;

    /// @dev Deploys the real dispute game into `sys` and wires it to the market and staking.
    function _wireRealGame() internal {
        DeploySystem.System memory s = sys;
        DeploySystem.deployDisputeGame(s);
        sys = s;
        game = IDisputeGame(address(s.disputes));
    }

    /// @dev Reads the vectors' model, computes its honest trace and the lie, and registers it. The
    /// trace and the weight commitment are checked against the vectors: a mismatch means the
    /// Solidity reference and the shared vectors disagree, and every dispute figure would be wrong.
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
        bytes32[] memory expected = vm.parseJsonBytes32Array(json, _key("models", VECTOR_MODEL, "activationHashes"));
        require(
            keccak256(abi.encode(DenseModel.hashes(acts))) == keccak256(abi.encode(expected)),
            "RealModelFixture: the Solidity forward pass disagrees with the vectors' activation hashes"
        );
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
        require(
            DenseModel.weightCommitment(layers) == commitment,
            "RealModelFixture: the weights do not match the vectors' weight commitment"
        );
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

    /// @dev Gives `who` a hundred challenger bonds and lets the game pull them.
    function _fundChallenger(address who) internal {
        sys.token.transfer(who, 100 * sys.params.challengerBond());
        vm.prank(who);
        sys.token.approve(address(game), type(uint256).max);
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

    /// @dev `who` proves element `j` of the layer dispute `id` disputes, from the trace it revealed.
    function _proveAs(uint256 id, address who, uint256 j) internal {
        DenseLayer[] memory layers = _layers;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        bytes[] memory acts = d.disputedHash == keccak256(_lie[LIE_LAYER]) ? _lie : _honest;
        vm.prank(who);
        game.proveNeuron(id, j, acts[LIE_LAYER - 1], acts[LIE_LAYER], DenseModel.layerProof(layers, LIE_LAYER, j));
    }
}
