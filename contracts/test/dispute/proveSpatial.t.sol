// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DenseModel} from "./utils/DenseModel.sol";
import {SpatialGameTestBase} from "./utils/SpatialGameTestBase.sol";
import {
    KIND_ADD,
    KIND_AVGPOOL,
    KIND_CONV,
    KIND_DENSE,
    KIND_MAXPOOL,
    SpatialLayer,
    SpatialModel
} from "./utils/SpatialModel.sol";

/// @notice proveConv, provePool and proveAdd: each outcome and each error, on a fixed model with
/// every kind: input (2,5,5) -> 1 conv 3x3 pad 1 to 3 channels (3,5,5) -> 2 max pool 2x2 stride 1
/// (3,4,4) -> 3 conv 3x3 pad 1 (3,4,4) -> 4 add a_3 + a_2 (3,4,4) -> 5 average pool 2x2 stride 2
/// (3,2,2) -> 6 dense 12 -> 4.
contract DisputeProveSpatialTest is SpatialGameTestBase {
    uint256 internal constant CONV = 1;
    uint256 internal constant MAXPOOL = 2;
    uint256 internal constant ADD = 4;
    uint256 internal constant AVGPOOL = 5;

    function _model() internal pure returns (SpatialLayer[] memory layers, bytes memory input) {
        uint256[3][] memory shapes = new uint256[3][](7);
        layers = new SpatialLayer[](6);
        input = DenseModel.randomBytes(keccak256("input"), 50);
        shapes[0] = [uint256(2), 5, 5];
        uint8[6] memory kinds = [KIND_CONV, KIND_MAXPOOL, KIND_CONV, KIND_ADD, KIND_AVGPOOL, KIND_DENSE];
        for (uint256 l; l < 6; ++l) {
            SpatialLayer memory L = SpatialModel.randomLayer(uint256(keccak256(abi.encode("fixed", l))), shapes, l);
            L.kind = kinds[l];
            if (L.kind == KIND_CONV) {
                L.Cout = 3;
                L.kh = 3;
                L.kw = 3;
                L.pad = 1;
                L.stride = 1;
                _weights(L, 3 * L.C * 9);
            }
            if (L.kind == KIND_MAXPOOL || L.kind == KIND_AVGPOOL) {
                L.kh = 2;
                L.kw = 2;
                L.stride = L.kind == KIND_MAXPOOL ? 1 : 2;
            }
            if (L.kind == KIND_ADD) {
                L.skip = 2;
                L.Ma = 3000;
                L.Mb = 5000;
                L.s = 13;
            }
            if (L.kind == KIND_DENSE) {
                L.Cout = 4;
                _weights(L, 4 * 12);
            }
            if (L.M == 0) L.M = 1000;
            if (L.s == 0 && L.kind != KIND_MAXPOOL && L.kind != KIND_AVGPOOL) L.s = 16;
            layers[l] = L;
            (uint256 c, uint256 h, uint256 w) = SpatialModel.outShape(L);
            shapes[l + 1] = [c, h, w];
        }
    }

    function _weights(SpatialLayer memory L, uint256 n) internal pure {
        L.weights = DenseModel.randomBytes(keccak256(abi.encode("w", L.C, L.kind)), n);
        L.bias = new int32[](L.Cout);
        for (uint256 j; j < L.Cout; ++j) {
            L.bias[j] = int32(int256(j * 977)) - 1500;
        }
        L.M = 2000;
        L.s = 16;
    }

    /// @dev The fixed job, the provider's element `e` of a_m changed by `delta` (0: no lie),
    /// challenged at `l` and answered.
    function _disputed(uint256 l, uint256 m, uint256 e, uint8 delta) internal returns (Job memory job, uint256 id) {
        (SpatialLayer[] memory layers, bytes memory input) = _model();
        job = _job(layers, input);
        if (delta != 0) _lie(job, m, e, delta, true);
        _submitJob(job);
        id = _challengeJob(job, challenger, l);
        _respondJob(job, id, l);
    }

    function _honestJob() internal returns (Job memory job) {
        (SpatialLayer[] memory layers, bytes memory input) = _model();
        job = _job(layers, input);
        _submitJob(job);
    }

    function _prove(Job memory job, uint256 id, uint256 l, uint256 j) internal returns (bool) {
        return _send(challenger, _proveCall(job, id, l, j, job.committed[l - 1], job.committed[l]));
    }

    function _expectRevertProve(bytes memory data, bytes memory err) internal {
        vm.prank(challenger);
        vm.expectRevert(err);
        (bool ok,) = address(game).call(data);
        ok; // expectRevert checks the revert
    }

    // ---------------------------------------------------------------- outcomes, every kind

    function test_model_hasEveryKind() public pure {
        (SpatialLayer[] memory layers, bytes memory input) = _model();
        bytes[] memory acts = SpatialModel.forward(layers, input);
        uint256[7] memory sizes = [uint256(50), 75, 48, 48, 48, 12, 4];
        for (uint256 i; i < acts.length; ++i) {
            assertEq(acts[i].length, sizes[i]);
        }
    }

    function test_proveConv_providerWinsWhenTheElementIsRight() public {
        (Job memory job, uint256 id) = _disputed(CONV, 0, 0, 0);
        int8 y = int8(uint8(job.committed[CONV][37]));
        vm.expectEmit(address(game));
        emit IDisputeGame.ElementProven(id, job.jobId, 1, 37, y, y);
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResolved(id, job.jobId, true, provider);
        vm.prank(challenger);
        game.proveConv(id, 37, job.committed[0], job.committed[1], SpatialModel.convProof(job.layers, CONV, 37));
        vm.snapshotGasLastCall("dispute", "proveConv_providerWins");
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ProviderWon));
    }

    function test_proveConv_challengerWinsWhenTheElementIsWrong() public {
        // Element 24 of channel 0 is the bottom-right corner: its window hangs over two borders.
        (Job memory job, uint256 id) = _disputed(CONV, CONV, 24, 3);
        int8 honest = int8(uint8(job.honest[CONV][24]));
        int8 claimed = int8(uint8(job.committed[CONV][24]));
        vm.expectEmit(address(game));
        emit IDisputeGame.ElementProven(id, job.jobId, 1, 24, honest, claimed);
        assertTrue(_prove(job, id, CONV, 24));
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(uint8(market.getJob(job.jobId).status), uint8(JobStatus.Rejected));
    }

    function test_provePool_max_bothOutcomes() public {
        (Job memory job, uint256 id) = _disputed(MAXPOOL, 0, 0, 0);
        int8 y = int8(uint8(job.committed[MAXPOOL][47]));
        vm.expectEmit(address(game));
        emit IDisputeGame.ElementProven(id, job.jobId, 2, 47, y, y);
        vm.prank(challenger);
        game.provePool(id, 47, job.committed[1], job.committed[2], SpatialModel.poolProof(job.layers, MAXPOOL));
        vm.snapshotGasLastCall("dispute", "provePool_max_providerWins");
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ProviderWon));

        (job, id) = _disputed(MAXPOOL, MAXPOOL, 5, 0x80);
        assertTrue(_prove(job, id, MAXPOOL, 5));
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    function test_provePool_average_bothOutcomes() public {
        (Job memory job, uint256 id) = _disputed(AVGPOOL, 0, 0, 0);
        int8 y = int8(uint8(job.committed[AVGPOOL][11]));
        vm.expectEmit(address(game));
        emit IDisputeGame.ElementProven(id, job.jobId, 3, 11, y, y);
        assertTrue(_prove(job, id, AVGPOOL, 11));
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ProviderWon));

        (job, id) = _disputed(AVGPOOL, AVGPOOL, 0, 1);
        assertTrue(_prove(job, id, AVGPOOL, 0));
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    function test_proveAdd_bothOutcomes() public {
        (Job memory job, uint256 id) = _disputed(ADD, 0, 0, 0);
        int8 y = int8(uint8(job.committed[ADD][20]));
        vm.expectEmit(address(game));
        emit IDisputeGame.ElementProven(id, job.jobId, 4, 20, y, y);
        vm.prank(challenger);
        game.proveAdd(id, 20, job.committed[3], job.committed[4], SpatialModel.addProof(job.layers, ADD, job.committed));
        vm.snapshotGasLastCall("dispute", "proveAdd_providerWins");
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ProviderWon));

        (job, id) = _disputed(ADD, ADD, 47, 0x7f);
        assertTrue(_prove(job, id, ADD, 47));
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    /// @dev The skip input may be the job's input itself (skip = 0): proven against the input hash.
    function test_proveAdd_skipOverTheInput() public {
        (SpatialLayer[] memory layers, bytes memory input) = _model();
        // Layer 2 becomes an add of a_1 = conv(3,5,5) and ... the input is (2,5,5): reshape the
        // input to 3 channels so that a_0 and a_1 have one shape.
        input = DenseModel.randomBytes(keccak256("input3"), 75);
        layers[0].C = 3;
        layers[0].weights = DenseModel.randomBytes(keccak256("w3"), 3 * 27);
        SpatialLayer[] memory two = new SpatialLayer[](2);
        two[0] = layers[0];
        two[1] = layers[3];
        (two[1].C, two[1].H, two[1].W, two[1].skip) = (3, 5, 5, 0);
        Job memory job = _job(two, input);
        _lie(job, 2, 60, 9, false);
        _submitJob(job);
        uint256 id = _challengeJob(job, challenger, 2);
        _respondJob(job, id, 2);
        IDisputeGame.AddProof memory p = SpatialModel.addProof(job.layers, 2, job.committed);
        assertEq(p.skipProof.length, 0);
        vm.prank(challenger);
        game.proveAdd(id, 60, job.committed[1], job.committed[2], p);
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    function test_proveConv_wrongLengthLosesAtOnce() public {
        (SpatialLayer[] memory layers, bytes memory input) = _model();
        Job memory job = _job(layers, input);
        job.committed[CONV] = bytes.concat(job.committed[CONV], hex"00");
        _submitJob(job);
        uint256 id = _challengeJob(job, challenger, CONV);
        _respondJob(job, id, CONV);
        vm.expectEmit(address(game));
        emit IDisputeGame.WrongLengthProven(id, job.jobId, 75, 76);
        // Any element index: none is recomputed.
        vm.prank(challenger);
        game.proveConv(id, 999, job.committed[0], job.committed[1], SpatialModel.convProof(job.layers, CONV, 0));
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    /// @dev A dispute whose round another dispute convicted ends as stale on the spatial moves too.
    function test_proveConv_onAStaleDisputeEndsIt() public {
        (Job memory job, uint256 first) = _disputed(CONV, CONV, 3, 1);
        uint256 second = _challengeJob(job, stranger, CONV);
        assertTrue(_prove(job, first, CONV, 3));
        vm.prank(stranger);
        game.proveConv(second, 3, job.committed[0], job.committed[1], SpatialModel.convProof(job.layers, CONV, 3));
        assertEq(uint8(_phase(second)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
    }

    // ---------------------------------------------------------------- errors shared by the moves

    function test_proveSpatial_RevertWhen_wrongPhaseCallerOrTime() public {
        Job memory job = _honestJob();
        uint256 id = _challengeJob(job, challenger, CONV);
        bytes memory data = _proveCall(job, id, CONV, 0, job.committed[0], job.committed[1]);
        _expectRevertProve(
            data,
            abi.encodeWithSelector(
                IDisputeGame.DisputeWrongPhase.selector, id, IDisputeGame.DisputePhase.AwaitingResponse
            )
        );
        _respondJob(job, id, CONV);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNotChallenger.selector, id, stranger));
        (bool ok,) = address(game).call(data);
        ok;
        uint256 deadline = game.getDispute(id).deadline;
        vm.warp(deadline + 1);
        _expectRevertProve(data, abi.encodeWithSelector(IDisputeGame.DisputeMoveTooLate.selector, id, deadline));
    }

    function test_proveSpatial_RevertWhen_vectorsDoNotHashToTheDispute() public {
        (Job memory job, uint256 id) = _disputed(MAXPOOL, 0, 0, 0);
        bytes memory prev = bytes.concat(job.committed[1]);
        prev[0] ^= 0x01;
        _expectRevertProve(
            _proveCall(job, id, MAXPOOL, 0, prev, job.committed[2]),
            abi.encodeWithSelector(IDisputeGame.DisputeActivationMismatch.selector, id, job.hashes[1], keccak256(prev))
        );
    }

    function test_proveSpatial_RevertWhen_elementOutOfRange() public {
        (Job memory job, uint256 id) = _disputed(AVGPOOL, 0, 0, 0);
        _expectRevertProve(
            _proveCall(job, id, AVGPOOL, 12, job.committed[4], job.committed[5]),
            abi.encodeWithSelector(IDisputeGame.DisputeElementOutOfRange.selector, 12, 12)
        );
    }

    /// @dev The agreed input does not have the layer's size: the first wrong layer is an earlier one.
    function test_proveSpatial_RevertWhen_inputLengthDiffers() public {
        (SpatialLayer[] memory layers, bytes memory input) = _model();
        Job memory job = _job(layers, input);
        // a_1 one element short, a_2 whatever the provider likes: the challenger names layer 2.
        job.committed[1] = DenseModel.randomBytes(keccak256("short"), 74);
        _submitJob(job);
        uint256 id = _challengeJob(job, challenger, MAXPOOL);
        _respondJob(job, id, MAXPOOL);
        _expectRevertProve(
            _proveCall(job, id, MAXPOOL, 0, job.committed[1], job.committed[2]),
            abi.encodeWithSelector(IDisputeGame.DisputeInputLengthMismatch.selector, id, 75, 74)
        );
    }

    // ---------------------------------------------------------------- conv errors

    function test_proveConv_RevertWhen_layerOutOfSpec() public {
        (Job memory job, uint256 id) = _disputed(CONV, 0, 0, 0);
        bytes memory prev = job.committed[0];
        bytes memory y = job.committed[1];
        IDisputeGame.ConvProof memory p;
        for (uint256 t; t < 7; ++t) {
            p = SpatialModel.convProof(job.layers, CONV, 0);
            if (t == 0) p.pad = 3; // pad >= kh
            if (t == 1) p.stride = 0;
            if (t == 2) p.stride = 9;
            if (t == 3) p.Cin = 114; // 114 * 9 > 1024
            if (t == 4) p.kh = 16;
            if (t == 5) p.Cout = 0;
            if (t == 6) (p.Cin, p.H, p.W) = (1, 257, 256); // input of 65,792 elements
            _expectRevertProve(
                abi.encodeCall(IDisputeGame.proveConv, (id, 0, prev, y, p)),
                abi.encodeWithSelector(
                    IDisputeGame.DisputeConvOutOfSpec.selector, p.Cin, p.H, p.W, p.Cout, p.kh, p.kw, p.stride, p.pad
                )
            );
        }
    }

    function test_proveConv_RevertWhen_layerFieldChanged() public {
        (Job memory job, uint256 id) = _disputed(CONV, 0, 0, 0);
        IDisputeGame.ConvProof memory p = SpatialModel.convProof(job.layers, CONV, 0);
        p.relu = !p.relu;
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveConv, (id, 0, job.committed[0], job.committed[1], p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBadLayerProof.selector, id, CONV)
        );
    }

    function test_proveConv_RevertWhen_filterWrong() public {
        (Job memory job, uint256 id) = _disputed(CONV, 0, 0, 0);
        bytes memory prev = job.committed[0];
        bytes memory y = job.committed[1];
        // Element 30 is in channel 1 (25 outputs a channel): channel 0's filter is the wrong one.
        IDisputeGame.ConvProof memory p = SpatialModel.convProof(job.layers, CONV, 0);
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveConv, (id, 30, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBadFilterProof.selector, id, 1)
        );
        p = SpatialModel.convProof(job.layers, CONV, 30);
        p.filter[17] ^= 0x40;
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveConv, (id, 30, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBadFilterProof.selector, id, 1)
        );
        p = SpatialModel.convProof(job.layers, CONV, 30);
        p.filter = bytes.concat(p.filter, hex"00");
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveConv, (id, 30, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeFilterLengthMismatch.selector, 18, 19)
        );
        p = SpatialModel.convProof(job.layers, CONV, 30);
        p.bias = int32(2 ** 30 + 1);
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveConv, (id, 30, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBiasOutOfSpec.selector, int256(2 ** 30 + 1))
        );
    }

    // ---------------------------------------------------------------- pool errors

    function test_provePool_RevertWhen_layerOutOfSpecOrOfAnotherKind() public {
        (Job memory job, uint256 id) = _disputed(MAXPOOL, 0, 0, 0);
        bytes memory prev = job.committed[1];
        bytes memory y = job.committed[2];
        IDisputeGame.PoolProof memory p = SpatialModel.poolProof(job.layers, MAXPOOL);
        p.kh = 6; // > H
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.provePool, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputePoolOutOfSpec.selector, 3, 5, 5, 6, 2, 1)
        );
        p = SpatialModel.poolProof(job.layers, MAXPOOL);
        p.stride = 0;
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.provePool, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputePoolOutOfSpec.selector, 3, 5, 5, 2, 2, 0)
        );
        // The same fields as an average pool: another leaf.
        p = SpatialModel.poolProof(job.layers, MAXPOOL);
        p.average = true;
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.provePool, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBadLayerProof.selector, id, MAXPOOL)
        );
    }

    // ---------------------------------------------------------------- add errors

    function test_proveAdd_RevertWhen_layerOutOfSpec() public {
        (Job memory job, uint256 id) = _disputed(ADD, 0, 0, 0);
        bytes memory prev = job.committed[3];
        bytes memory y = job.committed[4];
        IDisputeGame.AddProof memory p = SpatialModel.addProof(job.layers, ADD, job.committed);
        p.skip = 3; // a_3 is the first input: skip <= l - 2 = 2
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveAdd, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeAddOutOfSpec.selector, ADD, 3, p.Ma, p.Mb, p.s)
        );
        p = SpatialModel.addProof(job.layers, ADD, job.committed);
        p.Mb = 0;
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveAdd, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeAddOutOfSpec.selector, ADD, 2, p.Ma, 0, p.s)
        );
    }

    function test_proveAdd_RevertWhen_skipActivationWrong() public {
        (Job memory job, uint256 id) = _disputed(ADD, 0, 0, 0);
        bytes memory prev = job.committed[3];
        bytes memory y = job.committed[4];
        // Another activation of the trace than a_skip.
        IDisputeGame.AddProof memory p = SpatialModel.addProof(job.layers, ADD, job.committed);
        p.skipActivation = job.committed[3];
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveAdd, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBadSkipProof.selector, id, 2)
        );
        // The right activation with the proof of another leaf.
        p = SpatialModel.addProof(job.layers, ADD, job.committed);
        p.skipProof = DenseModel.traceProof(job.hashes, 3);
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveAdd, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeBadSkipProof.selector, id, 2)
        );
        // A trace root that is not the result's.
        p = SpatialModel.addProof(job.layers, ADD, job.committed);
        p.traceRoot = keccak256("another trace");
        bytes32 computed = keccak256(abi.encodePacked(p.outputHash, p.traceRoot));
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveAdd, (id, 0, prev, y, p)),
            abi.encodeWithSelector(
                IDisputeGame.DisputeResultMismatch.selector,
                job.jobId,
                keccak256(abi.encodePacked(job.hashes[6], job.traceRoot)),
                computed
            )
        );
        // A skip activation of another length than the layer's.
        p = SpatialModel.addProof(job.layers, ADD, job.committed);
        p.skipActivation = bytes.concat(p.skipActivation, hex"01");
        _expectRevertProve(
            abi.encodeCall(IDisputeGame.proveAdd, (id, 0, prev, y, p)),
            abi.encodeWithSelector(IDisputeGame.DisputeSkipLengthMismatch.selector, id, 48, 49)
        );
    }
}
