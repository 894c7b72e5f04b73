// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketCancelJobTest is Fixture {
    function test_cancelJob_beforeAnyBidCreditsTheEscrowBack() public {
        uint256 jobId = _post(_request());
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobCancelled(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Credited(requester, jobId, MAX_PRICE);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobRefunded(jobId, requester, MAX_PRICE, JobStatus.Cancelled);
        vm.prank(requester);
        sys.market.cancelJob(jobId);
        vm.snapshotGasLastCall("market", "cancelJob");
        before.status = JobStatus.Cancelled;
        _assertJobEq(sys.market.getJob(jobId), before);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        assertEq(usd.balanceOf(address(sys.market)), MAX_PRICE, "credited, not pushed");
    }

    function test_cancelJob_afterTheAuctionWithNoBid() public {
        uint256 jobId = _post(_request());
        _toSettle(jobId);
        vm.prank(requester);
        sys.market.cancelJob(jobId);
        _assertStatus(jobId, JobStatus.Cancelled);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
    }

    function test_cancelJob_worksWhilePaused() public {
        uint256 jobId = _post(_request());
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.prank(requester);
        sys.market.cancelJob(jobId);
        _assertStatus(jobId, JobStatus.Cancelled);
    }

    function test_cancelJob_RevertWhen_aBidWasCommitted() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 50e6);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketHasBids.selector, jobId));
        vm.prank(requester);
        sys.market.cancelJob(jobId);
    }

    function test_cancelJob_RevertWhen_callerNotRequester() public {
        uint256 jobId = _post(_request());
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, alice));
        vm.prank(alice);
        sys.market.cancelJob(jobId);
    }

    function test_cancelJob_RevertWhen_alreadyCancelled() public {
        uint256 jobId = _post(_request());
        vm.startPrank(requester);
        sys.market.cancelJob(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Cancelled));
        sys.market.cancelJob(jobId);
        vm.stopPrank();
        assertEq(sys.market.claimable(requester), MAX_PRICE, "refunded once");
    }

    function test_cancelJob_RevertWhen_assigned() public {
        uint256 jobId = _assigned(alice, 50e6);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Assigned));
        vm.prank(requester);
        sys.market.cancelJob(jobId);
    }

    function test_cancelJob_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 9));
        vm.prank(requester);
        sys.market.cancelJob(9);
    }
}
