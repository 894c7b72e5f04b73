// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Verity governor: the bounds on governance's own settings
/// @notice OpenZeppelin's Governor lets a vote change its own quorum and proposal
/// threshold. Verity bounds both, so that no vote can make governance unable to pass
/// another proposal (a quorum or threshold nobody can reach) or let a handful of
/// tokens pass one (a quorum of zero).
interface IVerityGovernor {
    /// @notice The quorum numerator `numerator` (percent of VRT supply) is outside [`min`, `max`].
    error VerityGovernorQuorumOutOfBounds(uint256 numerator, uint256 min, uint256 max);
    /// @notice The proposal threshold `threshold` is above `max` (a fixed share of VRT supply).
    error VerityGovernorProposalThresholdTooHigh(uint256 threshold, uint256 max);
}
