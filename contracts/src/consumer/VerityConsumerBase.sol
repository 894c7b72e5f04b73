// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVerityConsumer} from "../interfaces/IVerityConsumer.sol";

/// @title A consumer that accepts only results of its own jobs
/// @notice Anyone may post a job naming any contract as its consumer, so a consumer that only
/// checks `msg.sender == market` accepts results of jobs it never asked for (and whose model,
/// input and price a stranger chose). This base checks both the caller and the job's requester:
/// by default it accepts only jobs it posted itself; override `_acceptsRequester` to accept more.
/// @dev A refused result reverts (`ConsumerForeignJob`) rather than returning quietly: the market
/// never lets a callback failure block a payment, a revert undoes anything the call touched, and
/// the market's `CallbackExecuted(jobId, consumer, false)` then shows the spoofing attempt to
/// anyone watching.
abstract contract VerityConsumerBase is IVerityConsumer {
    /// @notice The caller is not the job market.
    error ConsumerNotMarket(address caller);
    /// @notice The job was posted by `requester`, whom this consumer does not accept.
    error ConsumerForeignJob(uint256 jobId, address requester);

    /// @notice The job market whose results this consumer accepts.
    address public immutable market;

    constructor(address market_) {
        market = market_;
    }

    /// @inheritdoc IVerityConsumer
    function onVerityResult(uint256 jobId, address requester, bytes32 outputHash, bytes calldata output)
        external
        virtual
    {
        if (msg.sender != market) revert ConsumerNotMarket(msg.sender);
        if (!_acceptsRequester(requester)) revert ConsumerForeignJob(jobId, requester);
        _onVerityResult(jobId, outputHash, output);
    }

    /// @notice Whether results of jobs posted by `requester` are accepted: by default only this
    /// contract's own jobs.
    function _acceptsRequester(address requester) internal view virtual returns (bool) {
        return requester == address(this);
    }

    /// @notice Handle the final result of an accepted job. Runs within the job's callback gas limit.
    /// @param output the result bytes when submitted inline; empty when submitted by URI (then only
    /// `outputHash` is known on chain)
    function _onVerityResult(uint256 jobId, bytes32 outputHash, bytes calldata output) internal virtual;
}
