// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketSettleAuctionTest is Fixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _post(_request());
    }

    function test_settleAuction_assignsTheLeaderAndStartsTheExecutionClock() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 deadline = block.timestamp + 600;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobAssigned(jobId, alice, 60e6, _collateral(), deadline);
        vm.prank(makeAddr("anyone"));
        sys.market.settleAuction(jobId);
        vm.snapshotGasLastCall("market", "settleAuction");
        before.status = JobStatus.Assigned;
        before.deadline = uint32(deadline);
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
        assertEq(sys.market.claimable(requester), 0);
    }

    function test_settleAuction_noBidRefunds() public {
        _toSettle(jobId);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.AuctionFailed(jobId, 0);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Credited(requester, jobId, MAX_PRICE);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobRefunded(jobId, requester, MAX_PRICE, JobStatus.Expired);
        sys.market.settleAuction(jobId);
        before.status = JobStatus.Expired;
        _assertJobEq(sys.market.getJob(jobId), before);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
    }

    function test_settleAuction_noValidRevealRefunds() public {
        _commit(jobId, alice, 60e6);
        _commit(jobId, bob, MAX_PRICE + 1); // cannot be revealed
        _toReveal(jobId);
        vm.prank(bob);
        vm.expectRevert();
        sys.market.revealBid(jobId, MAX_PRICE + 1, _salt(bob, MAX_PRICE + 1));
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        // alice never revealed, bob could not: both commitments keep their lock until forfeited
        _assertStake(alice, STAKE, _collateral(), 0, 0);
        _assertStake(bob, STAKE, _collateral(), 0, 0);
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        sys.market.forfeitUnrevealedBid(jobId, 0, bob);
        _assertStake(alice, STAKE - _collateral() / 10, 0, 0, 0);
        _assertStake(bob, STAKE - _collateral() / 10, 0, 0, 0);
    }

    /// @dev A failed auction refunds even when the job asked for re-auction: re-auction is for a
    /// winner that failed, not for a market with no takers.
    function test_settleAuction_noBidRefundsEvenWithReauction() public {
        uint256 j = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        _toSettle(j);
        sys.market.settleAuction(j);
        _assertStatus(j, JobStatus.Expired);
    }

    function test_settleAuction_worksWhilePaused() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        vm.prank(guardian);
        sys.market.setPaused(true);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Assigned);
    }

    function test_settleAuction_RevertWhen_atExactlyTheRevealDeadline() public {
        uint256 end = sys.market.getJob(jobId).revealDeadline;
        vm.warp(end);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketAuctionNotOver.selector, jobId, end));
        sys.market.settleAuction(jobId);
    }

    function test_settleAuction_RevertWhen_alreadySettled() public {
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Expired));
        sys.market.settleAuction(jobId);
        assertEq(sys.market.claimable(requester), MAX_PRICE, "refunded once");
    }

    function test_settleAuction_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 99));
        sys.market.settleAuction(99);
    }
}
