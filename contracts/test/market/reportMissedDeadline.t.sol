// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketReportMissedDeadlineTest is Fixture {
    uint256 internal constant PRICE = 60e6;

    function _toMissed(uint256 jobId) internal {
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
    }

    function test_reportMissedDeadline_slashesTheRequesterShareAndRefunds() public {
        uint256 jobId = _assigned(alice, PRICE);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 collateral = _collateral();
        uint256 slash = collateral * 1000 / 10_000;
        uint256 reqVrt = sys.token.balanceOf(requester);
        uint256 stakingVrt = sys.token.balanceOf(address(sys.staking));
        _toMissed(jobId);

        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Credited(requester, jobId, MAX_PRICE);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobRefunded(jobId, requester, MAX_PRICE, JobStatus.Expired);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, jobId, collateral);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, slash, requester);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DeadlineMissed(jobId, alice, slash, 1);
        vm.prank(makeAddr("anyone"));
        sys.market.reportMissedDeadline(jobId);
        vm.snapshotGasLastCall("market", "reportMissedDeadline");
        assertEq(sys.market.missedDeadlines(alice), 1, "counted");

        before.status = JobStatus.Expired;
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE - slash, 0, 0, 0);
        assertEq(sys.token.balanceOf(requester), reqVrt + slash);
        assertEq(sys.token.balanceOf(address(sys.staking)), stakingVrt - slash);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        assertEq(sys.market.claimable(alice), 0);
        assertEq(sys.staking.getVotes(alice), STAKE - slash);
    }

    function test_reportMissedDeadline_reauctionOpensANewRound() public {
        uint256 jobId = _assignedWith(_requestWith(MAX_PRICE, address(0), 0, true), alice, PRICE);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 slash = _collateral() / 10;
        _toMissed(jobId);
        uint256 cd = block.timestamp + 10;

        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobReauctioned(jobId, 1, cd, cd + 10);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DeadlineMissed(jobId, alice, slash, 1);
        sys.market.reportMissedDeadline(jobId);

        before.status = JobStatus.Bidding;
        before.round = 1;
        before.commitCount = 0;
        before.outputInline = false;
        before.provider = address(0);
        before.price = 0;
        // the collateral was fixed at post and holds for every round
        before.commitDeadline = uint32(cd);
        before.revealDeadline = uint32(cd + 10);
        before.deadline = 0;
        before.resultHash = bytes32(0);
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE - slash, 0, 0, 0);
        assertEq(sys.market.claimable(requester), 0, "the escrow stays for the next round");
        assertEq(usd.balanceOf(address(sys.market)), MAX_PRICE);

        // the new round runs to completion
        _commit(jobId, bob, 70e6);
        _toReveal(jobId);
        _reveal(jobId, bob, 70e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(bob);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        assertEq(sys.market.claimable(bob), 70e6 - 70e6 / 100);
        assertEq(sys.market.claimable(requester), MAX_PRICE - 70e6);
    }

    /// @dev Commitments are keyed by round: a round-0 commitment cannot be revealed in round 1.
    function test_reportMissedDeadline_oldRoundCommitmentsCannotBeRevealed() public {
        uint256 jobId = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        _commit(jobId, alice, PRICE);
        _commit(jobId, bob, 80e6); // bob never reveals in round 0
        _toReveal(jobId);
        _reveal(jobId, alice, PRICE);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _toMissed(jobId);
        sys.market.reportMissedDeadline(jobId);
        assertEq(sys.market.commitmentOf(jobId, bob), bytes32(0), "round 1 starts empty");

        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, bob));
        vm.prank(bob);
        sys.market.revealBid(jobId, 80e6, _salt(bob, 80e6));
    }

    function test_reportMissedDeadline_bidderMayCommitAgainInTheNewRound() public {
        uint256 jobId = _assignedWith(_requestWith(MAX_PRICE, address(0), 0, true), alice, PRICE);
        _toMissed(jobId);
        sys.market.reportMissedDeadline(jobId);
        _commit(jobId, alice, 50e6);
        assertEq(
            sys.market.commitmentOf(jobId, alice), sys.market.bidCommitment(jobId, 1, alice, 50e6, _salt(alice, 50e6))
        );
        _toReveal(jobId);
        _reveal(jobId, alice, 50e6);
        assertEq(sys.market.getJob(jobId).provider, alice);
    }

    function test_reportMissedDeadline_refundsAfterMaxRounds() public {
        uint256 jobId = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        uint8 maxRounds = sys.market.MAX_ROUNDS();
        uint256 slashed;
        for (uint256 r; r < maxRounds; ++r) {
            assertEq(sys.market.getJob(jobId).round, r);
            _commit(jobId, alice, PRICE);
            _toReveal(jobId);
            _reveal(jobId, alice, PRICE);
            _toSettle(jobId);
            sys.market.settleAuction(jobId);
            _toMissed(jobId);
            // 10%, 20%, 40%, 80% of the collateral, then all of it: each miss in a row doubles
            uint256 slash = _collateral() * 1000 * 2 ** r / 10_000;
            slashed += slash < _collateral() ? slash : _collateral();
            sys.market.reportMissedDeadline(jobId);
            assertEq(sys.market.missedDeadlines(alice), r + 1);
            if (r + 1 < maxRounds) _assertStatus(jobId, JobStatus.Bidding);
        }
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(sys.market.getJob(jobId).round, maxRounds - 1);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        assertEq(slashed, _collateral() * 55 / 10, "0.1 + 0.2 + 0.4 + 0.8 + 4 x 1");
        _assertStake(alice, STAKE - slashed, 0, 0, 0);
    }

    function test_reportMissedDeadline_worksWhilePaused() public {
        uint256 jobId = _assigned(alice, PRICE);
        vm.prank(guardian);
        sys.market.setPaused(true);
        _toMissed(jobId);
        sys.market.reportMissedDeadline(jobId);
        _assertStatus(jobId, JobStatus.Expired);
    }

    function test_reportMissedDeadline_slashesWithTheLivenessParameterAtReportTime() public {
        uint256 jobId = _assigned(alice, PRICE);
        vm.prank(admin);
        sys.params.setLivenessSlashBps(10_000);
        _toMissed(jobId);
        sys.market.reportMissedDeadline(jobId);
        _assertStake(alice, STAKE - _collateral(), 0, 0, 0);
    }

    function test_reportMissedDeadline_RevertWhen_atExactlyTheDeadline() public {
        uint256 jobId = _assigned(alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, deadline));
        sys.market.reportMissedDeadline(jobId);
    }

    function test_reportMissedDeadline_RevertWhen_resultSubmitted() public {
        uint256 jobId = _submitted(alice, PRICE);
        _toMissed(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Submitted));
        sys.market.reportMissedDeadline(jobId);
    }

    function test_reportMissedDeadline_RevertWhen_reportedTwice() public {
        uint256 jobId = _assigned(alice, PRICE);
        _toMissed(jobId);
        sys.market.reportMissedDeadline(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Expired));
        sys.market.reportMissedDeadline(jobId);
    }

    function test_reportMissedDeadline_RevertWhen_stillBidding() public {
        uint256 jobId = _post(_request());
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Bidding));
        sys.market.reportMissedDeadline(jobId);
    }

    function test_reportMissedDeadline_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 8));
        sys.market.reportMissedDeadline(8);
    }
}
