// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {
    GasBurnerConsumer,
    GasMeterConsumer,
    PayloadBombConsumer,
    ReentrantConsumer
} from "../utils/mocks/Consumers.sol";

/// @notice Hostile consumers and hostile finalizers: the payment always lands, and a callback
/// either runs with its full gas limit or finalization does not happen at all.
contract MarketCallbackAttacksTest is Fixture {
    uint256 internal constant PRICE = 60e6;
    uint256 internal constant FEE = PRICE / 100;

    function _submittedFor(address consumer, uint256 gasLimit) internal returns (uint256 jobId) {
        jobId = _submittedWith(_requestWith(MAX_PRICE, consumer, gasLimit, false), alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
    }

    function _assertPaid(uint256 jobId) internal view {
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.market.claimable(alice), PRICE - FEE, "provider paid");
        assertEq(sys.market.claimable(treasury), FEE, "fee paid");
        assertEq(sys.market.claimable(requester), MAX_PRICE - PRICE, "refund paid");
        _assertStake(alice, STAKE, 0, 0, 0);
    }

    function test_finalize_reentrantConsumerFailsInsideWhilePaymentLands() public {
        ReentrantConsumer c = new ReentrantConsumer(sys.market);
        uint256 jobId = _submittedFor(address(c), 1_000_000);
        // a job in its reveal phase for the re-entrant reveal
        uint256 other = _post(_request());
        vm.warp(uint256(sys.market.getJob(other).commitDeadline) + 1);
        c.configure(TRACE, other, false);

        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), true);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);

        assertTrue(c.called());
        bytes memory reentrant = abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertFalse(c.finalizeSucceeded());
        assertEq(c.finalizeError(), reentrant);
        assertFalse(c.claimSucceeded());
        assertEq(c.claimError(), reentrant);
        assertFalse(c.revealSucceeded());
        assertEq(c.revealError(), reentrant);
        _assertPaid(jobId);
        assertEq(usd.balanceOf(address(c)), 0);
    }

    function test_finalize_revertingReentrantConsumerStillPays() public {
        ReentrantConsumer c = new ReentrantConsumer(sys.market);
        uint256 jobId = _submittedFor(address(c), 1_000_000);
        c.configure(TRACE, jobId, true);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), false);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertPaid(jobId);
    }

    function test_finalize_gasBurningConsumerCannotBlockPayment() public {
        GasBurnerConsumer c = new GasBurnerConsumer();
        uint256 gasLimit = sys.market.MAX_CALLBACK_GAS();
        uint256 jobId = _submittedFor(address(c), gasLimit);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), false);
        uint256 g = gasleft();
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        uint256 used = g - gasleft();
        _assertPaid(jobId);
        assertLt(used, gasLimit + 200_000, "the consumer burnt its own limit and no more");
    }

    function test_finalize_returnBombCannotBlockPayment() public {
        PayloadBombConsumer c = new PayloadBombConsumer(false, 600_000);
        uint256 gasLimit = sys.market.MAX_CALLBACK_GAS();
        uint256 jobId = _submittedFor(address(c), gasLimit);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), true);
        uint256 g = gasleft();
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        uint256 used = g - gasleft();
        _assertPaid(jobId);
        assertLt(used, gasLimit + 200_000, "no return data was copied");
    }

    function test_finalize_revertBombCannotBlockPayment() public {
        PayloadBombConsumer c = new PayloadBombConsumer(true, 600_000);
        uint256 gasLimit = sys.market.MAX_CALLBACK_GAS();
        uint256 jobId = _submittedFor(address(c), gasLimit);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), false);
        uint256 g = gasleft();
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        uint256 used = g - gasleft();
        _assertPaid(jobId);
        assertLt(used, gasLimit + 200_000, "no revert data was copied");
    }

    function test_finalize_RevertWhen_callerForwardsTooLittleGasForTheCallback() public {
        GasMeterConsumer c = new GasMeterConsumer();
        uint256 jobId = _submittedFor(address(c), 1_000_000);
        uint256 limit = 1_000_000;
        uint256 needed = limit + limit / 63 + 10_000;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketInsufficientCallbackGas.selector, jobId, needed));
        sys.market.finalize{gas: 900_000}(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Submitted);
        assertEq(c.gasAtEntry(), 0);
    }
}

