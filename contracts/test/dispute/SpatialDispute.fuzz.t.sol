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

/// @notice The game's two properties on random models mixing every layer kind (conv2d with random
/// kernels, strides and padding, max and average pools, residual adds, dense), 1 to 5 layers on
/// inputs up to 3x7x7: an honest provider never loses, and a provider whose trace differs from the
/// honest one in any single element of any layer (or in a length) always loses.
contract DisputeSpatialFuzzTest is SpatialGameTestBase {
    uint256 internal constant MAX_LAYERS = 5;

    function _random(uint256 seed, uint256 layerCount) internal pure returns (Job memory) {
        (SpatialLayer[] memory layers, bytes memory input) = SpatialModel.random(seed, bound(layerCount, 1, MAX_LAYERS));
        return _job(layers, input);
    }

    /// @dev The random models the fuzz draws do hold every kind, padded and strided convs, and
    /// adds over the input and over hidden activations (so the properties are not vacuous).
    function test_randomModels_coverEveryKind() public pure {
        uint256[5] memory kinds;
        (uint256 padded, uint256 strided, uint256 skipInput, uint256 skipHidden) = (0, 0, 0, 0);
        for (uint256 seed; seed < 60; ++seed) {
            (SpatialLayer[] memory layers,) = SpatialModel.random(seed, MAX_LAYERS);
            for (uint256 l; l < layers.length; ++l) {
                SpatialLayer memory L = layers[l];
                ++kinds[L.kind];
                if (L.kind == KIND_CONV && L.pad > 0) ++padded;
                if (L.kind == KIND_CONV && L.stride > 1) ++strided;
                if (L.kind == KIND_ADD && L.skip == 0) ++skipInput;
                if (L.kind == KIND_ADD && L.skip > 0) ++skipHidden;
            }
        }
        for (uint256 k; k < 5; ++k) {
            assertGt(kinds[k], 5, "every kind is drawn");
        }
        assertGt(padded, 5);
        assertGt(strided, 5);
        assertGt(skipInput, 2);
        assertGt(skipHidden, 2);
    }

    // ---------------------------------------------------------------- the honest provider

    /// @dev The challenger names any layer and element and plays its last move in one of five
    /// ways: the honest proof (the recomputed element matches), a changed agreed input, a changed
    /// proof (weights, a field, the skip activation), a proof of another kind for the same layer
    /// (a leaf never reads as another kind), or no move. Every way ends in the provider's favour.
    function testFuzz_honestProviderWinsEveryDispute(uint256 seed, uint256 layerCount, uint256 l, uint256 j, uint8 play)
        public
    {
        Job memory job = _random(seed, layerCount);
        _submitJob(job);
        l = bound(l, 1, job.layers.length);
        j = bound(j, 0, job.honest[l].length - 1);
        uint256 id = _challengeJob(job, challenger, l);
        _respondJob(job, id, l);

        play = play % 5;
        bytes memory prev = bytes.concat(job.committed[l - 1]);
        if (play == 0) {
            assertTrue(_send(challenger, _proveCall(job, id, l, j, prev, job.committed[l])), "the honest proof");
        } else {
            if (play == 1) {
                prev[seed % prev.length] ^= 0x80;
                assertFalse(_send(challenger, _proveCall(job, id, l, j, prev, job.committed[l])), "changed input");
            }
            if (play == 2) assertFalse(_send(challenger, _tampered(job, id, l, j, seed)), "changed proof");
            if (play == 3) assertFalse(_send(challenger, _otherKind(job, id, l, j)), "a proof of another kind");
            vm.warp(game.getDispute(id).deadline + 1);
            game.timeout(id);
        }
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ProviderWon));
        assertEq(uint8(market.getJob(job.jobId).status), uint8(JobStatus.Submitted));
    }

    /// @dev The honest proof of element j with one thing changed, by the layer's kind.
    function _tampered(Job memory job, uint256 id, uint256 l, uint256 j, uint256 seed)
        internal
        pure
        returns (bytes memory)
    {
        SpatialLayer memory L = job.layers[l - 1];
        bytes memory prev = job.committed[l - 1];
        bytes memory y = job.committed[l];
        if (L.kind == KIND_DENSE) {
            IDisputeGame.LayerProof memory p = SpatialModel.denseProof(job.layers, l, j);
            p.row[seed % p.row.length] ^= 0x01;
            return abi.encodeCall(IDisputeGame.proveNeuron, (id, j, prev, y, p));
        }
        if (L.kind == KIND_CONV) {
            IDisputeGame.ConvProof memory p = SpatialModel.convProof(job.layers, l, j);
            uint256 what = seed % 4;
            if (what == 0) p.filter[seed % p.filter.length] ^= 0x01;
            if (what == 1) p.bias = p.bias > 0 ? p.bias - 1 : p.bias + 1;
            if (what == 2) p.M = p.M == 1 ? 2 : p.M - 1;
            if (what == 3) p.pad = p.pad == 0 ? 1 : p.pad - 1;
            return abi.encodeCall(IDisputeGame.proveConv, (id, j, prev, y, p));
        }
        if (L.kind == KIND_ADD) {
            IDisputeGame.AddProof memory p = SpatialModel.addProof(job.layers, l, job.committed);
            uint256 what = seed % 3;
            if (what == 0) p.skipActivation[seed % p.skipActivation.length] ^= 0x01;
            if (what == 1) p.Ma = p.Ma == 1 ? 2 : p.Ma - 1;
            if (what == 2) p.skip = p.skip == 0 ? 1 : p.skip - 1;
            return abi.encodeCall(IDisputeGame.proveAdd, (id, j, prev, y, p));
        }
        IDisputeGame.PoolProof memory q = SpatialModel.poolProof(job.layers, l);
        if (seed % 2 == 0) q.average = !q.average;
        else q.stride = q.stride == 1 ? 2 : q.stride - 1;
        return abi.encodeCall(IDisputeGame.provePool, (id, j, prev, y, q));
    }

    /// @dev A last move of another kind than the layer's, with the layer's own shape and layer proof.
    function _otherKind(Job memory job, uint256 id, uint256 l, uint256 j) internal pure returns (bytes memory) {
        SpatialLayer memory L = job.layers[l - 1];
        bytes memory prev = job.committed[l - 1];
        bytes memory y = job.committed[l];
        bytes32[] memory layerProof = SpatialModel.poolProof(job.layers, l).layerProof;
        if (L.kind == KIND_MAXPOOL || L.kind == KIND_AVGPOOL) {
            // The pool's fields as an add layer over itself.
            IDisputeGame.AddProof memory a;
            a.C = L.C;
            a.H = L.H;
            a.W = L.W;
            a.Ma = 1;
            a.Mb = 1;
            a.s = 1;
            a.layerProof = layerProof;
            return abi.encodeCall(IDisputeGame.proveAdd, (id, j, prev, y, a));
        }
        IDisputeGame.PoolProof memory p;
        p.C = L.C;
        p.H = L.H;
        p.W = L.W;
        p.kh = 1;
        p.kw = 1;
        p.stride = 1;
        p.layerProof = layerProof;
        return abi.encodeCall(IDisputeGame.provePool, (id, j, prev, y, p));
    }

    // ---------------------------------------------------------------- the lying provider

    /// @dev One element of any layer changed by any amount; later layers recomputed from the lie
    /// (a consistent trace) or left as they were.
    function testFuzz_lyingProviderAlwaysLoses(
        uint256 seed,
        uint256 layerCount,
        uint256 m,
        uint256 e,
        uint8 delta,
        bool propagate
    ) public {
        Job memory job = _random(seed, layerCount);
        m = bound(m, 1, job.layers.length);
        e = bound(e, 0, job.honest[m].length - 1);
        _lie(job, m, e, uint8(bound(delta, 1, 255)), propagate);
        _submitJob(job);
        assertEq(_honestChallengerWins(job), m, "the challenger found the changed layer");
    }

    /// @dev A layer of the wrong length, one element longer or shorter (even empty).
    function testFuzz_providerWithAWrongLengthLoses(uint256 seed, uint256 layerCount, uint256 m, bool longer) public {
        Job memory job = _random(seed, layerCount);
        m = bound(m, 1, job.layers.length);
        bytes memory honest = job.committed[m];
        bytes memory changed = new bytes(longer ? honest.length + 1 : honest.length - 1);
        for (uint256 i; i < changed.length && i < honest.length; ++i) {
            changed[i] = honest[i];
        }
        job.committed[m] = changed;
        _submitJob(job);
        assertEq(_honestChallengerWins(job), m);
    }

    /// @dev The honest challenger: names the first layer whose hash differs, reads the revealed
    /// vector from the provider's event, proves the first element that differs (any when the
    /// lengths differ) with the layer's kind of proof.
    function _honestChallengerWins(Job memory job) internal returns (uint256 l) {
        l = DenseModel.firstWrongLayer(DenseModel.hashes(job.honest), job.hashes);
        assertGt(l, 0, "a lie always shows in the committed hashes");
        uint256 id = _challengeJob(job, challenger, l);
        vm.recordLogs();
        _respondJob(job, id, l);
        bytes memory revealed = _revealed();
        uint256 j = DenseModel.firstWrongElement(job.honest[l], revealed);
        assertTrue(j != type(uint256).max, "the revealed vector differs from the honest one");
        assertTrue(_send(challenger, _proveCall(job, id, l, j, job.honest[l - 1], revealed)), "the proof goes through");
        assertEq(uint8(_phase(id)), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(uint8(market.getJob(job.jobId).status), uint8(JobStatus.Rejected));
    }
}
