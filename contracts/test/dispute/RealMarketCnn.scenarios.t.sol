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
import {DenseModel} from "./utils/DenseModel.sol";
import {
    KIND_ADD,
    KIND_AVGPOOL,
    KIND_CONV,
    KIND_DENSE,
    KIND_MAXPOOL,
    SpatialLayer,
    SpatialModel
} from "./utils/SpatialModel.sol";

/// @notice The real dispute game in the real market with real staking (as the deploy script wires
/// them) on a small CNN with every kind: input 1x8x8 -> 1 conv 3x3 1->4 pad 1 + relu (4x8x8) ->
/// 2 max pool 2 (4x4x4) -> 3 conv 3x3 4->4 pad 1 (4x4x4) -> 4 add a_3 + a_2 -> 5 average pool 2
/// (4x2x2) -> 6 dense 16 -> 10, registered as an integer model with its activation widths. A
/// provider who corrupts one element of the first conv layer is convicted and slashed; an honest
/// provider challenged at a conv layer wins and is paid.
contract DisputeRealMarketCnnScenariosTest is Fixture {
    IDisputeGame internal game;
    uint256 internal cnn;
    SpatialLayer[] internal _layers;

    function setUp() public override {
        super.setUp();
        DeploySystem.System memory s = sys;
        DeploySystem.deployDisputeGame(s);
        sys = s;
        game = IDisputeGame(address(s.disputes));
        sys.token.transfer(challenger, 100 * sys.params.challengerBond());
        vm.prank(challenger);
        sys.token.approve(address(game), type(uint256).max);
        _registerCnn();
    }

    function _model() internal pure returns (SpatialLayer[] memory layers) {
        layers = new SpatialLayer[](6);
        layers[0] = _conv(1, 8, 8, true);
        (layers[1].kind, layers[1].C, layers[1].H, layers[1].W) = (KIND_MAXPOOL, 4, 8, 8);
        (layers[1].kh, layers[1].kw, layers[1].stride) = (2, 2, 2);
        layers[2] = _conv(4, 4, 4, false);
        (layers[3].kind, layers[3].C, layers[3].H, layers[3].W, layers[3].skip) = (KIND_ADD, 4, 4, 4, 2);
        (layers[3].Ma, layers[3].Mb, layers[3].s, layers[3].relu) = (3000, 5000, 13, true);
        (layers[4].kind, layers[4].C, layers[4].H, layers[4].W) = (KIND_AVGPOOL, 4, 4, 4);
        (layers[4].kh, layers[4].kw, layers[4].stride) = (2, 2, 2);
        (layers[5].kind, layers[5].C, layers[5].H, layers[5].W, layers[5].Cout) = (KIND_DENSE, 16, 1, 1, 10);
        (layers[5].M, layers[5].s) = (900, 14);
        layers[5].weights = DenseModel.randomBytes(keccak256("dense"), 160);
        layers[5].bias = new int32[](10);
    }

    function _conv(uint16 Cin, uint16 H, uint16 W, bool relu) internal pure returns (SpatialLayer memory L) {
        (L.kind, L.C, L.H, L.W, L.Cout) = (KIND_CONV, Cin, H, W, 4);
        (L.kh, L.kw, L.stride, L.pad) = (3, 3, 1, 1);
        (L.M, L.s, L.relu) = (1200, 16, relu);
        L.weights = DenseModel.randomBytes(keccak256(abi.encode("conv", Cin)), 4 * uint256(Cin) * 9);
        L.bias = new int32[](4);
        for (uint256 j; j < 4; ++j) {
            L.bias[j] = int32(int256(j * 1500)) - 2000;
        }
    }

    function _registerCnn() internal {
        SpatialLayer[] memory layers = _model();
        uint32[] memory widths = new uint32[](7);
        widths[0] = 64;
        for (uint256 l; l < 6; ++l) {
            _layers.push(layers[l]);
            widths[l + 1] = uint32(SpatialModel.outputSize(layers[l]));
        }
        sys.token.transfer(publisher, sys.params.modelRegistrationBond());
        vm.prank(publisher);
        cnn = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: keccak256("test-cnn"),
                    uri: "ipfs://test-cnn",
                    kind: ModelKind.IntegerDense,
                    widths: widths,
                    weightCommitment: SpatialModel.weightCommitment(layers),
                    computeUnits: 1
                })
            );
    }

    /// @dev A job on the CNN won by alice, whose result is the trace `acts`.
    function _job(bytes[] memory acts) internal returns (uint256 jobId) {
        IJobMarket.JobRequest memory r = _requestWith(MAX_PRICE, address(0), 0, false);
        r.modelId = cnn;
        vm.prank(requester);
        jobId = sys.market.postJob(r, acts[0]);
        uint256 price = MAX_PRICE * 60 / 100;
        _commit(jobId, alice, price);
        _toReveal(jobId);
        _reveal(jobId, alice, price);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(alice);
        sys.market.submitResult(jobId, acts[acts.length - 1], DenseModel.hidden(DenseModel.hashes(acts)));
    }

    function _challengeAt(uint256 jobId, bytes[] memory acts, uint256 l) internal returns (uint256 id) {
        bytes32[] memory h = DenseModel.hashes(acts);
        vm.prank(challenger);
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

    function test_liarCorruptingOneConvElement_isConvicted() public {
        SpatialLayer[] memory layers = _layers;
        bytes[] memory honest = SpatialModel.forward(layers, DenseModel.randomBytes(keccak256("digit"), 64));
        bytes[] memory lie = SpatialModel.forward(layers, honest[0]);
        // Element 9 of the first conv's output (channel 0, row 1, column 1), later layers recomputed.
        lie[1] = bytes.concat(honest[1]);
        lie[1][9] = bytes1(uint8(lie[1][9]) ^ 0x04);
        SpatialModel.forwardFrom(layers, lie, 2);
        uint256 jobId = _job(lie);
        uint256 bondedBefore = sys.staking.stakeOf(alice).bonded;

        uint256 id = _challengeAt(jobId, lie, 1);
        vm.prank(alice);
        game.respond(id, lie[1]);
        vm.expectEmit(address(game));
        emit IDisputeGame.ElementProven(id, jobId, 1, 9, int8(uint8(honest[1][9])), int8(uint8(lie[1][9])));
        vm.prank(challenger);
        game.proveConv(id, 9, honest[0], lie[1], SpatialModel.convProof(layers, 1, 9));

        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        _assertStatus(jobId, JobStatus.Rejected);
        assertLt(sys.staking.stakeOf(alice).bonded, bondedBefore, "the liar is slashed");
        assertGt(game.claimable(challenger), sys.params.challengerBond(), "bond back and a reward");
    }

    function test_honestProviderChallengedAtAConvLayer_winsAndIsPaid() public {
        SpatialLayer[] memory layers = _layers;
        bytes[] memory acts = SpatialModel.forward(layers, DenseModel.randomBytes(keccak256("digit"), 64));
        uint256 jobId = _job(acts);
        uint256 id = _challengeAt(jobId, acts, 3);
        vm.prank(alice);
        game.respond(id, acts[3]);
        vm.prank(challenger);
        game.proveConv(id, 33, acts[2], acts[3], SpatialModel.convProof(layers, 3, 33));
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ProviderWon));
        assertEq(game.claimable(alice), sys.params.challengerBond(), "the challenger's bond");
        _assertStatus(jobId, JobStatus.Submitted);

        uint256 before = usd.balanceOf(alice);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.finalize(jobId, keccak256(acts[6]), DenseModel.traceRoot(DenseModel.hashes(acts)), acts[6]);
        _assertStatus(jobId, JobStatus.Finalized);
        assertGt(usd.balanceOf(alice) + sys.market.claimable(alice), before, "the provider is paid");
    }

    /// @dev The add layer's skip activation is proven against the trace re-derived from the job at
    /// the last move. Prints what that costs against storing the trace root and input hash at
    /// `challenge` (two fresh slots, 2 x 22,100 gas, on every dispute): docs/fraud-proofs.md.
    function test_liarAtTheAddLayer_isConvicted_andTheSkipReadCost() public {
        SpatialLayer[] memory layers = _layers;
        bytes[] memory honest = SpatialModel.forward(layers, DenseModel.randomBytes(keccak256("digit 2"), 64));
        bytes[] memory lie = SpatialModel.forward(layers, honest[0]);
        lie[4] = bytes.concat(honest[4]);
        lie[4][63] = bytes1(uint8(lie[4][63]) ^ 0x80);
        SpatialModel.forwardFrom(layers, lie, 5);
        uint256 jobId = _job(lie);
        uint256 id = _challengeAt(jobId, lie, 4);
        vm.prank(alice);
        game.respond(id, lie[4]);
        vm.prank(challenger);
        game.proveAdd(id, 63, honest[3], lie[4], SpatialModel.addProof(layers, 4, lie));
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        _assertStatus(jobId, JobStatus.Rejected);

        // A view call is not isolated: this is the call's execution, its slots cold as they are in
        // proveAdd (the game's first read of the job in that transaction).
        sys.market.getJob(jobId);
        console2.log("market.getJob, execution with cold slots:", vm.lastCallGas().gasTotalUsed);
    }

    // ---------------------------------------------------------------- the sample CNN's shape, gas

    /// @dev The whole dispute through the real market on the sample CNN's shape (input 1x28x28,
    /// conv 3x3 1->8 pad 1, max pool 2, conv 3x3 8->16 pad 1, max pool 2, dense 784 -> 10), the
    /// provider convicted at the first conv (the costliest layer to dispute: docs/fraud-proofs.md),
    /// with the slash, the reward pot and the refund. Random activations, element j of a_1 wrong.
    function test_sampleCnnShape_convictionAtTheFirstConv_gas() public {
        SpatialLayer[] memory layers = new SpatialLayer[](5);
        layers[0] = _conv(1, 28, 28, true);
        layers[0].Cout = 8;
        layers[0].weights = DenseModel.randomBytes(keccak256("sample conv 1"), 72);
        layers[0].bias = new int32[](8);
        (layers[1].kind, layers[1].C, layers[1].H, layers[1].W) = (KIND_MAXPOOL, 8, 28, 28);
        (layers[1].kh, layers[1].kw, layers[1].stride) = (2, 2, 2);
        layers[2] = _conv(8, 14, 14, true);
        layers[2].Cout = 16;
        layers[2].weights = DenseModel.randomBytes(keccak256("sample conv 2"), 16 * 72);
        layers[2].bias = new int32[](16);
        (layers[3].kind, layers[3].C, layers[3].H, layers[3].W) = (KIND_MAXPOOL, 16, 14, 14);
        (layers[3].kh, layers[3].kw, layers[3].stride) = (2, 2, 2);
        (layers[4].kind, layers[4].C, layers[4].H, layers[4].W, layers[4].Cout) = (KIND_DENSE, 784, 1, 1, 10);
        (layers[4].M, layers[4].s) = (900, 20);
        layers[4].weights = DenseModel.randomBytes(keccak256("sample dense"), 7840);
        layers[4].bias = new int32[](10);
        delete _layers;
        for (uint256 l; l < 5; ++l) {
            _layers.push(layers[l]);
        }
        uint32[] memory widths = new uint32[](6);
        widths[0] = 784;
        bytes[] memory acts = new bytes[](6);
        acts[0] = DenseModel.randomBytes(keccak256("sample input"), 784);
        for (uint256 l; l < 5; ++l) {
            widths[l + 1] = uint32(SpatialModel.outputSize(layers[l]));
            acts[l + 1] = DenseModel.randomBytes(keccak256(abi.encode("sample act", l)), widths[l + 1]);
        }
        uint256 j = 3139;
        int8 right = SpatialModel.elementOf(layers[0], acts[0], "", j);
        acts[1][j] = bytes1(uint8(right) ^ 0x01);
        sys.token.transfer(publisher, sys.params.modelRegistrationBond());
        vm.prank(publisher);
        cnn = sys.models
            .registerModel(
                IModelRegistry.ModelSpec({
                    artifactHash: keccak256("sample-cnn-shape"),
                    uri: "ipfs://sample-cnn-shape",
                    kind: ModelKind.IntegerDense,
                    widths: widths,
                    weightCommitment: SpatialModel.weightCommitment(layers),
                    computeUnits: 1
                })
            );
        uint256 jobId = _job(acts);

        uint256 id = _challengeAt(jobId, acts, 1);
        uint256 challengeGas = vm.lastCallGas().gasTotalUsed;
        vm.prank(alice);
        game.respond(id, acts[1]);
        uint256 respondGas = vm.lastCallGas().gasTotalUsed;
        vm.prank(challenger);
        game.proveConv(id, j, acts[0], acts[1], SpatialModel.convProof(layers, 1, j));
        uint256 proveGas = vm.lastCallGas().gasTotalUsed;
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        _assertStatus(jobId, JobStatus.Rejected);
        console2.log("challenge", challengeGas);
        console2.log("respond", respondGas);
        console2.log("proveConv (conviction: slash, pot, refund)", proveGas);
        console2.log("whole dispute, both parties", challengeGas + respondGas + proveGas);
        // Issue 16: the sample CNN's whole dispute, both parties, at most 1M gas.
        assertLe(challengeGas + respondGas + proveGas, 1_000_000, "the sample CNN's worst whole dispute");
    }
}
