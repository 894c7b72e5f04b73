// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketForfeitUnrevealedBidTest is Fixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _post(_request());
    }

    function _forfeit() internal view returns (uint256) {
        return _collateral() * sys.params.livenessSlashBps() / 10_000;
    }

    function test_forfeitUnrevealedBid_slashesTheRequesterAndUnlocksTheRest() public {
        _commit(jobId, alice, 60e6);
        _toSettle(jobId);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 forfeit = _forfeit();
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, jobId, _collateral());
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, forfeit, requester);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidForfeited(jobId, 0, alice, forfeit);
        vm.prank(makeAddr("anyone"));
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        vm.snapshotGasLastCall("market", "forfeitUnrevealedBid");
        _assertStake(alice, STAKE - forfeit, 0, 0, 0);
        assertEq(sys.token.balanceOf(requester), forfeit);
        assertEq(sys.market.commitmentOf(jobId, alice), bytes32(0), "deleted");
        _assertJobEq(sys.market.getJob(jobId), before); // the job itself is untouched
        assertEq(sys.staking.getVotes(alice), STAKE - forfeit);
    }

    /// @dev Right after the reveal deadline, before anyone settles the auction.
    function test_forfeitUnrevealedBid_justAfterTheRevealDeadline() public {
        _commit(jobId, alice, 60e6);
        vm.warp(uint256(sys.market.getJob(jobId).revealDeadline) + 1);
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        _assertStake(alice, STAKE - _forfeit(), 0, 0, 0);
        _assertStatus(jobId, JobStatus.Bidding);
    }

    /// @dev The auction ran without the silent bid; the winner's lock is not touched.
    function test_forfeitUnrevealedBid_afterSettlement() public {
        _commit(jobId, alice, 60e6);
        _commit(jobId, bob, 50e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        sys.market.forfeitUnrevealedBid(jobId, 0, bob);
        _assertStake(bob, STAKE - _forfeit(), 0, 0, 0);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
        _assertStatus(jobId, JobStatus.Assigned);
    }

    /// @dev A commitment of an ended round stays forfeitable while the job runs its next round.
    function test_forfeitUnrevealedBid_ofAnEarlierRound() public {
        uint256 j = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        _commit(j, alice, 60e6);
        _commit(j, bob, 50e6); // never revealed
        _toReveal(j);
        _reveal(j, alice, 60e6);
        _toSettle(j);
        sys.market.settleAuction(j);
        vm.warp(uint256(sys.market.getJob(j).deadline) + 1);
        sys.market.reportMissedDeadline(j);
        assertEq(sys.market.getJob(j).round, 1);
        _commit(j, carol, 70e6); // round 1 is in its commit phase
        sys.market.forfeitUnrevealedBid(j, 0, bob);
        _assertStake(bob, STAKE - _forfeit(), 0, 0, 0);
        _assertStake(carol, STAKE, _collateral(), 0, 0);
    }

    /// @dev A new round without bids may be cancelled; the old round's silent commitment stays
    /// forfeitable afterwards (the lock never outlives its job unaccounted).
    function test_forfeitUnrevealedBid_afterTheJobWasCancelledInALaterRound() public {
        uint256 j = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        _commit(j, alice, 60e6);
        _commit(j, bob, 50e6); // never revealed
        _toReveal(j);
        _reveal(j, alice, 60e6);
        _toSettle(j);
        sys.market.settleAuction(j);
        vm.warp(uint256(sys.market.getJob(j).deadline) + 1);
        sys.market.reportMissedDeadline(j);
        vm.prank(requester);
        sys.market.cancelJob(j);
        _assertStatus(j, JobStatus.Cancelled);
        _assertStake(bob, STAKE, _collateral(), 0, 0);
        sys.market.forfeitUnrevealedBid(j, 0, bob);
        _assertStake(bob, STAKE - _forfeit(), 0, 0, 0);
    }

    function test_forfeitUnrevealedBid_worksWhilePaused() public {
        _commit(jobId, alice, 60e6);
        vm.prank(guardian);
        sys.market.setPaused(true);
        _toSettle(jobId);
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        _assertStake(alice, STAKE - _forfeit(), 0, 0, 0);
    }

    function test_forfeitUnrevealedBid_RevertWhen_revealPhaseStillOpen() public {
        _commit(jobId, alice, 60e6);
        uint256 revealDeadline = sys.market.getJob(jobId).revealDeadline;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketRevealStillOpen.selector, jobId, 0, revealDeadline));
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        vm.warp(revealDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketRevealStillOpen.selector, jobId, 0, revealDeadline));
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
    }

    function test_forfeitUnrevealedBid_RevertWhen_revealed() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNoCommitment.selector, jobId, 0, alice));
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
    }

    function test_forfeitUnrevealedBid_RevertWhen_forfeitedTwice() public {
        _commit(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNoCommitment.selector, jobId, 0, alice));
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
    }

    function test_forfeitUnrevealedBid_RevertWhen_wrongRound() public {
        _commit(jobId, alice, 60e6);
        _toSettle(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNoCommitment.selector, jobId, 1, alice));
        sys.market.forfeitUnrevealedBid(jobId, 1, alice);
    }

    function test_forfeitUnrevealedBid_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 9));
        sys.market.forfeitUnrevealedBid(9, 0, alice);
    }

    /// @dev A forfeit never takes more than the job's collateral nor more than the bidder has,
    /// whatever the slash parameter, the collateral asked and the bidder's stake.
    function testFuzz_forfeitUnrevealedBid_neverExceedsCollateral(
        uint256 livenessBps,
        uint256 minCollateral,
        uint256 extraStake
    ) public {
        livenessBps = bound(livenessBps, 100, 10_000);
        minCollateral = bound(minCollateral, 0, 5000e18);
        extraStake = bound(extraStake, 0, 5000e18);
        IJobMarket.JobRequest memory r = _request();
        r.minCollateral = minCollateral;
        uint256 j = _post(r);
        uint256 collateral = sys.market.getJob(j).collateral;
        address dave = _newProvider("dave", collateral + extraStake + 100e18);
        _commit(j, dave, 60e6);
        vm.prank(admin);
        sys.params.setLivenessSlashBps(uint16(livenessBps));
        _toSettle(j);
        IStaking.StakeInfo memory before = sys.staking.stakeOf(dave);
        sys.market.forfeitUnrevealedBid(j, 0, dave);
        IStaking.StakeInfo memory afterwards = sys.staking.stakeOf(dave);
        uint256 taken = uint256(before.bonded) - afterwards.bonded;
        assertLe(taken, collateral, "at most the collateral");
        assertEq(taken, collateral * livenessBps / 10_000);
        assertEq(afterwards.locked, 0, "the rest unlocked");
        assertEq(sys.token.balanceOf(requester), taken);
    }
}
