// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

contract MarketClaimTest is Fixture {
    function test_claim_paysOutEverythingCredited() public {
        uint256 jobId = _submitted(alice, 60e6);
        _finalize(jobId);
        uint256 owed = sys.market.claimable(alice);
        uint256 marketBefore = usd.balanceOf(address(sys.market));
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Claimed(alice, owed);
        vm.prank(alice);
        uint256 amount = sys.market.claim();
        vm.snapshotGasLastCall("market", "claim");
        assertEq(amount, owed);
        assertEq(sys.market.claimable(alice), 0);
        assertEq(usd.balanceOf(alice), owed);
        assertEq(usd.balanceOf(address(sys.market)), marketBefore - owed);
    }

    function test_claim_accumulatesAcrossJobs() public {
        _finalize(_submitted(alice, 60e6));
        _finalize(_submitted(alice, 30e6));
        uint256 fee1 = 60e6 / 100;
        uint256 fee2 = 30e6 / 100;
        assertEq(sys.market.claimable(requester), 2 * MAX_PRICE - 90e6);
        vm.prank(requester);
        uint256 refund = sys.market.claim();
        assertEq(refund, 2 * MAX_PRICE - 90e6);
        vm.prank(treasury);
        assertEq(sys.market.claim(), fee1 + fee2);
    }

    function test_claim_worksWhilePaused() public {
        uint256 jobId = _post(_request());
        vm.prank(requester);
        sys.market.cancelJob(jobId);
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.prank(requester);
        assertEq(sys.market.claim(), MAX_PRICE);
    }

    function test_claim_RevertWhen_nothingToClaim() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNothingToClaim.selector, alice));
        vm.prank(alice);
        sys.market.claim();
    }

    function test_claim_RevertWhen_claimedTwice() public {
        uint256 jobId = _post(_request());
        vm.startPrank(requester);
        sys.market.cancelJob(jobId);
        sys.market.claim();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNothingToClaim.selector, requester));
        sys.market.claim();
        vm.stopPrank();
    }
}
