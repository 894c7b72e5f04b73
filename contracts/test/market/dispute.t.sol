// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";

/// @notice The dispute hooks of the market, driven by a double of the dispute game.
contract DisputeHooksTest is Fixture {
    uint256 internal constant PRICE = 60e6;
    DisputeGameDouble internal game;
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        game = _wireDisputeGame();
        jobId = _submitted(alice, PRICE);
    }

    /* wire */

    function test_wire_setsTheDisputeGameOnce() public {
        assertEq(sys.market.disputeGame(), address(game));
        vm.expectRevert(IJobMarket.MarketAlreadyWired.selector);
        sys.market.wire(address(this));
    }

    function test_wire_RevertWhen_callerNotDeployer() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, admin));
        vm.prank(admin);
        sys.market.wire(admin);
    }

    /* openDispute */

    function test_openDispute_freezesTheJobAndKeepsTheRemainingWindow() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        vm.warp(block.timestamp + 25);
        uint256 remaining = before.deadline - block.timestamp;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobDisputed(jobId);
        game.open(jobId);
        before.status = JobStatus.Disputed;
        before.deadline = uint32(remaining);
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateralFor(PRICE), 0, 0);
    }

    function test_openDispute_atExactlyTheChallengeDeadline() public {
        vm.warp(sys.market.getJob(jobId).deadline);
        game.open(jobId);
        assertEq(sys.market.getJob(jobId).deadline, 0, "no time left");
        _assertStatus(jobId, JobStatus.Disputed);
    }

    function test_openDispute_worksWhilePaused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        game.open(jobId);
        _assertStatus(jobId, JobStatus.Disputed);
    }

    function test_openDispute_RevertWhen_afterTheChallengeDeadline() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        game.open(jobId);
    }

    function test_openDispute_RevertWhen_callerNotTheDisputeGame() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, challenger));
        vm.prank(challenger);
        sys.market.openDispute(jobId);
    }

    function test_openDispute_RevertWhen_alreadyDisputed() public {
        game.open(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Disputed));
        game.open(jobId);
    }

    function test_openDispute_RevertWhen_notSubmitted() public {
        uint256 assigned = _assigned(bob, PRICE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, assigned, JobStatus.Assigned));
        game.open(assigned);
    }

    function test_openDispute_RevertWhen_finalized() public {
        _finalize(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Finalized));
        game.open(jobId);
    }

    function test_finalize_RevertWhen_disputed() public {
        game.open(jobId);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Disputed));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
    }

    /* resolveDispute: provider won */

    /// @dev The window resumes with the time it had left, so that a long dispute can neither eat
    /// the time another challenger needs nor keep the job open forever.
    function test_resolveDispute_providerWonResumesTheRemainingWindow() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        vm.warp(block.timestamp + 20); // 40 s of the 60 s window left
        game.open(jobId);
        vm.warp(block.timestamp + 3 hours); // the dispute took long
        uint256 resumed = block.timestamp + 40;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DisputeRejected(jobId, resumed);
        game.resolve(jobId, true, challenger);
        before.deadline = uint32(resumed);
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateralFor(PRICE), 0, 0);

        vm.warp(resumed);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, resumed));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        // another challenger still has the rest of the window
        game.open(jobId);
        game.resolve(jobId, true, challenger);
        vm.warp(block.timestamp + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.market.claimable(alice), PRICE - PRICE / 100);
    }

    /* resolveDispute: provider lost */

    function test_resolveDispute_providerLostSlashesSplitsAndRefunds() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        uint256 remaining = before.deadline - block.timestamp;
        game.open(jobId);
        uint256 collateral = _collateralFor(PRICE);
        uint256 slash = collateral; // fraudSlashBps = 100%
        uint256 toChallenger = slash * 5000 / 10_000;
        uint256 toRequester = slash * 3000 / 10_000;
        uint256 toTreasury = slash - toChallenger - toRequester;
        uint256 reqVrt = sys.token.balanceOf(requester);
        uint256 treasuryVrt = sys.token.balanceOf(treasury);

        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobRefunded(jobId, requester, MAX_PRICE, JobStatus.Rejected);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, jobId, collateral);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, toChallenger, challenger);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, toRequester, requester);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, toTreasury, treasury);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.ResultRejected(jobId, alice, challenger, slash);
        game.resolve(jobId, false, challenger);

        before.status = JobStatus.Rejected;
        before.deadline = uint32(remaining); // the window it had left when frozen; unused once rejected
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE - slash, 0, 0, 0);
        assertEq(sys.token.balanceOf(challenger), toChallenger);
        assertEq(sys.token.balanceOf(requester), reqVrt + toRequester);
        assertEq(sys.token.balanceOf(treasury), treasuryVrt + toTreasury);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        assertEq(sys.market.claimable(alice), 0);
    }

    function test_resolveDispute_providerLostWithPartialSlashAndOtherShares() public {
        vm.startPrank(admin);
        sys.params.setFraudSlashBps(5000);
        sys.params.setSlashShares(2500, 2500);
        vm.stopPrank();
        game.open(jobId);
        uint256 slash = _collateralFor(PRICE) / 2;
        game.resolve(jobId, false, challenger);
        assertEq(sys.token.balanceOf(challenger), slash / 4);
        _assertStake(alice, STAKE - slash, 0, 0, 0);
    }

    function test_resolveDispute_providerLostReauctions() public {
        uint256 j = _submittedWith(_requestWith(MAX_PRICE, address(0), 0, true), bob, PRICE);
        game.open(j);
        uint256 cd = block.timestamp + 10;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobReauctioned(j, 1, cd, cd + 10);
        game.resolve(j, false, challenger);
        IJobMarket.Job memory job = sys.market.getJob(j);
        assertEq(uint8(job.status), uint8(JobStatus.Bidding));
        assertEq(job.round, 1);
        assertEq(job.provider, address(0));
        assertEq(job.resultHash, bytes32(0));
        assertEq(job.deadline, 0);
        assertEq(sys.market.claimable(requester), 0);
        _assertStake(bob, STAKE - _collateralFor(PRICE), 0, 0, 0);
    }

    function test_resolveDispute_worksWhilePaused() public {
        game.open(jobId);
        vm.prank(guardian);
        sys.market.setPaused(true);
        game.resolve(jobId, false, challenger);
        _assertStatus(jobId, JobStatus.Rejected);
    }

    function test_resolveDispute_RevertWhen_notDisputed() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Submitted));
        game.resolve(jobId, false, challenger);
    }

    function test_resolveDispute_RevertWhen_resolvedTwice() public {
        game.open(jobId);
        game.resolve(jobId, false, challenger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Rejected));
        game.resolve(jobId, false, challenger);
    }

    function test_resolveDispute_RevertWhen_callerNotTheDisputeGame() public {
        game.open(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, admin));
        vm.prank(admin);
        sys.market.resolveDispute(jobId, false, challenger);
    }
}

/// @notice Without a dispute game wired (as the fixture deploys it), nobody can open a dispute.
contract DisputeUnwiredTest is Fixture {
    function test_openDispute_RevertWhen_noDisputeGameWired() public {
        uint256 jobId = _submitted(alice, 60e6);
        assertEq(sys.market.disputeGame(), address(0));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, address(this)));
        sys.market.openDispute(jobId);
    }
}
