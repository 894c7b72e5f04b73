// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "./IJobMarket.sol";

/// @title Batch finalizer
/// @notice Finalizes many jobs of the market in one transaction, so that a busy provider (or any
/// keeper) pays one intrinsic gas for many jobs instead of one each. Each job goes through the
/// market's own `finalize`: the same checks, payouts, events and callbacks as a single call.
interface IBatchFinalizer {
    /// @notice A batch holds `length` jobs; at most `max` are finalized in one call.
    error BatchFinalizerTooLarge(uint256 length, uint256 max);
    /// @notice A batch of `jobs` jobs needs exactly `jobs` output hashes, trace roots and outputs.
    error BatchFinalizerLengthMismatch(uint256 jobs);

    /// @notice Finalize up to `MAX_BATCH` jobs, each as `IJobMarket.finalize` with the same arguments.
    /// All or nothing: a job that cannot be finalized reverts the batch with the market's error.
    function finalizeMany(
        uint256[] calldata jobIds,
        bytes32[] calldata outputHashes,
        bytes32[] calldata traceRoots,
        bytes[] calldata outputs
    ) external;

    /// @notice The market whose jobs this contract finalizes.
    function market() external view returns (IJobMarket);
    /// @notice Most jobs in one batch.
    function MAX_BATCH() external view returns (uint256);
}
