// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {ModelKind} from "../../src/types/ModelKind.sol";
import {Fixture} from "../utils/Fixture.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";

/// @notice The real dispute game wired into the real market and real staking (as the deploy script
/// wires them), on a real integer model from the shared vectors (contracts/test/vectors/dense.json):
/// the sybil attack on the challenger's reward (issue 10, attack 2), end to end, under the devnet
/// parameters. Run with -vv for the figures docs/fraud-proofs.md quotes.
contract DisputeRealMarketScenariosTest is Fixture {
    string internal constant PATH = "contracts/test/vectors/dense.json";
    /// @dev Model 2 of the vectors: 22 -> 60 -> 38 -> 47, three layers.
    uint256 internal constant VECTOR_MODEL = 2;
    uint256 internal constant LIE_LAYER = 2;
    uint256 internal constant LIE_ELEMENT = 5;

    IDisputeGame internal game;
    DenseLayer[] internal _layers;
    bytes[] internal _honest; // a_0 .. a_L
    bytes[] internal _lie; // a_0 .. a_L as the liar commits them
    uint256 internal realModel;

    address internal liar; // alice, the provider
    address internal sybil = makeAddr("sybil"); // the liar's second address
    address internal stranger = makeAddr("stranger");

    function setUp() public override {
        super.setUp();
        DeploySystem.System memory s = sys;
        DeploySystem.deployDisputeGame(s);
        sys = s;
        game = IDisputeGame(address(s.disputes));
        liar = alice;
        _loadModel();
        _fundChallenger(challenger);
        _fundChallenger(sybil);
        _fundChallenger(stranger);
    }

    // ---------------------------------------------------------------- the attack

    /// @dev The liar's sybil opens a dispute next to the honest one and convicts first. The honest
    /// challenger is still paid: its bond back and half the pot. The liar loses at least the floor.
    function test_sybilConvictsFirst_honestChallengerStillGetsHalfThePot() public {
        uint256 jobId = _lyingJob(MAX_PRICE);
        Round memory r = _round(jobId);
        uint256 honest = _challenge(jobId, challenger, _lie);
        uint256 own = _challenge(jobId, sybil, _lie);
        uint256 pot = _convict(own, sybil);
        assertEq(pot, r.slash * sys.params.challengerShareBps() / 10_000, "pot is the challengers' share");
        _assertStatus(jobId, JobStatus.Rejected);

        game.closeStaleDispute(honest);
        assertEq(game.claimable(challenger), sys.params.challengerBond() + pot - pot / 2, "bond + half the pot");
        assertEq(game.claimable(sybil), sys.params.challengerBond() + pot / 2);

        uint256 liarLoss = r.slash - pot / 2; // the sybil's bond came back: only its share is recovered
        assertGe(liarLoss, r.floor, "the liar loses at least the floor");
        assertEq(sys.token.balanceOf(treasury) - r.treasuryBefore, r.floor, "the treasury holds the floor");
        _drain();
    }

    /// @dev Nobody else watches: the liar convicts itself through its sybil before anyone, taking
    /// the whole pot. It still loses the treasury floor (and the requester's share).
    function test_liarSelfConvicts_stillLosesTheFloor() public {
        uint256 jobId = _lyingJob(MAX_PRICE);
        Round memory r = _round(jobId);
        uint256 own = _challenge(jobId, sybil, _lie);
        uint256 pot = _convict(own, sybil);
        assertEq(game.claimable(sybil), sys.params.challengerBond() + pot, "the sybil takes the pot");
        uint256 liarLoss = r.slash - pot;
        assertGe(liarLoss, r.floor);
        assertEq(sys.token.balanceOf(treasury) - r.treasuryBefore, r.floor);
        _drain();
    }

    /// @dev k sybil disputes dilute the honest challenger to pot / (k + 1), and no further.
    function testFuzz_sybilDisputes_honestGetsPotOverKPlusOne(uint256 k) public {
        k = bound(k, 1, 8);
        uint256 jobId = _lyingJob(MAX_PRICE);
        Round memory r = _round(jobId);
        uint256 honest = _challenge(jobId, challenger, _lie);
        uint256[] memory own = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            address s = makeAddr(string.concat("sybil", vm.toString(i)));
            _fundChallenger(s);
            own[i] = _challenge(jobId, s, _lie);
        }
        uint256 pot = _convict(own[0], makeAddr("sybil0"));
        game.closeStaleDispute(honest); // the honest one closes before the other sybils
        uint256 reward = game.claimable(challenger) - sys.params.challengerBond();
        assertEq(reward, (pot - pot / (k + 1)) / k, "an equal share of what was left");
        assertGe(reward, pot / (k + 1));
        for (uint256 i = 1; i < k; ++i) {
            game.closeStaleDispute(own[i]);
        }
        uint256 recovered = pot - reward; // every sybil share
        assertGe(r.slash - recovered, r.floor, "the liar loses at least the floor");
        _drain();
    }

    /// @dev Anyone closes a stale dispute at once, before any deadline.
    function test_closeStaleDispute_byAStrangerAtOnce() public {
        uint256 jobId = _lyingJob(MAX_PRICE);
        uint256 honest = _challenge(jobId, challenger, _lie);
        uint256 pot = _convict(_challenge(jobId, sybil, _lie), sybil);
        vm.prank(makeAddr("passer-by"));
        game.closeStaleDispute(honest);
        assertEq(uint8(game.getDispute(honest).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(game.claimable(challenger), sys.params.challengerBond() + pot - pot / 2);
        _drain();
    }

    /// @dev Every move on a stale dispute ends it the same way (bond back and a share): the
    /// provider's response, the challenger's proof, a timeout before its deadline.
    function test_movesOnStaleDisputes_endThemWithBondAndShare() public {
        uint256 jobId = _lyingJob(MAX_PRICE);
        uint256 a = _challenge(jobId, challenger, _lie);
        uint256 b = _challenge(jobId, stranger, _lie);
        _fundChallenger(makeAddr("fourth"));
        uint256 c = _challenge(jobId, makeAddr("fourth"), _lie);
        vm.prank(liar);
        game.respond(b, _lie[LIE_LAYER]); // b awaits its proof
        uint256 pot = _convict(_challenge(jobId, sybil, _lie), sybil);
        uint256 bond = sys.params.challengerBond();

        vm.prank(liar);
        game.respond(a, _lie[LIE_LAYER]);
        assertEq(game.claimable(challenger), bond + pot / 4, "respond ended it");
        _proveAs(b, stranger, 0); // element 0 is correct: it would have lost, but the round is convicted
        assertEq(game.claimable(stranger), bond + (pot - pot / 4) / 3, "proveNeuron ended it");
        game.timeout(c);
        assertEq(uint8(game.getDispute(c).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon), "timeout ended it");
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(jobId, 0);
        assertEq(remaining + sharesLeft, 0, "the pot emptied exactly");
        _drain();
    }

    /// @dev A pot that does not divide: the last share takes the remainder, the game ends empty.
    function test_rewardPot_lastShareTakesTheRoundingRemainder() public {
        uint256 jobId = _lyingJob(MAX_PRICE);
        uint256 a = _challenge(jobId, challenger, _lie);
        uint256 b = _challenge(jobId, stranger, _lie);
        uint256 pot = _convict(_challenge(jobId, sybil, _lie), sybil);
        game.closeStaleDispute(a);
        game.closeStaleDispute(b);
        uint256 bond = sys.params.challengerBond();
        uint256 first = pot / 3;
        uint256 second = (pot - first) / 2;
        assertEq(game.claimable(sybil), bond + first);
        assertEq(game.claimable(challenger), bond + second);
        assertEq(game.claimable(stranger), bond + pot - first - second, "the remainder");
        _drain();
    }

    /// @dev A dispute the provider wins while its round is not convicted works as before: its bond
    /// pays the provider, and an honest result is finalized and paid.
    function test_providerWinsUnconvictedRound_bondToProvider() public {
        uint256 jobId = _job(MAX_PRICE, _honest);
        uint256 id = _challenge(jobId, sybil, _honest);
        vm.prank(liar);
        game.respond(id, _honest[LIE_LAYER]);
        _proveAs(id, sybil, LIE_ELEMENT);
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ProviderWon));
        assertEq(game.claimable(liar), sys.params.challengerBond());
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(jobId, 0);
        assertEq(remaining + sharesLeft, 0, "no pot");
        _assertStatus(jobId, JobStatus.Submitted);
        _drain();
    }

    // ---------------------------------------------------------------- figures for the docs

    /// @dev The numbers docs/fraud-proofs.md quotes, under the devnet parameters: the liar's loss
    /// with and without a sybil, and what an honest challenger earns (net of its returned bond) at
    /// 1, 10 and 100 tUSD maximum price, alone and next to one sybil.
    function test_economics_figures() public {
        uint256[3] memory prices = [uint256(1e6), 10e6, 100e6];
        for (uint256 i; i < 3; ++i) {
            uint256 jobId = _lyingJob(prices[i]);
            Round memory r = _round(jobId);
            uint256 alone = _convict(_challenge(jobId, challenger, _lie), challenger);

            jobId = _lyingJob(prices[i]);
            uint256 honest = _challenge(jobId, challenger, _lie);
            uint256 pot = _convict(_challenge(jobId, sybil, _lie), sybil);
            game.closeStaleDispute(honest);

            console2.log("maxPrice (tUSD wei)", prices[i]);
            console2.log("  collateral (VRT wei)", r.collateral);
            console2.log("  treasury floor", r.floor);
            console2.log("  honest challenger alone earns", alone);
            console2.log("  honest challenger next to one sybil earns", pot - pot / 2);
            console2.log("  liar loss, no sybil", r.slash);
            console2.log("  liar loss, its sybil convicting first", r.slash - pot / 2);
            console2.log("  liar loss, self-convicting alone", r.slash - pot);
            assertGe(r.slash - pot, r.floor);
        }
        _drain();
    }

    // ---------------------------------------------------------------- helpers

    struct Round {
        uint256 collateral;
        uint256 slash;
        uint256 floor;
        uint256 treasuryBefore;
    }

    function _round(uint256 jobId) internal view returns (Round memory r) {
        r.collateral = sys.market.getJob(jobId).collateral;
        r.slash = r.collateral * sys.params.fraudSlashBps() / 10_000;
        uint256 c = sys.params.challengerShareBps();
        uint256 q = sys.params.requesterShareBps();
        r.floor = r.slash - r.slash * c / 10_000 - r.slash * q / 10_000;
        r.treasuryBefore = sys.token.balanceOf(treasury);
    }

    function _loadModel() internal {
        string memory json = vm.readFile(PATH);
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
        assertEq(
            DenseModel.hashes(acts), vm.parseJsonBytes32Array(json, _key("models", VECTOR_MODEL, "activationHashes"))
        );
        for (uint256 i; i < acts.length; ++i) {
            _honest.push(acts[i]);
            _lie.push(acts[i]);
        }
        // One wrong element of a hidden layer, later layers recomputed from it: a consistent lie.
        bytes memory changed = bytes.concat(acts[LIE_LAYER]);
        changed[LIE_ELEMENT] = bytes1(uint8(changed[LIE_ELEMENT]) ^ 0x10);
        _lie[LIE_LAYER] = changed;
        for (uint256 i = LIE_LAYER + 1; i < acts.length; ++i) {
            _lie[i] = DenseModel.layerOutput(layers[i - 1], _lie[i - 1]);
        }

        bytes32 commitment = vm.parseJsonBytes32(json, _key("models", VECTOR_MODEL, "weightCommitment"));
        assertEq(DenseModel.weightCommitment(layers), commitment);
        sys.token.transfer(publisher, sys.params.modelRegistrationBond());
        vm.prank(publisher);
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
    }

    function _key(string memory list, uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "].", field);
    }

    function _fundChallenger(address who) internal {
        sys.token.transfer(who, 100 * sys.params.challengerBond());
        vm.prank(who);
        sys.token.approve(address(game), type(uint256).max);
    }

    function _lyingJob(uint256 maxPrice) internal returns (uint256) {
        return _job(maxPrice, _lie);
    }

    /// @dev A job on the real model whose provider (the liar, alice) wins at 60% of `maxPrice` and
    /// commits the trace `acts`.
    function _job(uint256 maxPrice, bytes[] memory acts) internal returns (uint256 jobId) {
        IJobMarket.JobRequest memory r = _requestWith(maxPrice, address(0), 0, false);
        r.modelId = realModel;
        vm.prank(requester);
        jobId = sys.market.postJob(r, acts[0]);
        uint256 price = maxPrice * 60 / 100;
        _commit(jobId, liar, price);
        _toReveal(jobId);
        _reveal(jobId, liar, price);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        bytes32[] memory h = DenseModel.hashes(acts);
        vm.prank(liar);
        sys.market.submitResult(jobId, acts[acts.length - 1], DenseModel.hidden(h));
    }

    /// @dev `who` challenges the first wrong layer of the committed trace `acts`.
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

    /// @dev The liar answers dispute `id` and its challenger `who` proves the wrong element:
    /// returns the pot the game received.
    function _convict(uint256 id, address who) internal returns (uint256 pot) {
        vm.prank(liar);
        game.respond(id, _lie[LIE_LAYER]);
        uint256 before = sys.token.balanceOf(address(game));
        _proveAs(id, who, LIE_ELEMENT);
        pot = sys.token.balanceOf(address(game)) - before;
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    function _proveAs(uint256 id, address who, uint256 j) internal {
        DenseLayer[] memory layers = _layers;
        IDisputeGame.Dispute memory d = game.getDispute(id);
        bytes[] memory acts = d.disputedHash == keccak256(_lie[LIE_LAYER]) ? _lie : _honest;
        vm.prank(who);
        game.proveNeuron(id, j, acts[LIE_LAYER - 1], acts[LIE_LAYER], DenseModel.layerProof(layers, LIE_LAYER, j));
    }

    /// @dev Solvency: once every dispute has ended and everyone has claimed, the game holds nothing.
    function _drain() internal {
        address[6] memory who = [challenger, sybil, stranger, liar, makeAddr("fourth"), makeAddr("sybil0")];
        for (uint256 i; i < who.length; ++i) {
            if (game.claimable(who[i]) != 0) {
                vm.prank(who[i]);
                game.claim();
            }
        }
        for (uint256 i = 1; i < 9; ++i) {
            address s = makeAddr(string.concat("sybil", vm.toString(i)));
            if (game.claimable(s) != 0) {
                vm.prank(s);
                game.claim();
            }
        }
        assertEq(sys.token.balanceOf(address(game)), 0, "the game holds nothing once all is claimed");
    }
}
