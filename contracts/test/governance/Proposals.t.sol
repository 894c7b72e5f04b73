// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {VerityGovernor} from "../../src/governance/VerityGovernor.sol";
import {IVerityGovernor} from "../../src/governance/interfaces/IVerityGovernor.sol";

/// @notice Proposals from creation to execution: what passes, what is refused, and when.
contract GovernanceProposalsTest is GovernanceFixture {
    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    function _setChallengeWindow(uint32 value) internal pure returns (bytes memory) {
        return abi.encodeCall(Parameters.setChallengeWindow, (value));
    }

    function _bitmap(IGovernor.ProposalState s) internal pure returns (bytes32) {
        return bytes32(1 << uint8(s));
    }

    /* THE WHOLE LIFECYCLE */

    function test_lifecycle_challengeWindowChangeAppliesToLaterSubmissions() public {
        uint256 before = _submitted(alice, 50e6);
        uint256 beforeDeadline = block.timestamp + 60;
        assertEq(sys.market.getJob(before).deadline, beforeDeadline, "old window");

        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Challenge window to 120 s");
        uint256 id = _propose(whale, p);
        vm.snapshotGasLastCall("governance", "propose");
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Pending));
        assertEq(sys.governor.proposalSnapshot(id), block.number + sys.governor.votingDelay());

        _toVoting(id);
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Active));
        assertEq(_vote(whale, id, FOR), WHALE_VRT, "the whale votes with its delegated VRT");
        vm.snapshotGasLastCall("governance", "castVote");
        assertEq(_vote(minnow, id, AGAINST), MINNOW_VRT);
        (uint256 against, uint256 forVotes, uint256 abstain) = sys.governor.proposalVotes(id);
        assertEq(against, MINNOW_VRT);
        assertEq(forVotes, WHALE_VRT);
        assertEq(abstain, 0);

        _toVoteEnd(id);
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Succeeded));
        _queue(p);
        vm.snapshotGasLastCall("governance", "queue");
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Queued));
        assertEq(sys.governor.proposalEta(id), block.timestamp + 60);

        vm.warp(sys.governor.proposalEta(id));
        _execute(p);
        vm.snapshotGasLastCall("governance", "execute_setChallengeWindow");
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Executed));
        assertEq(sys.params.challengeWindow(), 120);

        // A job submitted from now on gets the new window; the earlier one keeps its deadline.
        uint256 later = _submitted(bob, 50e6);
        assertEq(sys.market.getJob(later).deadline, block.timestamp + 120, "new window");
        assertEq(sys.market.getJob(before).deadline, beforeDeadline, "a submitted job keeps its deadline");
        vm.warp(block.timestamp + 61);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.MarketDeadlineNotPassed.selector, later, sys.market.getJob(later).deadline
            )
        );
        sys.market.finalize(later, keccak256(OUTPUT), TRACE, OUTPUT);
        _finalize(later);
        assertEq(uint8(sys.market.getJob(later).status), uint8(JobStatus.Finalized));
    }

    /* UNSAFE VALUES ARE REFUSED AT EXECUTION */

    function test_execute_RevertWhen_challengeWindowOutOfBounds() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(30), "Challenge window to 30 s");
        uint256 id = _passAndQueue(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersOutOfBounds.selector,
                bytes32("challengeWindow"),
                30,
                sys.params.CHALLENGE_WINDOW_FLOOR(),
                sys.params.CHALLENGE_WINDOW_CEILING()
            )
        );
        _execute(p);
        assertEq(sys.params.challengeWindow(), 60, "unchanged");
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Queued), "still queued, still checked if retried");
        _assertMarketWorks();
    }

    function test_execute_RevertWhen_unbondingNotLongerThanChallengeWindowPlusDispute() public {
        uint256 window = sys.params.challengeWindow();
        uint256 longest = sys.params.longestDispute();
        uint32 unsafeDelay = uint32(window + longest);
        Proposal memory p = _proposal(
            address(sys.params), abi.encodeCall(Parameters.setUnbondingDelay, (unsafeDelay)), "Unbond faster"
        );
        _passAndQueue(p);
        vm.expectRevert(
            abi.encodeWithSelector(IParameters.ParametersUnbondingTooShort.selector, unsafeDelay, window, longest)
        );
        _execute(p);
        assertEq(sys.params.unbondingDelay(), 1 hours, "unchanged");
        _assertMarketWorks();
    }

    function test_execute_RevertWhen_batchHasOneUnsafeCall_nothingApplies() public {
        // A safe call first, then a challenge window that eats the unbonding margin: all or nothing.
        Proposal memory p;
        p.targets = new address[](2);
        p.values = new uint256[](2);
        p.calldatas = new bytes[](2);
        (p.targets[0], p.calldatas[0]) = (address(sys.params), abi.encodeCall(Parameters.setProtocolFeeBps, (200)));
        (p.targets[1], p.calldatas[1]) = (address(sys.params), _setChallengeWindow(uint32(1 hours)));
        p.description = "Fee up, window up";
        _passAndQueue(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersUnbondingTooShort.selector, 1 hours, 1 hours, sys.params.longestDispute()
            )
        );
        _execute(p);
        assertEq(sys.params.protocolFeeBps(), 100, "the safe call was rolled back too");
        assertEq(sys.params.challengeWindow(), 60);
    }

    function _assertMarketWorks() internal {
        uint256 jobId = _submitted(carol, 40e6);
        assertEq(sys.market.getJob(jobId).deadline, block.timestamp + sys.params.challengeWindow());
        _finalize(jobId);
        assertEq(uint8(sys.market.getJob(jobId).status), uint8(JobStatus.Finalized));
        uint256 fee = 40e6 * sys.params.protocolFeeBps() / 10_000;
        assertEq(sys.market.claimable(address(sys.timelock)), fee, "fees reach the timelock treasury");
    }

    /* TIMELOCK */

    function test_execute_RevertWhen_timelockDelayNotPassed() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Challenge window to 120 s");
        uint256 id = _propose(whale, p);
        _toVoting(id);
        _vote(whale, id, FOR);
        _toVoteEnd(id);
        _queue(p);
        uint256 eta = sys.governor.proposalEta(id);
        assertEq(eta, block.timestamp + sys.timelock.getMinDelay());

        bytes32 salt = bytes20(address(sys.governor)) ^ keccak256(bytes(p.description));
        bytes32 op = sys.timelock.hashOperationBatch(p.targets, p.values, p.calldatas, 0, salt);
        bytes32 ready = bytes32(1 << uint8(TimelockController.OperationState.Ready));
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnexpectedOperationState.selector, op, ready));
        _execute(p);

        vm.warp(eta - 1);
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnexpectedOperationState.selector, op, ready));
        _execute(p);
        // Nor straight through the timelock, where anyone may execute once the delay is over.
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnexpectedOperationState.selector, op, ready));
        sys.timelock.executeBatch(p.targets, p.values, p.calldatas, 0, salt);

        vm.warp(eta);
        _execute(p);
        assertEq(sys.params.challengeWindow(), 120);
    }

    function test_execute_RevertWhen_notQueued() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Challenge window to 120 s");
        uint256 id = _propose(whale, p);
        _toVoting(id);
        _vote(whale, id, FOR);
        _toVoteEnd(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Succeeded,
                _bitmap(IGovernor.ProposalState.Queued)
            )
        );
        _execute(p);
    }

    function test_parameters_RevertWhen_setDirectlyByFormerAdmin() public {
        vm.expectRevert(abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", address(this)));
        sys.params.setChallengeWindow(120);
    }

    /* QUORUM, MAJORITY, THRESHOLD */

    function test_state_defeatedWhenQuorumNotReached() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Minnow's proposal");
        uint256 id = _propose(minnow, p);
        _toVoting(id);
        _vote(minnow, id, FOR);
        assertLt(MINNOW_VRT, sys.governor.quorum(sys.governor.proposalSnapshot(id)));
        _toVoteEnd(id);
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Defeated));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Defeated,
                _bitmap(IGovernor.ProposalState.Succeeded)
            )
        );
        _queue(p);
    }

    function test_state_abstainCountsTowardQuorum() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Minnow's proposal");
        uint256 id = _propose(minnow, p);
        _toVoting(id);
        _vote(minnow, id, FOR);
        _vote(whale, id, ABSTAIN);
        _toVoteEnd(id);
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Succeeded));
    }

    function test_state_defeatedWhenAgainstWins() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Minnow's proposal");
        uint256 id = _propose(minnow, p);
        _toVoting(id);
        _vote(minnow, id, FOR);
        _vote(whale, id, AGAINST);
        _toVoteEnd(id);
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_propose_RevertWhen_belowThreshold() public {
        address small = makeAddr("small");
        _holder(small, 999_999e18);
        vm.roll(block.number + 1);
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Too small to propose");
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector,
                small,
                999_999e18,
                sys.governor.proposalThreshold()
            )
        );
        _propose(small, p);
    }

    function test_propose_RevertWhen_votesBorrowedInTheSameBlock() public {
        // The threshold reads the previous block, so tokens received and delegated in this block do not count.
        address borrower = makeAddr("borrower");
        vm.prank(whale);
        sys.token.transfer(borrower, 50_000_000e18);
        vm.prank(borrower);
        sys.token.delegate(borrower);
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Flash proposal");
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, borrower, 0, sys.governor.proposalThreshold()
            )
        );
        _propose(borrower, p);
    }

    /* CANCELLATION */

    function test_cancel_proposerCancelsWhilePending() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Changed my mind");
        uint256 id = _propose(minnow, p);

        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id, stranger));
        sys.governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));

        vm.prank(minnow);
        sys.governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Canceled));

        _toVoting(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Canceled,
                _bitmap(IGovernor.ProposalState.Active)
            )
        );
        _vote(whale, id, FOR);
        _toVoteEnd(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                id,
                IGovernor.ProposalState.Canceled,
                _bitmap(IGovernor.ProposalState.Succeeded)
            )
        );
        _queue(p);
        // The same proposal cannot be made again; a new description makes a new proposal.
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector, id, IGovernor.ProposalState.Canceled, bytes32(0)
            )
        );
        _propose(minnow, p);
    }

    function test_cancel_RevertWhen_voteStarted() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Too late to cancel");
        uint256 id = _propose(minnow, p);
        _toVoting(id);
        vm.prank(minnow);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, id, minnow));
        sys.governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    /* SNAPSHOT: VOTES ACQUIRED AFTER IT WEIGH NOTHING */

    function test_castVote_tokensTransferredAfterSnapshotWeighZero() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Snapshot test");
        uint256 id = _propose(minnow, p);
        _toVoting(id);

        // A flash loan, in effect: borrow the whale's tokens after the snapshot and vote with them.
        address borrower = makeAddr("borrower");
        vm.prank(whale);
        sys.token.transfer(borrower, WHALE_VRT);
        vm.prank(borrower);
        sys.token.delegate(borrower);
        vm.roll(block.number + 1);
        assertEq(sys.votes.getVotes(borrower), WHALE_VRT, "current votes");
        assertEq(_vote(borrower, id, FOR), 0, "but none at the snapshot");
        assertEq(_vote(whale, id, AGAINST), WHALE_VRT, "the lender still votes its snapshot weight");
        (uint256 against, uint256 forVotes,) = sys.governor.proposalVotes(id);
        assertEq(against, WHALE_VRT);
        assertEq(forVotes, 0);
    }

    function test_castVote_stakeAfterSnapshotWeighsZero() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Snapshot test");
        uint256 id = _propose(minnow, p);
        _toVoting(id);

        address latecomer = makeAddr("latecomer");
        _provider(latecomer, 50_000_000e18);
        vm.roll(block.number + 1);
        assertEq(sys.staking.getVotes(latecomer), 50_000_000e18, "staked votes now");
        assertEq(_vote(latecomer, id, FOR), 0, "none at the snapshot");
    }

    function test_castVote_stakeMovedAfterSnapshotStillVotesOnce() public {
        // alice's stake was delegated to herself at the snapshot; re-delegating it afterwards
        // gives the new delegate nothing for this proposal.
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Snapshot test");
        uint256 id = _propose(minnow, p);
        _toVoting(id);
        vm.prank(alice);
        sys.staking.delegate(bob);
        vm.roll(block.number + 1);
        assertEq(_vote(alice, id, FOR), STAKE);
        assertEq(_vote(bob, id, FOR), STAKE, "bob's own stake only");
    }

    function test_castVote_delegationUpToSnapshotCounts() public {
        Proposal memory p = _proposal(address(sys.params), _setChallengeWindow(120), "Snapshot test");
        uint256 id = _propose(minnow, p);
        // Inside the voting delay: the holder may still (re)delegate; the snapshot block is inclusive.
        vm.roll(sys.governor.proposalSnapshot(id));
        address late = makeAddr("late");
        vm.prank(whale);
        sys.token.delegate(late);
        _toVoting(id);
        assertEq(_vote(late, id, FOR), WHALE_VRT);
        assertEq(_vote(whale, id, FOR), 0);
    }

    /* GOVERNANCE'S OWN SETTINGS ARE BOUNDED TOO */

    function test_updateQuorumNumerator_RevertWhen_outOfBounds() public {
        Proposal memory p =
            _proposal(address(sys.governor), abi.encodeCall(sys.governor.updateQuorumNumerator, (0)), "No quorum");
        _passAndQueue(p);
        vm.expectRevert(abi.encodeWithSelector(IVerityGovernor.VerityGovernorQuorumOutOfBounds.selector, 0, 1, 20));
        _execute(p);

        p = _proposal(address(sys.governor), abi.encodeCall(sys.governor.updateQuorumNumerator, (5)), "Quorum 5%");
        _passAndQueue(p);
        _execute(p);
        assertEq(sys.governor.quorumNumerator(), 5);
    }

    function test_setProposalThreshold_RevertWhen_aboveOnePercent() public {
        uint256 max = SUPPLY / 100;
        Proposal memory p = _proposal(
            address(sys.governor), abi.encodeCall(VerityGovernor.setProposalThreshold, (max + 1)), "Threshold too high"
        );
        _passAndQueue(p);
        vm.expectRevert(
            abi.encodeWithSelector(IVerityGovernor.VerityGovernorProposalThresholdTooHigh.selector, max + 1, max)
        );
        _execute(p);

        p = _proposal(address(sys.governor), abi.encodeCall(VerityGovernor.setProposalThreshold, (max)), "Threshold 1%");
        _passAndQueue(p);
        _execute(p);
        assertEq(sys.governor.proposalThreshold(), max);
    }

    function test_setProposalThreshold_RevertWhen_notGovernance() public {
        vm.prank(whale);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, whale));
        sys.governor.setProposalThreshold(0);
    }
}
