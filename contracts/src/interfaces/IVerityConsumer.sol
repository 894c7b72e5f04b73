// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title A contract that receives the result of its jobs
/// @notice The job market calls it once, when the job is finalized, with the
/// gas limit the job named. A revert or out-of-gas here never blocks payment.
/// Anyone may name any contract as a job's consumer: a consumer must check
/// that the caller is the market AND that `requester` is someone it trusts
/// (itself, usually). `VerityConsumerBase` does both.
interface IVerityConsumer {
    /// @notice Called by the job market with the final result of `jobId`, posted by `requester`.
    /// @param output the result bytes when submitted inline; empty when the result was submitted by URI
    function onVerityResult(uint256 jobId, address requester, bytes32 outputHash, bytes calldata output) external;
}