/// @notice A finalizer that tunes its gas to the unit, trying to make the market pass the gas
/// check and still hand the consumer less than its limit. Large inline outputs make the call's
/// own setup (copying the output into memory) expensive, which is where such a gap would hide.
contract MarketCallbackStarvationTest is Fixture {
    uint256 internal constant GAS_LIMIT = 500_000;
    /// @dev Gas the consumer spends before it reads gasleft() (dispatch and calldata decoding).
    uint256 internal constant ENTRY_OVERHEAD = 1000;

    GasMeterConsumer internal consumer;
    uint256 internal jobId;
    bytes internal output;

    function setUp() public override {
        super.setUp();
        consumer = new GasMeterConsumer();
        output = new bytes(96_000);
        for (uint256 i; i < output.length; i += 32) {
            output[i] = 0x01;
        }
        // A float model: an integer model's output is its output width (at most 4096 bytes).
        IJobMarket.JobRequest memory r = _requestWith(MAX_PRICE, address(consumer), GAS_LIMIT, false);
        r.modelId = _registerFloatModel(publisher, keccak256("float-model"));
        jobId = _assignedWith(r, alice, 60e6);
        vm.prank(alice);
        sys.market.submitResult(jobId, output, new bytes32[](0));
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
    }

    /// @dev The least gas with which finalize succeeds, found by bisection. It runs inside the
    /// test (not setUp), so that accounts are warm or cold exactly as for the probes that follow;
    /// a first throwaway probe makes that state the same for every probe.
    function _leastGas() internal returns (uint256) {
        _tryFinalize(10_000_000);
        (uint256 lo, uint256 hi) = (0, 10_000_000);
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            (bool ok,) = _tryFinalize(mid);
            if (ok) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /// @dev Calls finalize with exactly `g` gas and rolls the state back; returns whether it
    /// succeeded and the gas the consumer saw (zero if it was not called or ran out).
    function _tryFinalize(uint256 g) internal returns (bool ok, uint256 consumerGas) {
        uint256 snap = vm.snapshotState();
        (ok,) = address(sys.market).call{gas: g}(
            abi.encodeCall(IJobMarket.finalize, (jobId, keccak256(output), bytes32(0), output))
        );
        consumerGas = consumer.gasAtEntry();
        vm.revertToState(snap);
    }

    function test_finalize_atTheLeastGasThatSucceedsTheConsumerGetsItsLimit() public {
        uint256 minGas = _leastGas();
        (bool ok, uint256 consumerGas) = _tryFinalize(minGas);
        assertTrue(ok);
        assertGe(consumerGas, GAS_LIMIT - ENTRY_OVERHEAD, "callback starved");
    }

    function test_finalize_RevertWhen_oneGasBelowTheLeastThatSucceeds() public {
        uint256 minGas = _leastGas();
        (bool ok,) = address(sys.market).call{gas: minGas - 1}(
            abi.encodeCall(IJobMarket.finalize, (jobId, keccak256(output), bytes32(0), output))
        );
        assertFalse(ok);
        _assertStatus(jobId, JobStatus.Submitted);
    }

    /// @dev Near the threshold, a failure is the market's own check, not an out-of-gas somewhere.
    function test_finalize_RevertWhen_justBelowTheThresholdWithTheCallbackGasError() public {
        uint256 minGas = _leastGas();
        uint256 limit = GAS_LIMIT;
        uint256 needed = limit + limit / 63 + 10_000;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketInsufficientCallbackGas.selector, jobId, needed));
        sys.market.finalize{gas: minGas - 1}(jobId, keccak256(output), bytes32(0), output);
    }

    /// forge-config: default.fuzz.runs = 32
    /// forge-config: ci.fuzz.runs = 128
    function testFuzz_finalize_neverRunsAStarvedCallback(uint256 g) public {
        uint256 minGas = _leastGas();
        g = bound(g, minGas - 20_000, minGas + 20_000);
        (bool ok, uint256 consumerGas) = _tryFinalize(g);
        if (ok) assertGe(consumerGas, GAS_LIMIT - ENTRY_OVERHEAD, "callback starved");
        else assertLt(g, minGas);
    }
}
