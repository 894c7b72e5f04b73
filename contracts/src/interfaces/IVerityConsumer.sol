// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title A contract that receives the result of its jobs
/// @notice The job market calls it once, when the job is finalized, with the
/// gas limit the job named. A revert or out-of-gas here never blocks payment.
interface IVerityConsumer {
    /// @notice Called by the job market with the final result of `jobId`.
    /// @param output the result bytes when submitted inline; empty when the result was submitted by URI
    function onVerityResult(uint256 jobId, bytes32 outputHash, bytes calldata output) external;
}
