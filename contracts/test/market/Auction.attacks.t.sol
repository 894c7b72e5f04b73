// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";

/// @notice Bidders who do not play along: silent bidders, copied commitments, stake pulled out
/// from under a bid, and providers trying to unbond ahead of a slash.
contract MarketAuctionAttacksTest is Fixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _post(_request());
    }

    function test_revealBid_silentBidderDoesNotStopTheAuction() public {
        _commit(jobId, alice, 10e6); // the best bid, never revealed
        _commit(jobId, bob, 50e6);
        _commit(jobId, carol, 70e6);
        _toReveal(jobId);
        _reveal(jobId, carol, 70e6);
        _reveal(jobId, bob, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        assertEq(j.provider, bob);
        assertEq(j.price, 50e6);
        // a silent bidder's commitment held its collateral through the auction, and forfeits
        _assertStake(alice, STAKE, _collateral(), 0, 0);
        _assertStake(carol, STAKE, 0, 0, 0);
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        _assertStake(alice, STAKE - _collateral() / 10, 0, 0, 0);
    }

    function test_revealBid_allSilentRefundsTheRequester() public {
        _commit(jobId, alice, 10e6);
        _commit(jobId, bob, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        // and the requester, who could not cancel once bids came in, gets the escrow back
        vm.prank(requester);
        assertEq(sys.market.claim(), MAX_PRICE);
    }

    /// @dev A commitment binds the bidder's address: copying someone's commitment and replaying
    /// their revealed price and salt fails for the copier.
    function test_revealBid_RevertWhen_replayingAnotherBiddersCommitment() public {
        bytes32 aliceCommitment = sys.market.bidCommitment(jobId, 0, alice, 40e6, _salt(alice, 40e6));
        vm.prank(alice);
        sys.market.commitBid(jobId, aliceCommitment);
        vm.prank(bob);
        sys.market.commitBid(jobId, aliceCommitment); // bob copies it from the mempool
        _toReveal(jobId);
        _reveal(jobId, alice, 40e6); // alice's price and salt are now public
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, bob));
        vm.prank(bob);
        sys.market.revealBid(jobId, 40e6, _salt(alice, 40e6));
        assertEq(sys.market.getJob(jobId).provider, alice);
    }

    /// @dev Same, front-running alice's reveal: bob reveals her price and salt before she does.
    function test_revealBid_RevertWhen_frontRunningTheOwnersReveal() public {
        bytes32 aliceCommitment = sys.market.bidCommitment(jobId, 0, alice, 40e6, _salt(alice, 40e6));
        vm.prank(alice);
        sys.market.commitBid(jobId, aliceCommitment);
        vm.prank(bob);
        sys.market.commitBid(jobId, aliceCommitment);
        _toReveal(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, jobId, bob));
        vm.prank(bob);
        sys.market.revealBid(jobId, 40e6, _salt(alice, 40e6));
        _reveal(jobId, alice, 40e6);
        assertEq(sys.market.getJob(jobId).provider, alice);
    }

    /// @dev A commitment also binds the job and the round: it cannot be replayed on another job.
    function test_revealBid_RevertWhen_commitmentReplayedOnAnotherJob() public {
        uint256 other = _post(_request());
        bytes32 c = sys.market.bidCommitment(jobId, 0, alice, 40e6, _salt(alice, 40e6));
        vm.startPrank(alice);
        sys.market.commitBid(jobId, c);
        sys.market.commitBid(other, c);
        vm.stopPrank();
        _toReveal(other);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitmentMismatch.selector, other, alice));
        _reveal(other, alice, 40e6);
    }

    /// @dev A bidder cannot drain its stake between commit and reveal: the commitment locked the
    /// collateral, so it always has it if it wins.
    function test_revealBid_bidderCannotDrainItsStakeAfterCommitting() public {
        _commit(jobId, alice, 10e6);
        _commit(jobId, bob, 50e6);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, alice, STAKE - _collateral(), STAKE)
        );
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE);
        _toReveal(jobId);
        _reveal(jobId, alice, 10e6);
        _reveal(jobId, bob, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        assertEq(sys.market.getJob(jobId).provider, alice);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
    }

    /// @dev The leader's collateral is locked (since its commit), so it cannot be unbonded before settlement.
    function test_requestUnstake_RevertWhen_leaderTriesToFreeItsCollateral() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        uint256 collateral = _collateral();
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, alice, STAKE - collateral, STAKE)
        );
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE);
    }

    /// @dev Unstaking everything it can ahead of a missed deadline leaves the collateral bonded:
    /// the liveness slash is taken in full.
    function test_reportMissedDeadline_unstakingAheadOfTheSlashDoesNotEscapeIt() public {
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        uint256 collateral = _collateral();
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE - collateral);
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        _assertStake(alice, collateral, collateral, STAKE - collateral, releaseAt);

        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        uint256 before = sys.token.balanceOf(requester);
        sys.market.reportMissedDeadline(jobId);
        uint256 slash = collateral / 10;
        assertEq(sys.token.balanceOf(requester) - before, slash);
        _assertStake(alice, collateral - slash, 0, STAKE - collateral, releaseAt);
    }

    /// @dev A fraud slash of the whole collateral, after the provider unbonded everything free.
    function test_resolveDispute_unstakingAheadOfAFraudSlashDoesNotEscapeIt() public {
        uint256 submitted = _submitted(bob, 60e6);
        uint256 collateral = _collateral();
        vm.prank(bob);
        sys.staking.requestUnstake(STAKE - collateral);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, bob, 0, 1));
        vm.prank(bob);
        sys.staking.requestUnstake(1);
        DisputeGameDouble game = _wireDisputeGame();
        game.open(submitted);
        game.resolve(submitted, false, challenger);
        _assertStake(bob, 0, 0, STAKE - collateral, sys.staking.stakeOf(bob).releaseAt);
        assertEq(sys.token.balanceOf(address(game)), collateral / 2, "the challengers' reward pot");
    }

    /// @dev Even a slash larger than the bonded stake (not one the market makes, but one the
    /// staking contract must survive) reaches the stake that is unbonding.
    function test_slash_reachesStakeUnbondedAheadOfIt() public {
        vm.prank(address(sys.market));
        sys.staking.lock(alice, 99, 1000e18);
        vm.prank(alice);
        sys.staking.requestUnstake(STAKE - 1000e18);
        address[] memory r = new address[](1);
        uint256[] memory a = new uint256[](1);
        (r[0], a[0]) = (requester, 3000e18);
        vm.prank(address(sys.market));
        sys.staking.slash(alice, 99, 1000e18, r, a);
        IStaking.StakeInfo memory s = sys.staking.stakeOf(alice);
        assertEq(s.bonded, 0);
        assertEq(s.unbonding, STAKE - 3000e18);
    }
}
