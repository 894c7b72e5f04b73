// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";

/// @notice Stands in for the dispute game: opens and resolves disputes on the job market
/// exactly as the real game would, with none of its moves. Like the game, it remembers the round
/// each dispute was opened in and passes it back when resolving.
contract DisputeGameDouble {
    IJobMarket public immutable market;

    /// @notice The round the market returned for each dispute opened here, in order.
    struct Opened {
        uint256 jobId;
        uint8 round;
    }

    Opened[] public opened;
    /// @notice What the market returned for the last resolution.
    bool public lastApplied;

    constructor(IJobMarket market_) {
        market = market_;
    }

    /// @notice Open a dispute; returns its index in `opened`.
    function open(uint256 jobId) external returns (uint256 index) {
        index = opened.length;
        opened.push(Opened(jobId, market.openDispute(jobId)));
    }

    /// @notice Resolve a dispute of the job's current round (the common case).
    function resolve(uint256 jobId, bool providerWon, address challenger) external returns (bool) {
        return resolveIn(jobId, market.getJob(jobId).round, providerWon, challenger);
    }

    /// @notice Resolve a dispute opened in `round`, possibly one the job has left (a stale dispute).
    function resolveIn(uint256 jobId, uint8 round, bool providerWon, address challenger) public returns (bool applied) {
        (applied,,) = market.resolveDispute(jobId, round, providerWon, challenger);
        lastApplied = applied;
    }

    function openedCount() external view returns (uint256) {
        return opened.length;
    }
}
