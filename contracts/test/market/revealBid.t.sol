// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketRevealBidTest is Fixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _post(_request());
    }

    function _rank(address bidder) internal view returns (bytes32) {
        return keccak256(abi.encode(jobId, bidder));
    }

    /// @dev The collateral was locked at commit, sized by the escrow; the first reveal leads and keeps it.
    function test_revealBid_firstRevealLeadsAndKeepsItsLock() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 collateral = _collateral();
        assertEq(collateral, 1000e18, "1 tUSD of escrow locks 10 VRT on the devnet, whatever the bid");
        assertEq(before.collateral, collateral, "fixed at post");
        _assertStake(alice, STAKE, collateral, 0, 0);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidRevealed(jobId, alice, 0, 60e6, true);
        vm.recordLogs();
        _reveal(jobId, alice, 60e6);
        vm.snapshotGasLastCall("market", "revealBid_first");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].emitter != address(sys.staking), "no staking call: the lock stays");
        }
        before.provider = alice;
        before.price = 60e6;
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, collateral, 0, 0);
        assertEq(sys.market.commitmentOf(jobId, alice), bytes32(0), "a commitment is revealed once");
    }

    function test_revealBid_lowerBidTakesTheLeadAndUnlocksThePrevious() public {
        _commit(jobId, alice, 60e6);
        _commit(jobId, bob, 40e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidRevealed(jobId, bob, 0, 40e6, true);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, jobId, _collateral());
        _reveal(jobId, bob, 40e6);
        vm.snapshotGasLastCall("market", "revealBid_takesTheLead");
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        assertEq(j.provider, bob);
        assertEq(j.price, 40e6);
        assertEq(j.collateral, _collateral(), "the bid does not size the collateral");
        _assertStake(alice, STAKE, 0, 0, 0);
        _assertStake(bob, STAKE, _collateral(), 0, 0);
    }

    function test_revealBid_higherBidDoesNotLead() public {
        _commit(jobId, alice, 40e6);
        _commit(jobId, bob, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 40e6);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        _assertStake(bob, STAKE, _collateral(), 0, 0);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidRevealed(jobId, bob, 0, 60e6, false);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(bob, jobId, _collateral());
        _reveal(jobId, bob, 60e6);
        vm.snapshotGasLastCall("market", "revealBid_doesNotLead");
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(bob, STAKE, 0, 0, 0);
        assertEq(sys.market.commitmentOf(jobId, bob), bytes32(0));
    }

    /// @dev Equal prices: the lower keccak256(jobId, bidder) wins, whichever reveals first.
    function test_revealBid_tieIsBrokenByHashWhateverTheOrder() public {
        (address first, address second) = (alice, bob);
        address expected = _rank(alice) < _rank(bob) ? alice : bob;
        uint256 snap = vm.snapshotState();
        for (uint256 order; order < 2; ++order) {
            vm.revertToState(snap);
            _commit(jobId, first, 50e6);
            _commit(jobId, second, 50e6);
            _toReveal(jobId);
            _reveal(jobId, first, 50e6);
            _reveal(jobId, second, 50e6);
            assertEq(sys.market.getJob(jobId).provider, expected);
            address loser = expected == alice ? bob : alice;
            assertEq(sys.staking.stakeOf(loser).locked, 0);
            assertEq(sys.staking.stakeOf(expected).locked, _collateral());
            (first, second) = (second, first);
        }
    }

    function test_revealBid_worksWhilePaused() public {
        _commit(jobId, alice, 60e6);
        vm.prank(guardian);
        sys.market.setPaused(true);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        assertEq(sys.market.getJob(jobId).provider, alice);
    }

    function test_revealBid_atExactlyTheRevealDeadline() public {
        _commit(jobId, alice, 60e6);
        vm.warp(sys.market.getJob(jobId).revealDeadline);
        _reveal(jobId, alice, 60e6);
        assertEq(sys.market.getJob(jobId).provider, alice);
    }

    function test_revealBid_RevertWhen_stillInTheCommitPhase() public {
        _commit(jobId, alice, 60e6);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        vm.warp(j.commitDeadline);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.MarketNotInRevealPhase.selector, jobId, j.commitDeadline, j.revealDeadline
            )
        );
        _reveal(jobId, alice, 60e6);
    }

    function test_revealBid_RevertWhen_revealPhaseOver() public {
        _commit(jobId, alice, 60e6);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        vm.warp(uint256(j.revealDeadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.MarketNotInRevealPhase.selector, jobId, j.commitDeadline, j.revealDeadline
            )
        );
        _reveal(jobId, alice, 60e6);
    }

    function test_revealBid_RevertWhen_wrongSalt() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, alice));
        vm.prank(alice);
        sys.market.revealBid(jobId, 60e6, bytes32("wrong"));
    }

    function test_revealBid_RevertWhen_wrongPrice() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, alice));
        vm.prank(alice);
        sys.market.revealBid(jobId, 59e6, _salt(alice, 60e6));
    }

    function test_revealBid_RevertWhen_noCommitment() public {
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, alice));
        _reveal(jobId, alice, 60e6);
    }

    function test_revealBid_RevertWhen_revealedTwice() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, alice));
        _reveal(jobId, alice, 60e6);
    }

    function test_revealBid_RevertWhen_priceAboveMaxPrice() public {
        _commit(jobId, alice, MAX_PRICE + 1);
        _toReveal(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketBidAboveMaxPrice.selector, jobId, MAX_PRICE + 1, MAX_PRICE)
        );
        _reveal(jobId, alice, MAX_PRICE + 1);
    }

    function test_revealBid_acceptsExactlyMaxPrice() public {
        _commit(jobId, alice, MAX_PRICE);
        _toReveal(jobId);
        _reveal(jobId, alice, MAX_PRICE);
        assertEq(sys.market.getJob(jobId).price, MAX_PRICE);
    }

    function test_revealBid_RevertWhen_priceZero() public {
        _commit(jobId, alice, 0);
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBidAboveMaxPrice.selector, jobId, 0, MAX_PRICE));
        _reveal(jobId, alice, 0);
    }

    /// @dev The collateral is taken at commit now, so a bidder without it cannot even commit.
    function test_commitBid_RevertWhen_notEnoughFreeStakeForTheCollateral() public {
        address dave = _newProvider("dave", 200e18);
        bytes32 c = sys.market.bidCommitment(jobId, 0, dave, 60e6, _salt(dave, 60e6));
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, dave, 200e18, 1000e18));
        vm.prank(dave);
        sys.market.commitBid(jobId, c); // needs 1000 VRT of collateral
    }

    /// @dev A committed bidder cannot unbond its way below the minimum stake: the commitment's
    /// collateral (above the minimum stake here) stays bonded.
    function test_requestUnstake_RevertWhen_committedBidderTriesToFallBelowMinimumStake() public {
        _commit(jobId, alice, 60e6);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStaking.StakingInsufficientFreeStake.selector, alice, STAKE - _collateral(), STAKE - 50e18
            )
        );
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE - 50e18);
    }

    function test_revealBid_belowTheFloorLosesAndIsUnlocked() public {
        uint256 floor = _bidFloor(MAX_PRICE);
        assertEq(floor, 1e6, "1% of 100 tUSD on the devnet");
        _commit(jobId, alice, floor - 1);
        _toReveal(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidRevealed(jobId, alice, 0, floor - 1, false);
        _reveal(jobId, alice, floor - 1);
        // revealed (nothing left to forfeit), never leading, its collateral back at once
        assertEq(sys.market.commitmentOf(jobId, alice), bytes32(0));
        assertEq(sys.market.getJob(jobId).provider, address(0));
        _assertStake(alice, STAKE, 0, 0, 0);
    }

    function test_revealBid_atExactlyTheFloor() public {
        uint256 floor = _bidFloor(MAX_PRICE);
        _commit(jobId, alice, floor);
        _toReveal(jobId);
        _reveal(jobId, alice, floor);
        assertEq(sys.market.getJob(jobId).price, floor);
    }

    /// @dev The floor rounds up: 1% of 150 wei is 1.5, so 1 wei never leads and 2 can.
    function test_revealBid_floorRoundsUp() public {
        uint256 small = _post(_requestWith(150, address(0), 0, false));
        _commit(small, alice, 1);
        _commit(small, bob, 2);
        _toReveal(small);
        _reveal(small, alice, 1);
        assertEq(sys.market.getJob(small).provider, address(0), "1 wei is under the floor");
        _reveal(small, bob, 2);
        assertEq(sys.market.getJob(small).provider, bob);
    }

    function test_revealBid_RevertWhen_jobNoLongerBidding() public {
        _commit(jobId, alice, 60e6);
        _commit(jobId, bob, 70e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Assigned));
        _reveal(jobId, bob, 70e6);
    }

    function test_postJob_collateralRoundsUp() public {
        vm.prank(admin);
        sys.params.setCollateralRatio(15e35 + 1);
        uint256 small = _post(_requestWith(7, address(0), 0, false));
        // 7 * (1.5e36 + 1) / 1e18 = 1.05e19 + 7e-18, above the 10 VRT floor
        assertEq(sys.market.getJob(small).collateral, 105e17 + 1, "rounds up");
    }

    /// @dev The collateral is fixed at post: a later change of the ratio cannot desynchronise the
    /// locks taken at commit from the unlocks at reveal, finalization or forfeit.
    function test_postJob_collateralIsFixedAtPostWhateverTheRatioLater() public {
        vm.prank(admin);
        sys.params.setCollateralRatio(1e30);
        assertEq(sys.market.getJob(jobId).collateral, 1000e18, "sized with the ratio at post");
        _commit(jobId, alice, 60e6);
        _commit(jobId, bob, 70e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _reveal(jobId, bob, 70e6);
        _assertStake(bob, STAKE, 0, 0, 0);
        _assertStake(alice, STAKE, 1000e18, 0, 0);
        vm.prank(admin);
        sys.params.setCollateralRatio(5e31);
        // the locked amount is recorded per job: a later change cannot desynchronise the unlock
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        _assertStake(alice, STAKE, 0, 0, 0);
    }
}
