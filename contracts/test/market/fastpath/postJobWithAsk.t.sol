// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IAskBook} from "../../../src/interfaces/IAskBook.sol";
import {IStaking} from "../../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";

/// @notice Posting a job that takes a standing ask: assigned in the same transaction, or refused
/// with the reason.
contract MarketPostJobWithAskTest is FastPathBase {
    function setUp() public override {
        super.setUp();
        _ask(alice, ASK_PRICE, CAPACITY);
    }

    function test_postJobWithAsk_assignsAtTheAsksPriceAndLocksTheCollateral() public {
        uint256 collateral = _collateral();
        uint256 deadline = block.timestamp + 600;
        uint256 requesterBalance = usd.balanceOf(requester);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobPosted(1, requester, modelId, _request(), keccak256(INPUT), INPUT, "", collateral, 0, 0);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobAssigned(1, alice, ASK_PRICE, collateral, deadline);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeLocked(alice, 1, collateral);
        vm.prank(requester);
        uint256 jobId = sys.market.postJobWithAsk(_request(), INPUT, alice);
        vm.snapshotGasLastCall("market", "postJobWithAsk");

        assertEq(jobId, 1);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        assertEq(uint8(j.status), uint8(JobStatus.Assigned), "assigned at once");
        assertEq(j.provider, alice);
        assertEq(j.price, ASK_PRICE, "the ask's price, not the maximum");
        assertEq(j.maxPrice, MAX_PRICE, "the maximum is escrowed, as in an auction");
        assertEq(j.collateral, collateral, "sized as for an auction");
        assertEq(j.commitDeadline, 0, "no auction");
        assertEq(j.revealDeadline, 0, "no auction");
        assertEq(j.deadline, deadline, "the execution deadline starts now");
        assertEq(j.executionWindow, 600);
        assertEq(j.inputHash, keccak256(INPUT));
        assertEq(usd.balanceOf(requester), requesterBalance - MAX_PRICE);
        assertEq(usd.balanceOf(address(sys.market)), MAX_PRICE);
        _assertStake(alice, STAKE, collateral, 0, 0);
        assertEq(_active(alice), 1, "one unit of capacity taken");
    }

    function test_postJobWithAsk_atTheAsksPriceExactly() public {
        uint256 jobId = _postFastWith(_fastRequest(ASK_PRICE), alice);
        assertEq(sys.market.getJob(jobId).price, ASK_PRICE);
        assertEq(sys.market.getJob(jobId).collateral, _collateralFor(ASK_PRICE, 0), "collateral from the escrow");
    }

    function test_postJobWithAsk_honoursTheRequestsMinCollateral() public {
        IJobMarket.JobRequest memory r = _request();
        r.minCollateral = 3000e18;
        uint256 jobId = _postFastWith(r, alice);
        assertEq(sys.market.getJob(jobId).collateral, 3000e18);
        _assertStake(alice, STAKE, 3000e18, 0, 0);
    }

    function test_postJobWithAsk_RevertWhen_noAsk() public {
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookNoAsk.selector, bob, modelId));
        _postFast(bob);
    }

    function test_postJobWithAsk_RevertWhen_askExpired() public {
        uint256 expiry = book.askOf(alice, modelId).expiry;
        vm.warp(expiry);
        _postFast(alice); // the expiry is the last second an ask can be taken
        vm.warp(expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookExpired.selector, alice, modelId, expiry));
        _postFast(alice);
    }

    function test_postJobWithAsk_RevertWhen_capacityFull() public {
        _postFast(alice);
        _postFast(alice);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookFull.selector, alice, modelId, CAPACITY));
        _postFast(alice);
    }

    function test_postJobWithAsk_RevertWhen_askIsAboveTheMaximumPrice() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAskBook.AskBookPriceAboveMax.selector, alice, modelId, ASK_PRICE, ASK_PRICE - 1)
        );
        _postFastWith(_fastRequest(ASK_PRICE - 1), alice);
    }

    function test_postJobWithAsk_RevertWhen_collateralIsAboveTheAsksMaximum() public {
        uint256 collateral = _collateral();
        vm.prank(alice);
        book.setAsk(modelId, ASK_PRICE, CAPACITY, block.timestamp + 1 hours, collateral - 1, 0, type(uint32).max);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAskBook.AskBookCollateralAboveMax.selector, alice, modelId, _collateral(), _collateral() - 1
            )
        );
        _postFast(alice);
    }

    function test_postJobWithAsk_RevertWhen_providerLacksFreeStake() public {
        IJobMarket.JobRequest memory r = _request();
        r.minCollateral = STAKE + 1;
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, alice, STAKE, STAKE + 1));
        _postFastWith(r, alice);
    }

    function test_postJobWithAsk_RevertWhen_providerIsBelowTheMinimumStake() public {
        uint256 minStake = sys.params.minStake();
        address low = _newProvider("low", minStake - 1);
        _ask(low, ASK_PRICE, 1);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingBelowMinimumStake.selector, low, minStake - 1, minStake));
        _postFast(low);
    }

    function test_postJobWithAsk_RevertWhen_providerIsNotRegistered() public {
        address stranger = makeAddr("stranger");
        _ask(stranger, ASK_PRICE, 1);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotRegistered.selector, stranger));
        _postFast(stranger);
    }

    function test_postJobWithAsk_RevertWhen_paused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        _postFast(alice);
    }

    function test_postJobWithAsk_RevertWhen_inputHasTheWrongWidth() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadInputLength.selector, modelId, 3, 8));
        vm.prank(requester);
        sys.market.postJobWithAsk(_request(), hex"010203", alice);
    }

    /// @dev A refused take leaves nothing behind: no job, no lock, no capacity used, no escrow.
    function test_postJobWithAsk_refusalChangesNothing() public {
        IJobMarket.JobRequest memory r = _request();
        r.minCollateral = STAKE + 1;
        vm.prank(requester);
        try sys.market.postJobWithAsk(r, INPUT, alice) {
            fail();
        } catch {}
        assertEq(sys.market.jobCount(), 0);
        assertEq(_active(alice), 0);
        _assertStake(alice, STAKE, 0, 0, 0);
        assertEq(usd.balanceOf(address(sys.market)), 0);
    }
}
