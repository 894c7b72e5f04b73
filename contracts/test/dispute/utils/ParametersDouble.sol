// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IParameters} from "../../../src/interfaces/IParameters.sol";

/// @notice A stand-in for the protocol parameters: the two the dispute game reads are settable,
/// the rest are fixed plausible values.
contract ParametersDouble is IParameters {
    uint256 public challengerBond;
    uint32 public disputeMoveTimeout;

    constructor(uint256 challengerBond_, uint32 disputeMoveTimeout_) {
        challengerBond = challengerBond_;
        disputeMoveTimeout = disputeMoveTimeout_;
    }

    function setChallengerBond(uint256 value) external {
        challengerBond = value;
    }

    function setDisputeMoveTimeout(uint32 value) external {
        disputeMoveTimeout = value;
    }

    function minStake() external pure returns (uint256) {
        return 1000e18;
    }

    function collateralRatio() external pure returns (uint256) {
        return 2e18;
    }

    function minBidBps() external pure returns (uint16) {
        return 100;
    }

    function minJobCollateral() external pure returns (uint256) {
        return 10e18;
    }

    function livenessSlashBps() external pure returns (uint16) {
        return 1000;
    }

    function fraudSlashBps() external pure returns (uint16) {
        return 10_000;
    }

    function challengerShareBps() external pure returns (uint16) {
        return 5000;
    }

    function requesterShareBps() external pure returns (uint16) {
        return 3000;
    }

    function commitWindow() external pure returns (uint32) {
        return 1 hours;
    }

    function revealWindow() external pure returns (uint32) {
        return 1 hours;
    }

    function maxExecutionWindow() external pure returns (uint32) {
        return 1 days;
    }

    function challengeWindow() external pure returns (uint32) {
        return 1 days;
    }

    function unbondingDelay() external pure returns (uint32) {
        return 14 days;
    }

    function protocolFeeBps() external pure returns (uint16) {
        return 100;
    }

    function modelRegistrationBond() external pure returns (uint256) {
        return 100e18;
    }

    function treasury() external pure returns (address) {
        return address(0x7EA5);
    }

    function longestDispute() external view returns (uint256) {
        return 3 * uint256(disputeMoveTimeout);
    }
}
