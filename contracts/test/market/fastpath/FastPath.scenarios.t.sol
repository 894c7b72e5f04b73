// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../../utils/mocks/DisputeGameDouble.sol";

/// @notice A fast job through every ending: submitted and final, disputed (won and lost), late
/// (refunded, or re-auctioned), with the ask's capacity and the provider's record after each.
contract MarketFastPathScenariosTest is FastPathBase {
    DisputeGameDouble internal game;
    uint256 internal fee;

    function setUp() public override {
        super.setUp();
        game = _wireDisputeGame();
        _ask(alice, ASK_PRICE, CAPACITY);
        fee = ASK_PRICE * sys.params.protocolFeeBps() / 10_000;
    }

    function test_submitResult_fastJobGivesBackItsCapacity() public {
        uint256 jobId = _postFast(alice);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        vm.snapshotGasLastCall("market", "submitResult_fastJob");
        _assertStatus(jobId, JobStatus.Submitted);
        assertEq(_active(alice), 0, "work done: the unit is free again");
        assertEq(sys.market.getJob(jobId).deadline, block.timestamp + sys.params.challengeWindow());
    }

    function test_submitResultUri_fastJobGivesBackItsCapacity() public {
        uint256 jobId = _postFast(alice);
        vm.prank(alice);
        sys.market.submitResultUri(jobId, "ipfs://out", keccak256(OUTPUT), _trace());
        assertEq(_active(alice), 0);
    }

    function test_capacity_freedBySubmitCanBeTakenAgain() public {
        uint256 a = _postFast(alice);
        _postFast(alice);
        _submitFast(a, alice);
        _postFast(alice); // the unit a gave back
        assertEq(_active(alice), 2);
    }

    function test_finalize_fastJobPaysTheAsksPrice() public {
        uint256 jobId = _postFast(alice);
        _submitFast(jobId, alice);
        _finalize(jobId);
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.market.claimable(alice), ASK_PRICE - fee);
        assertEq(sys.market.claimable(treasury), fee);
        assertEq(sys.market.claimable(requester), MAX_PRICE - ASK_PRICE, "the unspent escrow");
        _assertStake(alice, STAKE, 0, 0, 0);
        _assertRecord(alice, 1, 0, 0, 0);
    }

    function test_dispute_providerWinsThenFinalizes() public {
        uint256 jobId = _postFast(alice);
        _submitFast(jobId, alice);
        game.open(jobId);
        _assertStatus(jobId, JobStatus.Disputed);
        game.resolve(jobId, true, challenger);
        _finalize(jobId);
        assertEq(sys.market.claimable(alice), ASK_PRICE - fee);
        _assertRecord(alice, 1, 0, 0, 0);
        assertEq(_active(alice), 0);
    }

    function test_dispute_providerLosesIsSlashedAndConvicted() public {
        uint256 jobId = _postFast(alice);
        _submitFast(jobId, alice);
        game.open(jobId);
        uint256 slash = _collateral() * sys.params.fraudSlashBps() / 10_000;
        game.resolve(jobId, false, challenger);
        _assertStatus(jobId, JobStatus.Rejected);
        _assertStake(alice, STAKE - slash, 0, 0, 0);
        assertEq(sys.market.claimable(requester), MAX_PRICE, "the whole escrow back");
        _assertRecord(alice, 0, 0, 1, 0);
        assertEq(_active(alice), 0, "released once, at submit");
    }

    function test_reportMissedDeadline_fastJobIsSlashedRefundedAndFreesItsCapacity() public {
        uint256 jobId = _postFast(alice);
        assertEq(_active(alice), 1);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        uint256 slash = _collateral() * sys.params.livenessSlashBps() / 10_000;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DeadlineMissed(jobId, alice, slash, 1);
        sys.market.reportMissedDeadline(jobId);
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(_active(alice), 0, "a late job no longer holds the ask");
        _assertStake(alice, STAKE - slash, 0, 0, 0);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        _assertRecord(alice, 0, 1, 0, 1);
    }

    /// @dev With `reauction`, a late fast job opens an auction round: from then on it is an auction
    /// job (it has commit and reveal deadlines) and never touches the ask again.
    function test_reportMissedDeadline_fastJobWithReauctionGoesToAuction() public {
        IJobMarket.JobRequest memory r = _request();
        r.reauction = true;
        uint256 jobId = _postFastWith(r, alice);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
        IJobMarket.Job memory j = sys.market.getJob(jobId);
        assertEq(uint8(j.status), uint8(JobStatus.Bidding));
        assertEq(j.round, 1);
        assertGt(j.commitDeadline, 0);
        assertEq(_active(alice), 0);

        _commit(jobId, bob, 50e6);
        _toReveal(jobId);
        _reveal(jobId, bob, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(bob);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        uint256 price = 50e6;
        assertEq(sys.market.claimable(bob), price - price * sys.params.protocolFeeBps() / 10_000);
        assertEq(_active(alice), 0);
        _assertRecord(bob, 1, 0, 0, 0);
    }

    /// @dev The fast path's lifecycle in the steady state of a busy market (docs/gas.md): a first
    /// job has made every payee's balance nonzero, then a second one is recorded step by step; the
    /// requester's maximum is the ask's price (nothing to refund), as the SDK posts by default.
    function test_fastPath_lifecycleWarm() public {
        uint256 first = _postFastWith(_fastRequest(ASK_PRICE), alice);
        _submitFast(first, alice);
        _finalize(first);

        vm.prank(requester);
        uint256 jobId = sys.market.postJobWithAsk(_fastRequest(ASK_PRICE), INPUT, alice);
        vm.snapshotGasLastCall("market", "fastPath_post_warm");
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        vm.snapshotGasLastCall("market", "fastPath_submit_warm");
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        vm.snapshotGasLastCall("market", "fastPath_finalize_warm");
        assertEq(sys.market.claimable(alice), 2 * (ASK_PRICE - fee));
    }
}
