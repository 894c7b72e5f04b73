// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {RecordingConsumer} from "../utils/mocks/Consumers.sol";

contract MarketFinalizeTest is Fixture {
    uint256 internal constant PRICE = 60e6;

    function test_finalize_paysProviderFeeAndRefundAndUnlocks() public {
        uint256 jobId = _submitted(alice, PRICE);
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 fee = PRICE * 100 / 10_000;
        uint256 refund = MAX_PRICE - PRICE;
        uint256 collateral = _collateral();
        uint256 marketBalance = usd.balanceOf(address(sys.market));
        vm.warp(uint256(before.deadline) + 1);

        // Staking unlocks first: it says what of the pay goes to the provider's delegators.
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, jobId, collateral);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Credited(alice, jobId, PRICE - fee);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Credited(treasury, jobId, fee);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.Credited(requester, jobId, refund);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobFinalized(jobId, alice, PRICE - fee, fee, refund);
        vm.prank(makeAddr("anyone"));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        vm.snapshotGasLastCall("market", "finalize");

        before.status = JobStatus.Finalized;
        _assertJobEq(sys.market.getJob(jobId), before);
        assertEq(sys.market.claimable(alice), PRICE - fee);
        assertEq(sys.market.claimable(treasury), fee);
        assertEq(sys.market.claimable(requester), refund);
        assertEq(usd.balanceOf(address(sys.market)), marketBalance, "pull payments: nothing leaves yet");
        _assertStake(alice, STAKE, 0, 0, 0);
    }

    function test_finalize_uriResultNeedsNoOutputBytes() public {
        uint256 jobId = _assigned(alice, PRICE);
        bytes32 outputHash = keccak256("out");
        vm.prank(alice);
        sys.market.submitResultUri(jobId, "ipfs://out", outputHash, _trace());
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.finalize(jobId, outputHash, TRACE, "ignored");
        _assertStatus(jobId, JobStatus.Finalized);
    }

    function test_finalize_atMaxPriceCreditsNoRefund() public {
        uint256 jobId = _submitted(alice, MAX_PRICE);
        vm.recordLogs();
        _finalize(jobId);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            bool creditToRequester = logs[i].topics[0] == IJobMarket.Credited.selector
                && logs[i].topics[1] == bytes32(uint256(uint160(requester)));
            assertFalse(creditToRequester, "no zero credit");
        }
        assertEq(sys.market.claimable(requester), 0);
        uint256 fee = MAX_PRICE / 100;
        assertEq(sys.market.claimable(alice), MAX_PRICE - fee);
    }

    function test_finalize_withZeroFeeCreditsNoTreasury() public {
        vm.prank(admin);
        sys.params.setProtocolFeeBps(0);
        uint256 jobId = _submitted(alice, PRICE);
        _finalize(jobId);
        assertEq(sys.market.claimable(treasury), 0);
        assertEq(sys.market.claimable(alice), PRICE);
    }

    function test_finalize_callsTheConsumerBackWithTheInlineOutput() public {
        RecordingConsumer c = new RecordingConsumer();
        uint256 jobId = _submittedWith(_requestWith(MAX_PRICE, address(c), 200_000, false), alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), true);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        vm.snapshotGasLastCall("market", "finalize_withCallback");
        assertEq(c.calls(), 1);
        assertEq(c.lastJobId(), jobId);
        assertEq(c.lastOutputHash(), keccak256(OUTPUT));
        assertEq(c.lastOutput(), OUTPUT);
        assertEq(c.lastCaller(), address(sys.market));
        assertGe(c.gasAtEntry(), 200_000 - 1000, "the consumer got its gas limit");
    }

    function test_finalize_callsTheConsumerBackWithoutOutputForAUriResult() public {
        RecordingConsumer c = new RecordingConsumer();
        uint256 jobId = _assignedWith(_requestWith(MAX_PRICE, address(c), 200_000, false), alice, PRICE);
        vm.prank(alice);
        sys.market.submitResultUri(jobId, "ipfs://out", keccak256("out"), _trace());
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.finalize(jobId, keccak256("out"), TRACE, "not forwarded");
        assertEq(c.calls(), 1);
        assertEq(c.lastOutputHash(), keccak256("out"));
        assertEq(c.lastOutput(), "");
    }

    function test_finalize_consumerWithZeroGasFailsButPays() public {
        RecordingConsumer c = new RecordingConsumer();
        uint256 jobId = _submittedWith(_requestWith(MAX_PRICE, address(c), 0, false), alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.CallbackExecuted(jobId, address(c), false);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        assertEq(c.calls(), 0);
        assertGt(sys.market.claimable(alice), 0);
    }

    function test_finalize_worksWhilePaused() public {
        uint256 jobId = _submitted(alice, PRICE);
        vm.prank(guardian);
        sys.market.setPaused(true);
        _finalize(jobId);
        _assertStatus(jobId, JobStatus.Finalized);
    }

    function test_finalize_RevertWhen_atExactlyTheChallengeDeadline() public {
        uint256 jobId = _submitted(alice, PRICE);
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, deadline));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
    }

    function test_finalize_RevertWhen_wrongOutputHash() public {
        uint256 jobId = _submitted(alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketResultMismatch.selector, jobId));
        sys.market.finalize(jobId, keccak256("other"), TRACE, "other");
    }

    function test_finalize_RevertWhen_wrongTraceRoot() public {
        uint256 jobId = _submitted(alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketResultMismatch.selector, jobId));
        sys.market.finalize(jobId, keccak256(OUTPUT), keccak256("other"), OUTPUT);
    }

    /// @dev The hashes match but the bytes do not: the consumer must get the real output.
    function test_finalize_RevertWhen_inlineOutputMismatch() public {
        uint256 jobId = _submitted(alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketResultMismatch.selector, jobId));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, hex"deadbeef");
    }

    function test_finalize_RevertWhen_finalizedTwice() public {
        uint256 jobId = _submitted(alice, PRICE);
        _finalize(jobId);
        uint256 paid = sys.market.claimable(alice);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Finalized));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        assertEq(sys.market.claimable(alice), paid);
    }

    function test_finalize_RevertWhen_notSubmitted() public {
        uint256 jobId = _assigned(alice, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Assigned));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
    }

    function test_finalize_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 3));
        sys.market.finalize(3, keccak256(OUTPUT), TRACE, OUTPUT);
    }
}
