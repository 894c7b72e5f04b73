// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {DisputeGameDouble} from "../../utils/mocks/DisputeGameDouble.sol";

/// @notice Providers' records (completed, missed, convicted, missed in a row) under every ending
/// of a job, and the requester's floor on them, checked at commit and when an ask is taken.
contract MarketReliabilityFloorTest is FastPathBase {
    DisputeGameDouble internal game;

    function setUp() public override {
        super.setUp();
        game = _wireDisputeGame();
        _ask(alice, ASK_PRICE, 8);
    }

    function _miss(address who) internal {
        uint256 jobId = _assigned(who, 60e6);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
    }

    function _complete(address who) internal {
        _finalize(_submitted(who, 60e6));
    }

    function _convict(address who) internal {
        uint256 jobId = _submitted(who, 60e6);
        game.open(jobId);
        game.resolve(jobId, false, challenger);
    }

    function _floor(uint256 bps, bool noConviction) internal view returns (IJobMarket.JobRequest memory r) {
        r = _request();
        r.minReliabilityBps = bps;
        r.noConviction = noConviction;
    }

    /* THE RECORD */

    function test_recordOf_startsEmpty() public view {
        _assertRecord(alice, 0, 0, 0, 0);
    }

    function test_recordOf_countsEveryEnding() public {
        _complete(alice);
        _assertRecord(alice, 1, 0, 0, 0);
        _miss(alice);
        _miss(alice);
        _assertRecord(alice, 1, 2, 0, 2);
        _convict(alice);
        _assertRecord(alice, 1, 2, 1, 2);
        _complete(alice);
        _assertRecord(alice, 2, 2, 1, 0);
        assertEq(sys.market.missedDeadlines(alice), 0, "the run of misses ended");
        _assertRecord(bob, 0, 0, 0, 0);
    }

    function test_recordOf_unchangedByADisputeTheProviderWins() public {
        uint256 jobId = _submitted(alice, 60e6);
        game.open(jobId);
        game.resolve(jobId, true, challenger);
        _assertRecord(alice, 0, 0, 0, 0);
    }

    function test_recordOf_unchangedByALostBidOrAForfeit() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 50e6);
        _commit(jobId, bob, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 50e6);
        _toSettle(jobId);
        sys.market.forfeitUnrevealedBid(jobId, 0, bob);
        _assertRecord(bob, 0, 0, 0, 0);
    }

    /* THE FLOOR */

    function test_post_RevertWhen_floorAboveAllJobs() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadReliabilityFloor.selector, 10_001));
        _post(_floor(10_001, false));
    }

    function test_commitBid_newProviderMeetsAnyFloor() public {
        uint256 jobId = _post(_floor(10_000, true));
        _commit(jobId, alice, 50e6);
        assertTrue(sys.market.commitmentOf(jobId, alice) != bytes32(0));
    }

    function test_commitBid_RevertWhen_belowTheReliabilityFloor() public {
        _complete(alice);
        _miss(alice); // 1 of 2: 5,000 bps
        uint256 jobId = _post(_floor(5001, false));
        uint8 round = sys.market.getJob(jobId).round;
        bytes32 c = sys.market.bidCommitment(jobId, round, alice, 50e6, _salt(alice, 50e6));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBelowReliabilityFloor.selector, alice, 5000, 5001));
        vm.prank(alice);
        sys.market.commitBid(jobId, c);

        uint256 atFloor = _post(_floor(5000, false));
        _commit(atFloor, alice, 50e6); // exactly at the floor passes
    }

    function test_commitBid_RevertWhen_convictedAndTheJobRefusesConvictions() public {
        _convict(alice);
        uint256 jobId = _post(_floor(0, true));
        uint8 round = sys.market.getJob(jobId).round;
        bytes32 c = sys.market.bidCommitment(jobId, round, alice, 50e6, _salt(alice, 50e6));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketProviderConvicted.selector, alice, 1));
        vm.prank(alice);
        sys.market.commitBid(jobId, c);

        _commit(_post(_request()), alice, 50e6); // no floor: still welcome
    }

    function test_postJobWithAsk_RevertWhen_providerBelowTheFloor() public {
        _miss(alice);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBelowReliabilityFloor.selector, alice, 0, 1));
        _postFastWith(_floor(1, false), alice);
    }

    function test_postJobWithAsk_RevertWhen_providerConvicted() public {
        _complete(alice);
        _complete(alice);
        _complete(alice);
        _convict(alice); // 3 of 4: 7,500 bps, passes a 7,000 floor but not "never convicted"
        _postFastWith(_floor(7000, false), alice);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketProviderConvicted.selector, alice, 1));
        _postFastWith(_floor(7000, true), alice);
    }

    /// @dev The floor is stored with the job (one slot with the consumer): a re-auctioned round
    /// checks the same floor.
    function test_commitBid_floorHoldsInEveryRound() public {
        IJobMarket.JobRequest memory r = _floor(10_000, false);
        r.reauction = true;
        uint256 jobId = _post(r);
        _commit(jobId, bob, 50e6);
        _toReveal(jobId);
        _reveal(jobId, bob, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId); // bob misses: round 1
        uint8 round = sys.market.getJob(jobId).round;
        bytes32 c = sys.market.bidCommitment(jobId, round, bob, 50e6, _salt(bob, 50e6));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBelowReliabilityFloor.selector, bob, 0, 10_000));
        vm.prank(bob);
        sys.market.commitBid(jobId, c);
    }
}
