// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {
    GovernorVotesQuorumFraction
} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IVerityGovernor} from "./interfaces/IVerityGovernor.sol";
import {IVerityVotes} from "./interfaces/IVerityVotes.sol";

/// @title Verity governor
/// @notice Token holders propose and vote on protocol changes; passed proposals run
/// through the timelock (`VerityTimelock`), which owns Parameters and the job market.
/// Voting power is liquid plus staked VRT (`VerityVotes`), read at the proposal's
/// snapshot block, so tokens bought, borrowed or staked after it carry no weight.
/// Quorum is a share of the whole VRT supply, staked tokens included once.
/// @dev Clock: block numbers (the token's and Staking's), so `votingDelay` and
/// `votingPeriod` are in blocks; the timelock delay is in seconds.
contract VerityGovernor is
    IVerityGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    /// @notice The lowest quorum a vote may set (percent of VRT supply): below, a few tokens
    /// could pass a proposal nobody else noticed.
    uint256 public constant QUORUM_FLOOR = 1;
    /// @notice The highest quorum a vote may set: above, turnout might never reach it again
    /// and governance (hence every parameter) would be frozen for good.
    uint256 public constant QUORUM_CEILING = 20;
    /// @notice The highest proposal threshold a vote may set, in basis points of VRT supply,
    /// for the same reason: a threshold no holder reaches stops all proposals.
    uint256 public constant PROPOSAL_THRESHOLD_CEILING_BPS = 100;
    uint256 private constant BPS = 10_000;

    /// @notice The settings chosen at deployment (see contracts/script/GovernanceConfig.sol).
    struct Settings {
        uint48 votingDelay; // blocks between proposal and snapshot
        uint32 votingPeriod; // blocks the vote stays open
        uint256 proposalThreshold; // VRT votes needed to propose
        uint256 quorumNumerator; // percent of VRT supply that must vote For or Abstain
    }

    /// @param votes the voting power source (`VerityVotes`)
    /// @param timelock_ the timelock that executes passed proposals
    constructor(IVerityVotes votes, TimelockController timelock_, Settings memory settings)
        Governor("Verity Governor")
        GovernorSettings(settings.votingDelay, settings.votingPeriod, settings.proposalThreshold)
        GovernorVotes(IVotes(address(votes)))
        GovernorVotesQuorumFraction(settings.quorumNumerator)
        GovernorTimelockControl(timelock_)
    {
        // Checked here rather than in `_setProposalThreshold`: GovernorSettings' constructor sets
        // the threshold before GovernorVotes' constructor has stored the token.
        _checkProposalThreshold(votes, settings.proposalThreshold);
    }

    /* BOUNDED SETTINGS */

    /// @notice Set the proposal threshold (governance only), at most
    /// `PROPOSAL_THRESHOLD_CEILING_BPS` of VRT supply.
    function setProposalThreshold(uint256 newProposalThreshold) public override onlyGovernance {
        _checkProposalThreshold(IVerityVotes(address(token())), newProposalThreshold);
        _setProposalThreshold(newProposalThreshold);
    }

    /// @dev Every quorum change (the constructor's and `updateQuorumNumerator`) passes here.
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        if (newQuorumNumerator < QUORUM_FLOOR || newQuorumNumerator > QUORUM_CEILING) {
            revert VerityGovernorQuorumOutOfBounds(newQuorumNumerator, QUORUM_FLOOR, QUORUM_CEILING);
        }
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _checkProposalThreshold(IVerityVotes votes, uint256 threshold) private view {
        // VRT has a fixed supply (minted once, no mint or burn function), so the current supply is the bound.
        uint256 max = Math.mulDiv(IERC20(address(votes.token())).totalSupply(), PROPOSAL_THRESHOLD_CEILING_BPS, BPS);
        if (threshold > max) revert VerityGovernorProposalThresholdTooHigh(threshold, max);
    }

    /* OVERRIDES REQUIRED BY SOLIDITY */

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
