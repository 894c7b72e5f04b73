// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";

/// @notice Every deadline at its exact edge, for random windows and start times: the action
/// allowed up to a deadline works at t == deadline and fails at deadline + 1, and the action
/// allowed after it fails at t == deadline and works at deadline + 1.
contract MarketDeadlineFuzzTest is Fixture {
    uint256 internal constant PRICE = 60e6;

    function _windows(uint32 commitW, uint32 revealW, uint32 execW, uint32 challengeW, uint256 start)
        internal
        returns (IJobMarket.JobRequest memory r)
    {
        commitW = uint32(bound(commitW, 5, 7 days));
        revealW = uint32(bound(revealW, 5, 7 days));
        execW = uint32(bound(execW, 1, 30 days));
        challengeW = uint32(bound(challengeW, 60, 30 days));
        vm.startPrank(admin);
        sys.params.setUnbondingDelay(365 days);
        sys.params.setCommitWindow(commitW);
        sys.params.setRevealWindow(revealW);
        sys.params.setMaxExecutionWindow(30 days);
        sys.params.setChallengeWindow(challengeW);
        vm.stopPrank();
        vm.warp(bound(start, 1, 2_000_000_000));
        r = _request();
        r.executionWindow = execW;
    }

    function testFuzz_commitBid_closesRightAfterTheCommitDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        uint256 jobId = _post(_windows(cw, rw, ew, chw, start));
        uint256 deadline = sys.market.getJob(jobId).commitDeadline;
        assertEq(deadline, block.timestamp + sys.params.commitWindow());
        vm.warp(deadline + 1);
        bytes32 c = sys.market.bidCommitment(jobId, 0, alice, PRICE, _salt(alice, PRICE));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitClosed.selector, jobId, deadline));
        vm.prank(alice);
        sys.market.commitBid(jobId, c);
        vm.warp(deadline);
        _commit(jobId, alice, PRICE);
    }

    function testFuzz_revealBid_opensAfterTheCommitDeadlineAndClosesAfterTheRevealDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        uint256 jobId = _post(_windows(cw, rw, ew, chw, start));
        _commit(jobId, alice, PRICE);
        _commit(jobId, bob, PRICE + 1);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        assertEq(j.revealDeadline, uint256(j.commitDeadline) + sys.params.revealWindow());
        bytes memory notInPhase = abi.encodeWithSelector(
            IJobMarket.MarketNotInRevealPhase.selector, jobId, j.commitDeadline, j.revealDeadline
        );
        vm.warp(j.commitDeadline);
        vm.expectRevert(notInPhase);
        _reveal(jobId, alice, PRICE);
        vm.warp(uint256(j.commitDeadline) + 1);
        _reveal(jobId, alice, PRICE);
        vm.warp(uint256(j.revealDeadline) + 1);
        vm.expectRevert(notInPhase);
        _reveal(jobId, bob, PRICE + 1);
        vm.warp(j.revealDeadline);
        _reveal(jobId, bob, PRICE + 1);
    }

    function testFuzz_settleAuction_opensRightAfterTheRevealDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        uint256 jobId = _post(_windows(cw, rw, ew, chw, start));
        _commit(jobId, alice, PRICE);
        _toReveal(jobId);
        _reveal(jobId, alice, PRICE);
        uint256 end = sys.market.getJob(jobId).revealDeadline;
        vm.warp(end);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketAuctionNotOver.selector, jobId, end));
        sys.market.settleAuction(jobId);
        vm.warp(end + 1);
        sys.market.settleAuction(jobId);
        assertEq(sys.market.getJob(jobId).deadline, end + 1 + sys.market.getJob(jobId).executionWindow);
    }

    function testFuzz_submitResult_closesRightAfterTheExecutionDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        uint256 jobId = _assignedWith(_windows(cw, rw, ew, chw, start), alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        uint256 snap = vm.snapshotState();
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        vm.revertToState(snap);
        vm.warp(deadline);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        assertEq(sys.market.getJob(jobId).deadline, deadline + sys.params.challengeWindow());
    }

    function testFuzz_reportMissedDeadline_opensRightAfterTheExecutionDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        uint256 jobId = _assignedWith(_windows(cw, rw, ew, chw, start), alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, deadline));
        sys.market.reportMissedDeadline(jobId);
        vm.warp(deadline + 1);
        sys.market.reportMissedDeadline(jobId);
        _assertStatus(jobId, JobStatus.Expired);
    }

    function testFuzz_finalize_opensRightAfterTheChallengeDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        uint256 jobId = _submittedWith(_windows(cw, rw, ew, chw, start), alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, deadline));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        vm.warp(deadline + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
    }

    function testFuzz_openDispute_closesRightAfterTheChallengeDeadline(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start
    ) public {
        DisputeGameDouble game = _wireDisputeGame();
        uint256 jobId = _submittedWith(_windows(cw, rw, ew, chw, start), alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        game.open(jobId);
        vm.warp(deadline);
        game.open(jobId);
        game.open(jobId); // a second dispute at the same second
        _assertStatus(jobId, JobStatus.Disputed);
        // A running dispute does not keep the window open.
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        game.open(jobId);
    }

    /// @dev A dispute the provider wins never moves the challenge deadline: finalization opens at
    /// its edge, or at once when the dispute outlived it.
    function testFuzz_resolveDispute_keepsTheDeadlineAndItsEdges(
        uint32 cw,
        uint32 rw,
        uint32 ew,
        uint32 chw,
        uint256 start,
        uint256 openAfter,
        uint256 disputeLength
    ) public {
        DisputeGameDouble game = _wireDisputeGame();
        uint256 jobId = _submittedWith(_windows(cw, rw, ew, chw, start), alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        openAfter = bound(openAfter, 0, sys.params.challengeWindow());
        vm.warp(block.timestamp + openAfter);
        game.open(jobId);
        vm.warp(block.timestamp + bound(disputeLength, 0, 30 days));
        game.resolve(jobId, true, challenger);
        assertEq(sys.market.getJob(jobId).deadline, deadline);
        if (block.timestamp <= deadline) {
            vm.warp(deadline);
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, deadline));
            sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
            vm.warp(deadline + 1);
        }
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
    }

    function testFuzz_withdraw_opensAtReleaseAt(uint32 delay, uint256 start, uint96 amount) public {
        delay = uint32(bound(delay, 241, 365 days));
        vm.prank(admin);
        sys.params.setUnbondingDelay(delay);
        vm.warp(bound(start, 1, 2_000_000_000));
        amount = uint96(bound(amount, 1, STAKE));
        vm.prank(alice);
        sys.staking.requestUnstake(amount);
        uint256 releaseAt = block.timestamp + delay;
        vm.warp(releaseAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingStillUnbonding.selector, alice, releaseAt));
        vm.prank(alice);
        sys.staking.withdraw();
        vm.warp(releaseAt);
        vm.prank(alice);
        sys.staking.withdraw();
        assertEq(sys.token.balanceOf(alice), amount);
    }
}
