// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketCommitBidTest is Fixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _post(_request());
    }

    function _c(address bidder, uint256 price) internal view returns (bytes32) {
        return sys.market.bidCommitment(jobId, 0, bidder, price, _salt(bidder, price));
    }

    function test_commitBid_storesTheCommitmentAndCountsIt() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        bytes32 c = _c(alice, 50e6);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidCommitted(jobId, alice, 0, c);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeLocked(alice, jobId, _collateral());
        vm.prank(alice);
        sys.market.commitBid(jobId, c);
        vm.snapshotGasLastCall("market", "commitBid");
        assertEq(sys.market.commitmentOf(jobId, alice), c);
        before.commitCount = 1;
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateral(), 0, 0); // a commitment locks the job's collateral at once
    }

    function test_commitBid_eachBidderOnce() public {
        _commit(jobId, alice, 50e6);
        _commit(jobId, bob, 40e6);
        _commit(jobId, carol, 30e6);
        assertEq(sys.market.getJob(jobId).commitCount, 3);
    }

    function test_commitBid_atExactlyTheCommitDeadline() public {
        vm.warp(sys.market.getJob(jobId).commitDeadline);
        _commit(jobId, alice, 50e6);
        assertEq(sys.market.getJob(jobId).commitCount, 1);
    }

    function test_commitBid_RevertWhen_oneSecondAfterTheCommitDeadline() public {
        uint256 deadline = sys.market.getJob(jobId).commitDeadline;
        vm.warp(deadline + 1);
        bytes32 c = _c(alice, 50e6);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitClosed.selector, jobId, deadline));
        vm.prank(alice);
        sys.market.commitBid(jobId, c);
    }

    function test_commitBid_RevertWhen_paused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        bytes32 c = _c(alice, 50e6);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        vm.prank(alice);
        sys.market.commitBid(jobId, c);
    }

    function test_commitBid_RevertWhen_zeroCommitment() public {
        vm.expectRevert(IJobMarket.MarketZeroCommitment.selector);
        vm.prank(alice);
        sys.market.commitBid(jobId, bytes32(0));
    }

    function test_commitBid_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 5));
        vm.prank(alice);
        sys.market.commitBid(5, bytes32(uint256(1)));
    }

    function test_commitBid_RevertWhen_jobCancelled() public {
        vm.prank(requester);
        sys.market.cancelJob(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Cancelled));
        vm.prank(alice);
        sys.market.commitBid(jobId, bytes32(uint256(1)));
    }

    function test_commitBid_RevertWhen_jobAssigned() public {
        uint256 assigned = _assigned(alice, 50e6);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, assigned, JobStatus.Assigned));
        vm.prank(bob);
        sys.market.commitBid(assigned, bytes32(uint256(1)));
    }

    function test_commitBid_RevertWhen_bidderNotRegistered() public {
        address dave = makeAddr("dave");
        sys.token.transfer(dave, 1000e18);
        vm.startPrank(dave);
        sys.token.approve(address(sys.staking), type(uint256).max);
        sys.staking.stake(1000e18);
        // eligibility is checked by the lock the commit takes
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotRegistered.selector, dave));
        sys.market.commitBid(jobId, bytes32(uint256(1)));
        vm.stopPrank();
    }

    function test_commitBid_RevertWhen_bidderBelowMinimumStake() public {
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE - 99e18);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingBelowMinimumStake.selector, alice, 99e18, 100e18));
        vm.prank(alice);
        sys.market.commitBid(jobId, bytes32(uint256(1)));
    }

    function test_commitBid_RevertWhen_alreadyCommitted() public {
        _commit(jobId, alice, 50e6);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketAlreadyCommitted.selector, jobId, alice));
        vm.prank(alice);
        sys.market.commitBid(jobId, bytes32(uint256(1)));
    }

    /// @dev The count only gates cancellation, so it saturates rather than blocking the 65,536th bidder.
    /// The count's place in storage is found by watching the slot change on a first commit.
    function test_commitBid_countSaturates() public {
        bytes32 slot = _slotHolding(uint160(requester));
        uint256 before = uint256(vm.load(address(sys.market), slot));
        _commit(jobId, alice, 50e6);
        uint256 one = uint256(vm.load(address(sys.market), slot)) - before; // 1 << offset of commitCount
        assertEq(one & (one - 1), 0, "a single bit moved");
        vm.store(address(sys.market), slot, bytes32(before + one * type(uint16).max));
        assertEq(sys.market.getJob(jobId).commitCount, type(uint16).max);
        _commit(jobId, bob, 50e6);
        assertEq(sys.market.getJob(jobId).commitCount, type(uint16).max);
        assertEq(sys.market.getJob(jobId).requester, requester);
        assertEq(uint8(sys.market.getJob(jobId).status), uint8(JobStatus.Bidding));
    }

    /// @dev The storage slot of the market, read by getJob, whose low 160 bits are `low`.
    function _slotHolding(uint160 low) internal returns (bytes32) {
        vm.record();
        sys.market.getJob(jobId);
        (bytes32[] memory reads,) = vm.accesses(address(sys.market));
        for (uint256 i; i < reads.length; ++i) {
            if (uint160(uint256(vm.load(address(sys.market), reads[i]))) == low) return reads[i];
        }
        revert("slot not found");
    }
}
