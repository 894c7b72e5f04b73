// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Parameters} from "../src/Parameters.sol";

/// @notice The embedded defaults of a local network: short windows so that a
/// whole job lifecycle runs in about a minute, and safe bounds all the same.
library DeployConfig {
    function devnetParameters(address treasury) internal pure returns (Parameters.Init memory) {
        return Parameters.Init({
            minStake: 100e18,
            // 1 tUSD (1e6 wei) of price locks 10 VRT (1e19 wei) of collateral.
            collateralRatio: 1e31,
            // bids below 1% of the maximum price are refused (no dust bids)
            minBidBps: 100,
            // every job locks at least 10 VRT, whatever its price
            minJobCollateral: 10e18,
            livenessSlashBps: 1000,
            fraudSlashBps: 10_000,
            challengerShareBps: 5000,
            requesterShareBps: 3000,
            commitWindow: 10,
            revealWindow: 10,
            maxExecutionWindow: 1 hours,
            challengeWindow: 60,
            disputeMoveTimeout: 60,
            unbondingDelay: 1 hours,
            challengerBond: 10e18,
            protocolFeeBps: 100,
            modelRegistrationBond: 10e18,
            treasury: treasury
        });
    }
}
