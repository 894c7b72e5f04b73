// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IAskBook} from "../../../src/interfaces/IAskBook.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";
import {GasBurnerConsumer} from "../../utils/mocks/Consumers.sol";

/// @notice An ask's terms besides price and collateral: the shortest execution window and the most
/// consumer callback gas a job taking it may impose. In an auction the bidder reads the request and
/// can decline; a take is not the provider's to refuse, so the ask states what it accepts.
/// Found by an attack review: with no floor on the window, a requester took an honest provider's
/// ask with a 1-second window, reported the deadline the next block had already passed, and took
/// the whole stake in liveness slashes for the price of gas; with no bound on the callback, it made
/// each job's finality cost the provider 2M gas to be paid and unlocked.
contract AskTermsTest is FastPathBase {
    uint256 internal constant MIN_WINDOW = 120;
    uint256 internal constant MAX_CALLBACK = 300_000;

    function setUp() public override {
        super.setUp();
        vm.prank(alice);
        book.setAsk(modelId, ASK_PRICE, CAPACITY, block.timestamp + ASK_TTL, type(uint96).max, MIN_WINDOW, MAX_CALLBACK);
    }

    function test_setAsk_storesAndAnnouncesTheTerms() public {
        IAskBook.Ask memory a = book.askOf(alice, modelId);
        assertEq(a.minExecutionWindow, MIN_WINDOW);
        assertEq(a.maxCallbackGas, MAX_CALLBACK);
        uint256 expiry = block.timestamp + 1 hours;
        vm.expectEmit(true, true, true, true, address(book));
        emit IAskBook.AskSet(alice, modelId, ASK_PRICE, 1, expiry, 1e18, 30, 0);
        vm.prank(alice);
        book.setAsk(modelId, ASK_PRICE, 1, expiry, 1e18, 30, 0);
        vm.prank(alice);
        book.withdrawAsk(modelId);
        a = book.askOf(alice, modelId);
        assertEq(a.minExecutionWindow, 0);
        assertEq(a.maxCallbackGas, 0);
    }

    function test_setAsk_RevertWhen_termsDoNotFit32Bits() public {
        uint256 tooLarge = uint256(type(uint32).max) + 1;
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadTerms.selector, tooLarge, 0));
        book.setAsk(modelId, 1, 1, block.timestamp + 1, 0, tooLarge, 0);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadTerms.selector, 0, tooLarge));
        book.setAsk(modelId, 1, 1, block.timestamp + 1, 0, 0, tooLarge);
        vm.stopPrank();
    }

    function test_postJobWithAsk_RevertWhen_windowIsShorterThanTheAsksMinimum() public {
        IJobMarket.JobRequest memory r = _request();
        r.executionWindow = MIN_WINDOW - 1;
        vm.expectRevert(
            abi.encodeWithSelector(IAskBook.AskBookWindowTooShort.selector, alice, modelId, MIN_WINDOW - 1, MIN_WINDOW)
        );
        _postFastWith(r, alice);
        r.executionWindow = MIN_WINDOW;
        uint256 jobId = _postFastWith(r, alice);
        assertEq(sys.market.getJob(jobId).deadline, block.timestamp + MIN_WINDOW, "exactly the minimum is taken");
    }

    function test_postJobWithAsk_RevertWhen_callbackGasIsAboveTheAsksMaximum() public {
        IJobMarket.JobRequest memory r = _request();
        r.consumer = address(new GasBurnerConsumer());
        r.callbackGasLimit = MAX_CALLBACK + 1;
        vm.expectRevert(
            abi.encodeWithSelector(
                IAskBook.AskBookCallbackGasAboveMax.selector, alice, modelId, MAX_CALLBACK + 1, MAX_CALLBACK
            )
        );
        _postFastWith(r, alice);
        r.callbackGasLimit = MAX_CALLBACK;
        _postFastWith(r, alice);
        assertEq(_active(alice), 1);
    }

    /// @dev The attack, replayed: a requester takes the ask with a 1-second window and as much
    /// collateral as the ask allows, the next block is past the deadline, the requester reports it.
    /// Refused at the take: the provider's stake is never at risk from a window it did not accept.
    function test_attack_tinyWindowCannotTakeTheAsk() public {
        IJobMarket.JobRequest memory r = _request();
        r.executionWindow = 1;
        r.minCollateral = STAKE / 4;
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookWindowTooShort.selector, alice, modelId, 1, MIN_WINDOW));
        _postFastWith(r, alice);
        assertEq(sys.staking.stakeOf(alice).locked, 0);
        assertEq(sys.staking.stakeOf(alice).bonded, STAKE);
    }

    /// @dev A provider that delivers within the window it accepted is never late: the window starts
    /// at the post, and a result submitted within `MIN_WINDOW` lands before the deadline.
    function test_aJobTakenAtTheMinimumWindowIsServedInTime() public {
        IJobMarket.JobRequest memory r = _request();
        r.executionWindow = MIN_WINDOW;
        uint256 jobId = _postFastWith(r, alice);
        vm.warp(block.timestamp + MIN_WINDOW);
        _submitFast(jobId, alice);
        assertEq(uint8(sys.market.getJob(jobId).status), uint8(JobStatus.Submitted));
    }
}
