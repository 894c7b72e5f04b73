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
/// Governance's own timing has floors fixed at deployment (immutables): no vote can set the
/// voting delay or period below them, nor the timelock delay below the timelock's own floor, so
/// "one proposal makes every later one pass in two blocks" is out of reach. On a public chain the
/// floors are at least production minima.
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
    /// @notice The least voting-delay floor of any deployment: the snapshot is at least one block
    /// after the proposal, so votes bought in the proposal's block never count.
    uint256 public constant VOTING_DELAY_FLOOR_MIN = 1;
    /// @notice The least voting-period floor of any deployment, in blocks.
    uint256 public constant VOTING_PERIOD_FLOOR_MIN = 10;
    /// @notice The longest voting delay or period a vote may set, in blocks (30 days of 1 s blocks,
    /// a year of 12 s ones): beyond, a vote could freeze governance behind a vote that never ends.
    uint256 public constant VOTING_TIME_CEILING = 2_592_000;
    /// @notice On a public chain the voting-delay floor is at least 3,600 blocks: 12 h of 12 s L1
    /// blocks, an hour at 1 s (the fastest `block.number` among the chains we target), enough for
    /// holders to see a proposal and move their delegation before the snapshot.
    uint256 public constant PRODUCTION_VOTING_DELAY_FLOOR_MIN = 3600;
    /// @notice On a public chain the voting-period floor is at least 21,600 blocks: 3 days of 12 s
    /// blocks, 6 h at 1 s, so that a vote cannot close before most holders could have seen it.
    uint256 public constant PRODUCTION_VOTING_PERIOD_FLOOR_MIN = 21_600;

    uint256 private immutable _votingDelayFloor;
    uint256 private immutable _votingPeriodFloor;

    /// @notice The settings chosen at deployment (see contracts/script/GovernanceConfig.sol).
    struct Settings {
        uint48 votingDelay; // blocks between proposal and snapshot
        uint32 votingPeriod; // blocks the vote stays open
        uint256 proposalThreshold; // VRT votes needed to propose
        uint256 quorumNumerator; // percent of VRT supply that must vote For or Abstain
        uint48 votingDelayFloor; // the least voting delay a vote may set (immutable)
        uint32 votingPeriodFloor; // the least voting period a vote may set (immutable)
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
        // GovernorSettings' constructor already stored the delay and period; the floors are checked
        // and fixed here, then the stored values checked against them.
        _checkFloor(
            "votingDelayFloor", settings.votingDelayFloor, VOTING_DELAY_FLOOR_MIN, PRODUCTION_VOTING_DELAY_FLOOR_MIN
        );
        _checkFloor(
            "votingPeriodFloor", settings.votingPeriodFloor, VOTING_PERIOD_FLOOR_MIN, PRODUCTION_VOTING_PERIOD_FLOOR_MIN
        );
        _votingDelayFloor = settings.votingDelayFloor;
        _votingPeriodFloor = settings.votingPeriodFloor;
        _checkVotingDelay(settings.votingDelay, settings.votingDelayFloor);
        _checkVotingPeriod(settings.votingPeriod, settings.votingPeriodFloor);
    }

    /* FLOORS */

    /// @inheritdoc IVerityGovernor
    function votingDelayFloor() external view returns (uint256) {
        return _votingDelayFloor;
    }

    /// @inheritdoc IVerityGovernor
    function votingPeriodFloor() external view returns (uint256) {
        return _votingPeriodFloor;
    }

    /* BOUNDED SETTINGS */

    /// @notice Set the proposal threshold (governance only), at most
    /// `PROPOSAL_THRESHOLD_CEILING_BPS` of VRT supply.
    function setProposalThreshold(uint256 newProposalThreshold) public override onlyGovernance {
        _checkProposalThreshold(IVerityVotes(address(token())), newProposalThreshold);
        _setProposalThreshold(newProposalThreshold);
    }

    /// @notice Set the voting delay (governance only), in [`votingDelayFloor`, `VOTING_TIME_CEILING`] blocks.
    function setVotingDelay(uint48 newVotingDelay) public override onlyGovernance {
        _checkVotingDelay(newVotingDelay, _votingDelayFloor);
        _setVotingDelay(newVotingDelay);
    }

    /// @notice Set the voting period (governance only), in [`votingPeriodFloor`, `VOTING_TIME_CEILING`] blocks.
    function setVotingPeriod(uint32 newVotingPeriod) public override onlyGovernance {
        _checkVotingPeriod(newVotingPeriod, _votingPeriodFloor);
        _setVotingPeriod(newVotingPeriod);
    }

    /// @notice Always reverts: the timelock is fixed at deployment, since a new one could come
    /// without a delay floor. Moving governance means a new deployment, as for the core contracts.
    function updateTimelock(TimelockController) public override onlyGovernance {
        revert VerityGovernorTimelockFixed();
    }

    /// @dev Every quorum change (the constructor's and `updateQuorumNumerator`) passes here.
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        if (newQuorumNumerator < QUORUM_FLOOR || newQuorumNumerator > QUORUM_CEILING) {
            revert VerityGovernorQuorumOutOfBounds(newQuorumNumerator, QUORUM_FLOOR, QUORUM_CEILING);
        }
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _checkVotingDelay(uint256 delay, uint256 floor) private pure {
        if (delay < floor || delay > VOTING_TIME_CEILING) {
            revert VerityGovernorVotingDelayOutOfBounds(delay, floor, VOTING_TIME_CEILING);
        }
    }

    function _checkVotingPeriod(uint256 period, uint256 floor) private pure {
        if (period < floor || period > VOTING_TIME_CEILING) {
            revert VerityGovernorVotingPeriodOutOfBounds(period, floor, VOTING_TIME_CEILING);
        }
    }

    function _checkFloor(bytes32 name, uint256 floor, uint256 min, uint256 productionMin) private view {
        if (floor < min || floor > VOTING_TIME_CEILING) {
            revert VerityGovernorFloorOutOfRange(name, floor, min, VOTING_TIME_CEILING);
        }
        if (block.chainid != 31_337 && block.chainid != 1337 && floor < productionMin) {
            revert VerityGovernorFloorBelowProductionMinimum(name, floor, productionMin, block.chainid);
        }
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
