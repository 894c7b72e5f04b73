// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";

/// @notice The dispute hooks of the market, driven by a double of the dispute game.
contract MarketDisputeHooksTest is Fixture {
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

    function test_openDispute_freezesTheJobAndKeepsTheChallengeDeadline() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        vm.warp(block.timestamp + 25);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobDisputed(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, 1);
        game.open(jobId);
        (, uint8 round) = game.opened(0);
        assertEq(round, 0, "round returned");
        before.status = JobStatus.Disputed;
        _assertJobEq(sys.market.getJob(jobId), before); // the deadline did not move
        assertEq(sys.market.openDisputes(jobId), 1);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
    }

    /// @dev Disputes run side by side: a second challenger is never kept out by a running dispute.
    function test_openDispute_whileDisputedCountsAnotherDispute() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        game.open(jobId);
        vm.warp(block.timestamp + 10);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobDisputed(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, 2);
        game.open(jobId);
        game.open(jobId);
        assertEq(sys.market.openDisputes(jobId), 3);
        _assertStatus(jobId, JobStatus.Disputed);
        assertEq(sys.market.getJob(jobId).deadline, deadline);
    }

    function test_openDispute_atExactlyTheChallengeDeadline() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline);
        game.open(jobId);
        game.open(jobId); // while disputed too
        assertEq(sys.market.getJob(jobId).deadline, deadline, "the deadline never moves");
        assertEq(sys.market.openDisputes(jobId), 2);
        _assertStatus(jobId, JobStatus.Disputed);
    }

    function test_openDispute_worksWhilePaused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        game.open(jobId);
        _assertStatus(jobId, JobStatus.Disputed);
    }

    function test_openDispute_returnsTheCurrentRound() public {
        uint256 j = _submittedWith(_requestWith(MAX_PRICE, address(0), 0, true), bob, PRICE);
        game.open(j);
        game.resolve(j, false, challenger);
        _resubmit(j, carol);
        game.open(j);
        (uint256 openedJob, uint8 round) = game.opened(1);
        assertEq(openedJob, j);
        assertEq(round, 1);
    }

    /// @dev The slot counter saturates at 2^16 - 1 and the count goes on in a slot of its own: no
    /// number of disputes can keep another challenger out.
    function test_openDispute_countsPastTheSlotCounter() public {
        _setSlotCounter(jobId, type(uint16).max);
        assertEq(sys.market.openDisputes(jobId), type(uint16).max);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, uint256(type(uint16).max) + 1);
        game.open(jobId);
        game.open(jobId);
        assertEq(sys.market.openDisputes(jobId), uint256(type(uint16).max) + 2);

        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, uint256(type(uint16).max) + 1);
        game.resolve(jobId, true, challenger);
        game.resolve(jobId, true, challenger);
        assertEq(sys.market.openDisputes(jobId), type(uint16).max);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, uint256(type(uint16).max) - 1);
        game.resolve(jobId, true, challenger);
        _assertStatus(jobId, JobStatus.Disputed);

        // A lost dispute ends the round and clears both counters.
        game.open(jobId);
        game.open(jobId);
        assertEq(sys.market.openDisputes(jobId), uint256(type(uint16).max) + 1);
        game.resolve(jobId, false, challenger);
        _assertStatus(jobId, JobStatus.Rejected);
        assertEq(sys.market.openDisputes(jobId), 0);
        assertEq(_slotCounter(jobId), 0);
        assertFalse(game.resolve(jobId, true, challenger), "stale");
    }

    function test_openDispute_RevertWhen_afterTheChallengeDeadline() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        game.open(jobId);
    }

    /// @dev A running dispute does not extend the window for new ones.
    function test_openDispute_RevertWhen_afterTheChallengeDeadlineWhileDisputed() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        game.open(jobId);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        game.open(jobId);
    }

    function test_openDispute_RevertWhen_callerNotTheDisputeGame() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, challenger));
        vm.prank(challenger);
        sys.market.openDispute(jobId);
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

    function test_openDispute_RevertWhen_rejected() public {
        game.open(jobId);
        game.resolve(jobId, false, challenger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Rejected));
        game.open(jobId);
    }

    /* finalize while disputed */

    function test_finalize_RevertWhen_disputed() public {
        game.open(jobId);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Disputed));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
    }

    /// @dev Nothing is paid while any dispute of the round runs, even long after the deadline.
    function test_finalize_RevertWhen_anyDisputeIsStillOpen() public {
        game.open(jobId);
        game.open(jobId);
        game.open(jobId);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1 days);
        game.resolve(jobId, true, challenger);
        game.resolve(jobId, true, challenger);
        assertEq(sys.market.openDisputes(jobId), 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, jobId, JobStatus.Disputed));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        game.resolve(jobId, true, challenger);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.market.claimable(alice), PRICE - PRICE / 100);
    }

    /* resolveDispute: provider won */

    /// @dev The window never pauses nor resumes: after the last dispute, the original deadline
    /// stands, so a dispute that outlived it leaves the job finalizable at once.
    function test_resolveDispute_providerWonKeepsTheOriginalDeadline() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        vm.warp(block.timestamp + 20);
        game.open(jobId);
        vm.warp(block.timestamp + 3 hours); // the dispute outlived the window
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DisputeRejected(jobId, before.deadline);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, 0);
        assertTrue(game.resolve(jobId, true, challenger));
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
        assertEq(sys.market.openDisputes(jobId), 0);

        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, before.deadline));
        game.open(jobId);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.market.claimable(alice), PRICE - PRICE / 100);
    }

    /// @dev A dispute that ends inside the window gives the rest of it back to everyone, unchanged.
    function test_resolveDispute_providerWonInsideTheWindow() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        game.open(jobId);
        vm.warp(block.timestamp + 10);
        game.resolve(jobId, true, challenger);
        _assertStatus(jobId, JobStatus.Submitted);
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlineNotPassed.selector, jobId, deadline));
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        game.open(jobId); // another challenger, at the last second
        game.resolve(jobId, true, challenger);
        vm.warp(deadline + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
    }

    function test_resolveDispute_providerWonOneOfTwoKeepsTheJobDisputed() public {
        uint256 deadline = sys.market.getJob(jobId).deadline;
        game.open(jobId);
        game.open(jobId);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DisputeRejected(jobId, deadline);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.OpenDisputesChanged(jobId, 0, 1);
        game.resolve(jobId, true, challenger);
        _assertStatus(jobId, JobStatus.Disputed);
        assertEq(sys.market.openDisputes(jobId), 1);
    }

    /* resolveDispute: provider lost */

    /// @dev The treasury's floor first, then the requester, then the challengers' pot to the game
    /// (never to the convicting challenger, which may be the liar's sybil).
    function test_resolveDispute_providerLostSlashesSplitsAndRefunds() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        game.open(jobId);
        game.open(jobId);
        uint256 collateral = before.collateral;
        uint256 slash = collateral; // fraudSlashBps = 100%
        uint256 toChallengers = slash * 5000 / 10_000;
        uint256 toRequester = slash * 3000 / 10_000;
        uint256 toTreasury = slash - toChallengers - toRequester;
        uint256 reqVrt = sys.token.balanceOf(requester);
        uint256 treasuryVrt = sys.token.balanceOf(treasury);

        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobRefunded(jobId, requester, MAX_PRICE, JobStatus.Rejected);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, jobId, collateral);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, toTreasury, treasury);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, toRequester, requester);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, toChallengers, address(game));
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.ResultRejected(jobId, alice, challenger, slash);
        vm.prank(address(game));
        (bool applied, uint256 pot, uint256 shares) = sys.market.resolveDispute(jobId, 0, false, challenger);
        assertTrue(applied);
        assertEq(pot, toChallengers, "reward pot");
        assertEq(shares, 2, "both open disputes share it");

        before.status = JobStatus.Rejected; // the deadline is unchanged
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE - slash, 0, 0, 0);
        assertEq(sys.token.balanceOf(challenger), 0, "the challenger is paid by the game");
        assertEq(sys.token.balanceOf(address(game)), toChallengers);
        assertEq(sys.token.balanceOf(requester), reqVrt + toRequester);
        assertEq(sys.token.balanceOf(treasury), treasuryVrt + toTreasury);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
        assertEq(sys.market.claimable(alice), 0);
    }

    function test_resolveDispute_providerLostWithPartialSlashAndOtherShares() public {
        vm.startPrank(admin);
        // shares first: a 50% slash with the default shares (50% + 30%) leaves the treasury 10% < PENALTY_FLOOR_BPS
        sys.params.setSlashShares(2500, 2500);
        sys.params.setFraudSlashBps(5000);
        vm.stopPrank();
        game.open(jobId);
        uint256 slash = _collateral() / 2;
        game.resolve(jobId, false, challenger);
        assertEq(sys.token.balanceOf(address(game)), slash / 4);
        assertEq(sys.token.balanceOf(treasury), slash - 2 * (slash * 2500 / 10_000), "the floor");
        _assertStake(alice, STAKE - slash, 0, 0, 0);
    }

    /// @dev The reward shares count every open dispute of the round, past the slot counter too.
    function test_resolveDispute_rewardSharesCountPastTheSlotCounter() public {
        _setSlotCounter(jobId, type(uint16).max);
        game.open(jobId);
        game.open(jobId);
        vm.prank(address(game));
        (,, uint256 shares) = sys.market.resolveDispute(jobId, 0, false, challenger);
        assertEq(shares, uint256(type(uint16).max) + 2);
    }

    /// @dev A won dispute and a stale one fund no pot.
    function test_resolveDispute_noPotUnlessTheProviderLost() public {
        game.open(jobId);
        game.open(jobId);
        vm.startPrank(address(game));
        (bool applied, uint256 pot, uint256 shares) = sys.market.resolveDispute(jobId, 0, true, challenger);
        assertTrue(applied);
        assertEq(pot + shares, 0);
        sys.market.resolveDispute(jobId, 0, false, challenger);
        (applied, pot, shares) = sys.market.resolveDispute(jobId, 0, false, challenger);
        vm.stopPrank();
        assertFalse(applied);
        assertEq(pot + shares, 0);
    }

    /// @dev Whoever the game names as the challenger (even zero), the challengers' share goes to
    /// the game itself, so no transfer can revert and freeze the job.
    function test_resolveDispute_zeroChallengerShareStillGoesToTheGame() public {
        game.open(jobId);
        uint256 slash = sys.market.getJob(jobId).collateral;
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, jobId, slash * 5000 / 10_000, address(game));
        assertTrue(game.resolve(jobId, false, address(0)));
        _assertStatus(jobId, JobStatus.Rejected);
        assertEq(sys.token.balanceOf(address(game)), slash * 5000 / 10_000);
        assertEq(sys.token.balanceOf(address(0)), 0);
    }

    function test_resolveDispute_providerLostReauctions() public {
        uint256 j = _submittedWith(_requestWith(MAX_PRICE, address(0), 0, true), bob, PRICE);
        game.open(j);
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
        assertEq(sys.market.openDisputes(j), 0, "the new round starts with no dispute");
        assertEq(sys.market.claimable(requester), 0);
        _assertStake(bob, STAKE - _collateral(), 0, 0, 0);
    }

    /// @dev Two disputes of one result: the first proves it wrong, the second is stale. Whatever it
    /// says, it changes nothing: no second slash, no second refund, no event, and no revert.
    function test_resolveDispute_staleAfterRejectionDoesNothing() public {
        game.open(jobId);
        game.open(jobId);
        assertTrue(game.resolve(jobId, false, challenger));
        IJobMarket.Job memory rejected = sys.market.getJob(jobId);
        uint256 bonded = sys.staking.stakeOf(alice).bonded;
        uint256 gameVrt = sys.token.balanceOf(address(game));

        vm.recordLogs();
        assertFalse(game.resolveIn(jobId, 0, false, challenger));
        assertFalse(game.resolveIn(jobId, 0, true, challenger));
        assertEq(vm.getRecordedLogs().length, 0, "no event");
        _assertJobEq(sys.market.getJob(jobId), rejected);
        assertEq(sys.staking.stakeOf(alice).bonded, bonded, "no second slash");
        assertEq(sys.token.balanceOf(address(game)), gameVrt, "no second pot");
        assertEq(sys.market.claimable(requester), MAX_PRICE, "one refund");
    }

    /// @dev A dispute of round 0 that ends after the job was re-auctioned and disputed again in
    /// round 1 touches nothing of round 1, whichever way it ends.
    function test_resolveDispute_staleAfterReauctionDoesNotTouchTheNewRound() public {
        uint256 j = _submittedWith(_requestWith(MAX_PRICE, address(0), 0, true), bob, PRICE);
        game.open(j);
        game.open(j); // stale once the first one wins
        game.resolve(j, false, challenger);
        _resubmit(j, carol);
        game.open(j);
        IJobMarket.Job memory round1 = sys.market.getJob(j);
        assertEq(round1.round, 1);
        IStaking.StakeInfo memory carolStake = sys.staking.stakeOf(carol);

        assertFalse(game.resolveIn(j, 0, false, challenger), "stale: provider lost");
        assertFalse(game.resolveIn(j, 0, true, challenger), "stale: provider won");
        _assertJobEq(sys.market.getJob(j), round1);
        assertEq(sys.market.openDisputes(j), 1, "round 1 still counts its own dispute");
        _assertStake(carol, carolStake.bonded, carolStake.locked, 0, 0);

        // Round 1's own dispute still decides round 1.
        assertTrue(game.resolve(j, true, challenger));
        _assertStatus(j, JobStatus.Submitted);
        _finalize(j);
        _assertStatus(j, JobStatus.Finalized);
    }

    function test_resolveDispute_worksWhilePaused() public {
        game.open(jobId);
        vm.prank(guardian);
        sys.market.setPaused(true);
        game.resolve(jobId, false, challenger);
        _assertStatus(jobId, JobStatus.Rejected);
    }

    /// @dev Not a state the game can cause (every dispute it resolves was counted), but the market
    /// still refuses to act on it rather than revert.
    function test_resolveDispute_returnsFalseWhenNotDisputed() public {
        IJobMarket.Job memory before = sys.market.getJob(jobId);
        assertFalse(game.resolve(jobId, false, challenger));
        _assertJobEq(sys.market.getJob(jobId), before);
        _assertStake(alice, STAKE, _collateral(), 0, 0);
    }

    function test_resolveDispute_returnsFalseWhenResolvedTwice() public {
        game.open(jobId);
        assertTrue(game.resolve(jobId, false, challenger));
        assertFalse(game.resolve(jobId, false, challenger));
        _assertStake(alice, STAKE - _collateral(), 0, 0, 0);
    }

    function test_resolveDispute_RevertWhen_unknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, 99));
        game.resolveIn(99, 0, false, challenger);
    }

    function test_resolveDispute_RevertWhen_callerNotTheDisputeGame() public {
        game.open(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, admin));
        vm.prank(admin);
        sys.market.resolveDispute(jobId, 0, false, challenger);
    }

    /* sybil disputes */

    /// @dev However many disputes sybils open, whenever they open them and however long each runs
    /// (at most `disputeLength`), the job is finalizable once the last one that opened by the
    /// deadline has ended: never later than the deadline plus one dispute's length.
    function testFuzz_sybilDisputesHoldTheJobAtMostOneDisputePastTheDeadline(
        uint256 count,
        uint256 seed,
        uint256 disputeLength
    ) public {
        count = bound(count, 1, 40);
        disputeLength = bound(disputeLength, 0, 2 * uint256(sys.params.disputeMoveTimeout()));
        uint256 deadline = sys.market.getJob(jobId).deadline;
        uint256 start = block.timestamp;
        uint256[] memory endsAt = new uint256[](count);
        uint256 lastEnd;
        // Opening times spread over the window, in order, each ending `disputeLength` later at most.
        for (uint256 i; i < count; ++i) {
            uint256 openAt = start + (deadline - start) * (i + 1) / count;
            openAt -= uint256(keccak256(abi.encode(seed, i))) % ((deadline - start) / count + 1);
            if (openAt < block.timestamp) openAt = block.timestamp;
            _endDue(endsAt, openAt); // sybil disputes due before this one opens end first
            vm.warp(openAt);
            game.open(jobId);
            endsAt[i] = openAt + uint256(keccak256(abi.encode(seed, "length", i))) % (disputeLength + 1);
            if (endsAt[i] > lastEnd) lastEnd = endsAt[i];
        }
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, jobId, deadline));
        game.open(jobId);
        _endDue(endsAt, type(uint256).max);
        assertLe(block.timestamp, deadline + disputeLength + 1, "held past one dispute after the deadline");
        assertEq(sys.market.openDisputes(jobId), 0);
        assertLe(lastEnd, deadline + disputeLength);
        if (block.timestamp <= deadline) vm.warp(deadline + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _assertStatus(jobId, JobStatus.Finalized);
    }

    /* helpers */

    /// @dev Ends (provider won), in time order, every counted dispute due by `until`.
    function _endDue(uint256[] memory endsAt, uint256 until) internal {
        while (true) {
            uint256 next = type(uint256).max;
            uint256 k;
            for (uint256 i; i < endsAt.length; ++i) {
                if (endsAt[i] != 0 && endsAt[i] < next) (next, k) = (endsAt[i], i);
            }
            if (next == type(uint256).max || next > until) return;
            if (next > block.timestamp) vm.warp(next);
            game.resolve(jobId, true, challenger);
            endsAt[k] = 0;
        }
    }

    /// @dev Runs the re-auctioned job's next round: `who` wins it and submits.
    function _resubmit(uint256 j, address who) internal {
        _commit(j, who, PRICE);
        _toReveal(j);
        _reveal(j, who, PRICE);
        _toSettle(j);
        sys.market.settleAuction(j);
        vm.prank(who);
        sys.market.submitResult(j, OUTPUT, _trace());
    }

    /// @dev The job's slot 0 holds the 16-bit open-dispute counter in its top 16 bits.
    function _jobSlot0(uint256 j) internal view returns (bytes32) {
        return keccak256(abi.encode(j, _JOBS_SLOT));
    }

    function _slotCounter(uint256 j) internal view returns (uint256) {
        return uint256(vm.load(address(sys.market), _jobSlot0(j))) >> 240;
    }

    function _setSlotCounter(uint256 j, uint256 value) internal {
        bytes32 slot = _jobSlot0(j);
        uint256 word = uint256(vm.load(address(sys.market), slot));
        word = (word & ((1 << 240) - 1)) | (value << 240);
        vm.store(address(sys.market), slot, bytes32(word));
        assertEq(sys.market.openDisputes(j), value, "slot layout");
    }

    /// @dev `_jobs` is the market's fifth storage slot (after Ownable's two, the game, and the guardian's packed slot).
    uint256 internal constant _JOBS_SLOT = 4;
}

/// @notice Without a dispute game wired (as the fixture deploys it), nobody can open a dispute.
contract MarketDisputeUnwiredTest is Fixture {
    function test_openDispute_RevertWhen_noDisputeGameWired() public {
        uint256 jobId = _submitted(alice, 60e6);
        assertEq(sys.market.disputeGame(), address(0));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, address(this)));
        sys.market.openDispute(jobId);
    }
}
