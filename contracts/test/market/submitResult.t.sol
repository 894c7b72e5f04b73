// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketSubmitResultTest is Fixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _assigned(alice, 60e6);
    }

    function test_submitResult_inlineStoresTheResultAndStartsTheChallengeWindow() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 challengeDeadline = block.timestamp + sys.params.challengeWindow();
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.ResultSubmitted(jobId, alice, keccak256(OUTPUT), TRACE, _trace(), OUTPUT, "", challengeDeadline);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        vm.snapshotGasLastCall("market", "submitResult");
        before.status = JobStatus.Submitted;
        before.outputInline = true;
        before.deadline = uint32(challengeDeadline);
        before.resultHash = _resultHash(OUTPUT, TRACE);
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
    }

    function test_submitResultUri_storesTheHashesAndEmitsTheUri() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        bytes32 outputHash = keccak256("big output");
        uint256 challengeDeadline = block.timestamp + sys.params.challengeWindow();
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.ResultSubmitted(jobId, alice, outputHash, TRACE, _trace(), "", "ipfs://out", challengeDeadline);
        vm.prank(alice);
        sys.market.submitResultUri(jobId, "ipfs://out", outputHash, _trace());
        vm.snapshotGasLastCall("market", "submitResultUri");
        before.status = JobStatus.Submitted;
        before.outputInline = false;
        before.deadline = uint32(challengeDeadline);
        before.resultHash = keccak256(abi.encodePacked(outputHash, TRACE));
        _assertJobEq(sys.market.getJob(jobId), before);
    }

    function test_submitResult_atExactlyTheExecutionDeadline() public {
        vm.warp(sys.market.getJob(jobId).deadline);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _assertStatus(jobId, JobStatus.Submitted);
    }

    function test_submitResult_worksWhilePaused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _assertStatus(jobId, JobStatus.Submitted);
    }

    function test_submitResult_RevertWhen_afterTheExecutionDeadline() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
    }

    function test_submitResultUri_RevertWhen_afterTheExecutionDeadline() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        vm.prank(alice);
        sys.market.submitResultUri(jobId, "u", bytes32(uint256(1)), _trace());
    }

    function test_submitResult_RevertWhen_callerNotTheWinner() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotProvider.selector, jobId, bob));
        vm.prank(bob);
        sys.market.submitResult(jobId, OUTPUT, _trace());
    }

    function test_submitResultUri_RevertWhen_callerNotTheWinner() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotProvider.selector, jobId, requester));
        vm.prank(requester);
        sys.market.submitResultUri(jobId, "u", bytes32(uint256(1)), _trace());
    }

    function test_submitResult_RevertWhen_emptyOutput() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketEmptyOutput.selector, jobId));
        vm.prank(alice);
        sys.market.submitResult(jobId, "", _trace());
    }

    function test_submitResult_RevertWhen_alreadySubmitted() public {
        vm.startPrank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Submitted));
        sys.market.submitResult(jobId, hex"ff", _trace());
        vm.stopPrank();
    }

    function test_submitResult_RevertWhen_stillBidding() public {
        uint256 bidding = _post(_request());
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, bidding, JobStatus.Bidding));
        vm.prank(alice);
        sys.market.submitResult(bidding, OUTPUT, _trace());
    }

    function test_submitResult_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 42));
        vm.prank(alice);
        sys.market.submitResult(42, OUTPUT, _trace());
    }
}
