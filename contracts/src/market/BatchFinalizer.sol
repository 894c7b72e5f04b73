// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBatchFinalizer} from "../interfaces/IBatchFinalizer.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title Batch finalizer
/// @notice Loops over the market's `finalize`. It lives outside the market only because the market
/// is at the contract size limit; it holds nothing and has no privilege, so that batched finality
/// cannot pay anything single finality would not (each job is one `finalize`, credited by the
/// market to its own payees whoever calls).
/// @dev Created by the market in its constructor, so that its address is `market.batchFinalizer()`.
contract BatchFinalizer is IBatchFinalizer {
    /// @inheritdoc IBatchFinalizer
    uint256 public constant MAX_BATCH = 64;
    /// @inheritdoc IBatchFinalizer
    IJobMarket public immutable market;

    constructor(IJobMarket market_) {
        market = market_;
    }

    /// @inheritdoc IBatchFinalizer
    /// @dev Bounded so that a batch fits a block at the market's cost per job (a few tens of
    /// thousands of gas without a callback); a caller with callbacks to pay picks a smaller batch.
    function finalizeMany(
        uint256[] calldata jobIds,
        bytes32[] calldata outputHashes,
        bytes32[] calldata traceRoots,
        bytes[] calldata outputs
    ) external {
        uint256 n = jobIds.length;
        if (n > MAX_BATCH) revert BatchFinalizerTooLarge(n, MAX_BATCH);
        if (outputHashes.length != n || traceRoots.length != n || outputs.length != n) {
            revert BatchFinalizerLengthMismatch(n);
        }
        for (uint256 i; i < n; ++i) {
            market.finalize(jobIds[i], outputHashes[i], traceRoots[i], outputs[i]);
        }
    }
}
