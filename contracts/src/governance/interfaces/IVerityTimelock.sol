// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Verity timelock: a floor under its own delay
/// @notice OpenZeppelin's TimelockController lets a vote set its delay to zero, after which a
/// passed proposal applies the moment it is queued. Verity's timelock keeps the delay between a
/// floor fixed at deployment (at least a day on any public chain) and a ceiling (so that no vote
/// can freeze governance behind a delay of years).
interface IVerityTimelock {
    /// @notice The delay `delay` is outside [`min`, `max`] (the deployment's floor, the absolute ceiling).
    error VerityTimelockDelayOutOfBounds(uint256 delay, uint256 min, uint256 max);
    /// @notice The deployment's delay floor `floor` is outside the absolute range [`min`, `max`].
    error VerityTimelockFloorOutOfRange(uint256 floor, uint256 min, uint256 max);
    /// @notice On chain `chainId` (not a local one) the delay floor `floor` is below the production
    /// minimum `minimum`.
    error VerityTimelockFloorBelowProductionMinimum(uint256 floor, uint256 minimum, uint256 chainId);

    /// @notice The least delay, in seconds, that a vote may set; fixed at deployment.
    function minDelayFloor() external view returns (uint256);
}
