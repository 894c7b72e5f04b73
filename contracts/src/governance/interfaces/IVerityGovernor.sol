// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Verity governor: the bounds on governance's own settings
/// @notice OpenZeppelin's Governor lets a vote change its own quorum, proposal threshold,
/// voting delay and voting period. Verity bounds them all, so that no vote can make governance
/// unable to pass another proposal (a quorum or threshold nobody can reach, a vote that never
/// ends) or let a handful of tokens pass one (a quorum of zero, a vote over in one block). The
/// floors of the voting delay and period are fixed at deployment.
interface IVerityGovernor {
    /// @notice The quorum numerator `numerator` (percent of VRT supply) is outside [`min`, `max`].
    error VerityGovernorQuorumOutOfBounds(uint256 numerator, uint256 min, uint256 max);
    /// @notice The proposal threshold `threshold` is above `max` (a fixed share of VRT supply).
    error VerityGovernorProposalThresholdTooHigh(uint256 threshold, uint256 max);
    /// @notice The voting delay `votingDelay` (blocks) is outside [`min`, `max`] (the deployment's floor, the ceiling).
    error VerityGovernorVotingDelayOutOfBounds(uint256 votingDelay, uint256 min, uint256 max);
    /// @notice The voting period `votingPeriod` (blocks) is outside [`min`, `max`] (the deployment's floor, the ceiling).
    error VerityGovernorVotingPeriodOutOfBounds(uint256 votingPeriod, uint256 min, uint256 max);
    /// @notice The deployment's floor `name` is `floor`, outside the absolute range [`min`, `max`].
    error VerityGovernorFloorOutOfRange(bytes32 name, uint256 floor, uint256 min, uint256 max);
    /// @notice On chain `chainId` (not a local one) the floor `name` is `floor`, below its production minimum.
    error VerityGovernorFloorBelowProductionMinimum(bytes32 name, uint256 floor, uint256 minimum, uint256 chainId);
    /// @notice The timelock is fixed at deployment: a new timelock could come without a delay floor.
    error VerityGovernorTimelockFixed();

    /// @notice The least voting delay, in blocks, that a vote may set; fixed at deployment.
    function votingDelayFloor() external view returns (uint256);
    /// @notice The least voting period, in blocks, that a vote may set; fixed at deployment.
    function votingPeriodFloor() external view returns (uint256);
}
