// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract RevealBidTest is Fixture {
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
        vm.recordLogs();
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.BidRevealed(jobId, alice, 0, 60e6, true);
        _reveal(jobId, alice, 60e6);
        assertEq(vm.getRecordedLogs().length, 1, "no staking call: the lock stays");
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

    function test_revealBid_RevertWhen_notEnoughFreeStakeForTheCollateral() public {
        address dave = _newProvider("dave", 200e18);
        _commit(jobId, dave, 60e6); // needs 600 VRT of collateral
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, dave, 200e18, 600e18));
        _reveal(jobId, dave, 60e6);
    }

    function test_revealBid_RevertWhen_bidderFellBelowMinimumStake() public {
        _commit(jobId, alice, 1);
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE - 50e18);
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingBelowMinimumStake.selector, alice, 50e18, 100e18));
        _reveal(jobId, alice, 1);
    }

    function test_revealBid_RevertWhen_collateralDoesNotFit96Bits() public {
        vm.prank(admin);
        sys.params.setCollateralRatio(1e40);
        _commit(jobId, alice, MAX_PRICE);
        _toReveal(jobId);
        uint256 collateral = MAX_PRICE * 1e40 / 1e18;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadPrice.selector, collateral));
        _reveal(jobId, alice, MAX_PRICE);
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

    function test_revealBid_collateralRoundsUp() public {
        vm.prank(admin);
        sys.params.setCollateralRatio(3e17); // 0.3 VRT wei per tUSD wei
        _commit(jobId, alice, 7);
        _toReveal(jobId);
        _reveal(jobId, alice, 7);
        assertEq(sys.market.getJob(jobId).collateral, 3, "2.1 rounds up to 3");
    }

    function test_revealBid_collateralFollowsTheRatioAtRevealTime() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        vm.prank(admin);
        sys.params.setCollateralRatio(1e30);
        // the locked amount is recorded per job: a later change cannot desynchronise the unlock
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        _assertStake(alice, STAKE, 0, 0, 0);
    }
}
