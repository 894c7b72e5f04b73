// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IDisputeGame} from "../../../src/interfaces/IDisputeGame.sol";
import {ModelKind} from "../../../src/types/ModelKind.sol";
import {DenseModel} from "./DenseModel.sol";
import {DisputeGameTestBase} from "./DisputeGameTestBase.sol";
import {KIND_ADD, KIND_CONV, KIND_DENSE, SpatialLayer, SpatialModel} from "./SpatialModel.sol";

/// @notice The dispute game on models of every layer kind (test doubles for the market and the
/// registry, as DisputeGameTestBase), with helpers that play each side.
abstract contract SpatialGameTestBase is DisputeGameTestBase {
    /// @notice A job on a mixed model, with the honest trace and the trace the provider committed.
    struct Job {
        SpatialLayer[] layers;
        bytes[] honest; // a_0 .. a_L by the reference executor
        bytes[] committed; // a_0 .. a_L as the provider claims them
        bytes32[] hashes; // of `committed`
        bytes32 traceRoot;
        uint256 modelId;
        uint256 jobId;
    }

    function _job(SpatialLayer[] memory layers, bytes memory input) internal pure returns (Job memory job) {
        job.layers = layers;
        job.honest = SpatialModel.forward(layers, input);
        job.committed = new bytes[](job.honest.length);
        for (uint256 i; i < job.honest.length; ++i) {
            job.committed[i] = job.honest[i];
        }
    }

    function _submitJob(Job memory job) internal {
        job.modelId = registry.addModel(
            ModelKind.IntegerDense, uint16(job.layers.length), SpatialModel.weightCommitment(job.layers)
        );
        job.hashes = DenseModel.hashes(job.committed);
        job.traceRoot = DenseModel.traceRoot(job.hashes);
        job.jobId = market.submitJob(
            provider, uint32(job.modelId), job.hashes[0], job.hashes[job.hashes.length - 1], job.traceRoot, WINDOW
        );
    }

    /// @notice The provider changes element `e` of a_m by `delta` (nonzero mod 256); with
    /// `propagate`, the later layers are recomputed from the lie.
    function _lie(Job memory job, uint256 m, uint256 e, uint8 delta, bool propagate) internal pure {
        bytes memory changed = bytes.concat(job.committed[m]);
        unchecked {
            changed[e] = bytes1(uint8(changed[e]) + delta);
        }
        job.committed[m] = changed;
        if (propagate) SpatialModel.forwardFrom(job.layers, job.committed, m + 1);
    }

    function _challengeJob(Job memory job, address who, uint256 l) internal returns (uint256 disputeId) {
        vm.prank(who);
        disputeId = game.challenge(
            job.jobId,
            l,
            job.hashes[job.hashes.length - 1],
            job.traceRoot,
            job.hashes[l - 1],
            DenseModel.traceProof(job.hashes, l - 1),
            job.hashes[l],
            DenseModel.traceProof(job.hashes, l)
        );
    }

    function _respondJob(Job memory job, uint256 disputeId, uint256 l) internal {
        vm.prank(provider);
        game.respond(disputeId, job.committed[l]);
    }

    /// @notice The calldata of the honest last move on element `j` of layer `l`, for whatever kind
    /// the layer is: `prev` and `disputed` are the vectors to pass (from `acts`).
    function _proveCall(
        Job memory job,
        uint256 disputeId,
        uint256 l,
        uint256 j,
        bytes memory prev,
        bytes memory disputed
    ) internal pure returns (bytes memory) {
        SpatialLayer memory L = job.layers[l - 1];
        if (L.kind == KIND_DENSE) {
            return abi.encodeCall(
                IDisputeGame.proveNeuron, (disputeId, j, prev, disputed, SpatialModel.denseProof(job.layers, l, j))
            );
        }
        if (L.kind == KIND_CONV) {
            return abi.encodeCall(
                IDisputeGame.proveConv, (disputeId, j, prev, disputed, SpatialModel.convProof(job.layers, l, j))
            );
        }
        if (L.kind == KIND_ADD) {
            return abi.encodeCall(
                IDisputeGame.proveAdd,
                (disputeId, j, prev, disputed, SpatialModel.addProof(job.layers, l, job.committed))
            );
        }
        return
            abi.encodeCall(
                IDisputeGame.provePool, (disputeId, j, prev, disputed, SpatialModel.poolProof(job.layers, l))
            );
    }

    /// @notice `who` sends `data` to the game; returns whether it went through (reverts bubble as false).
    function _send(address who, bytes memory data) internal returns (bool ok) {
        vm.prank(who);
        (ok,) = address(game).call(data);
    }

    /// @notice The activation revealed by the provider's `DisputeResponded` in the recorded logs.
    function _revealed() internal returns (bytes memory activation) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IDisputeGame.DisputeResponded.selector) {
                (activation,) = abi.decode(logs[i].data, (bytes, uint256));
                return activation;
            }
        }
        revert("no DisputeResponded event");
    }

    function _phase(uint256 disputeId) internal view returns (IDisputeGame.DisputePhase) {
        return game.getDispute(disputeId).phase;
    }
}
