// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";

/// @notice Stands in for the dispute game: opens and resolves disputes on the job market
/// exactly as the real game would, with none of its moves.
contract DisputeGameDouble {
    IJobMarket public immutable market;

    constructor(IJobMarket market_) {
        market = market_;
    }

    function open(uint256 jobId) external {
        market.openDispute(jobId);
    }

    function resolve(uint256 jobId, bool providerWon, address challenger) external {
        market.resolveDispute(jobId, providerWon, challenger);
    }
}
