// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";

/// @notice A job whose auction drew no valid bid ends without its requester: anyone may settle it
/// after the reveal window, and the escrow is credited to the requester, who claims it whenever.
contract MarketNoStuckJobsTest is FastPathBase {
    function test_settleAuction_byAnyoneRefundsAJobWithNoBid() public {
        uint256 jobId = _post(_request());
        _toSettle(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.AuctionFailed(jobId, 0);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobRefunded(jobId, requester, MAX_PRICE, JobStatus.Expired);
        vm.prank(makeAddr("keeper"));
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        uint256 before = usd.balanceOf(requester);
        vm.prank(requester);
        sys.market.claim();
        assertEq(usd.balanceOf(requester), before + MAX_PRICE);
    }

    /// @dev A job with `reauction` is refunded too: re-auctioning is for a winner who failed, not
    /// for an auction nobody entered.
    function test_settleAuction_noBidWithReauctionIsRefundedNotReauctioned() public {
        IJobMarket.JobRequest memory r = _request();
        r.reauction = true;
        uint256 jobId = _post(r);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
    }

    /// @dev Bids committed and never revealed leave no winner: the job is refunded all the same, and
    /// the silent bidders are forfeited to the requester.
    function test_settleAuction_onlyUnrevealedBidsRefundsAndForfeits() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Expired);
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        _assertStake(alice, STAKE - _collateral() * sys.params.livenessSlashBps() / 10_000, 0, 0, 0);
    }
}
