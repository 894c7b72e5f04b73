// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DenseLayer, DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

/// @notice Whole disputes across several moves and several challengers.
contract DisputeGameScenariosTest is DisputeGameTestBase {
    address internal sybil = makeAddr("sybil");

    function _lyingJob() internal returns (Scenario memory sc) {
        uint256[] memory widths = new uint256[](4);
        (widths[0], widths[1], widths[2], widths[3]) = (13, 9, 20, 5);
        (DenseLayer[] memory layers, bytes memory input) = DenseModel.random(1, widths);
        sc = _scenario(layers, input);
        _lieAt(sc, 3, 2, 17, false);
        _submit(sc);
    }

    /// @dev The provider's own sybil opens a dispute and loses it on purpose, hoping to keep honest
    /// challengers out. Disputes run side by side, so the honest challenger opens its own at once
    /// and convicts the provider; the sybil's loss changes nothing.
    function test_concurrentSybilLosesAndHonestProvesFraud() public {
        _fund(sybil);
        Scenario memory sc = _lyingJob();
        uint256 sybilDispute = _challenge(sc, sybil, 1); // layer 1 is correct: the sybil will lose
        uint256 honestDispute = _challenge(sc, challenger, 3);
        assertEq(market.openDisputes(sc.jobId), 2);

        _respond(sc, sybilDispute, 1);
        _proveAs(sc, sybilDispute, 1, 0, sybil); // a correct element: the provider wins this one
        _assertResolved(sybilDispute, sc, true, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Disputed), "still under dispute");
        assertEq(market.openDisputes(sc.jobId), 1);

        _respond(sc, honestDispute, 3);
        _prove(sc, honestDispute, 3, 2);
        _assertResolved(honestDispute, sc, false, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
        // The sybil's bond went to the provider, the honest challenger has its own back.
        assertEq(game.claimable(provider), BOND);
        assertEq(game.claimable(challenger), BOND);
        assertEq(game.claimable(sybil), 0);
        assertEq(token.balanceOf(address(game)), 2 * BOND);
    }

    /// @dev The stall: the provider's sybils chain disputes without a gap, each taking both moves
    /// to their last second, and the next sybil challenging in the block the last one loses. The
    /// challenge deadline never moves, so the chain ends at the deadline: the job is out of
    /// dispute by the deadline plus one dispute's two moves, however many sybils there are.
    /// With `honest`, an honest challenger joins mid-chain and convicts the provider regardless.
    function testFuzz_sybilChainHoldsTheJobAtMostOneDisputePastTheDeadline(
        uint256 sybils,
        uint256 firstAfter,
        bool honest
    ) public {
        sybils = bound(sybils, 1, 40);
        Scenario memory sc = _lyingJob();
        uint256 deadline = block.timestamp + WINDOW;
        vm.warp(block.timestamp + bound(firstAfter, 0, WINDOW));
        uint256 honestDispute;
        bool honestOpened;
        uint256 lastLeft;
        for (uint256 i; i < sybils; ++i) {
            address s = makeAddr(string.concat("sybil", vm.toString(i)));
            _fund(s);
            if (block.timestamp > deadline) {
                vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, sc.jobId, deadline));
                _challenge(sc, s, 1);
                break;
            }
            uint256 id = _challenge(sc, s, 1);
            if (honest && !honestOpened) {
                honestDispute = _challenge(sc, challenger, 3);
                honestOpened = true;
            }
            vm.warp(block.timestamp + MOVE_TIMEOUT);
            _respond(sc, id, 1);
            vm.warp(block.timestamp + MOVE_TIMEOUT);
            _proveAs(sc, id, 1, 0, s); // loses on purpose, at the last second
            lastLeft = block.timestamp;
            if (honestOpened && uint8(market.getJob(sc.jobId).status) == uint8(JobStatus.Disputed)) {
                // the honest challenger has been waiting for the provider: it wins by timeout
                // at the latest, one move after opening
                break;
            }
        }
        assertLe(lastLeft, deadline + 2 * MOVE_TIMEOUT, "held past the deadline plus one dispute");
        if (honest) {
            IDisputeGame.Dispute memory d = game.getDispute(honestDispute);
            if (d.phase == IDisputeGame.DisputePhase.AwaitingResponse) {
                vm.warp(uint256(d.deadline) + 1);
                game.timeout(honestDispute);
            }
            assertEq(uint8(game.getDispute(honestDispute).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
            assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
        } else {
            assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Submitted));
            assertEq(market.openDisputes(sc.jobId), 0);
            if (block.timestamp <= deadline) {
                // the chain stopped early: one more sybil can still open, up to the deadline
                vm.warp(deadline + 1);
            }
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, sc.jobId, deadline));
            _challenge(sc, stranger, 1);
        }
    }

    /// @dev The provider won a dispute that outlived the window: the job is out of dispute with its
    /// original deadline, which has passed, so nobody can dispute it again.
    function test_windowDoesNotResumeAfterADispute() public {
        Scenario memory sc = _defaultHonest();
        uint256 deadline = block.timestamp + WINDOW;
        vm.warp(deadline - 1 hours);
        uint256 id = _challenge(sc, challenger, 2);
        vm.warp(block.timestamp + MOVE_TIMEOUT);
        _respond(sc, id, 2);
        vm.warp(block.timestamp + MOVE_TIMEOUT);
        _prove(sc, id, 2, 0);
        assertEq(market.getJob(sc.jobId).deadline, deadline);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Submitted));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, sc.jobId, deadline));
        _challenge(sc, stranger, 1);
    }

    /// @dev Three disputes of one lying result. The first to prove the lie convicts the round; the
    /// other two are stale from then on and end at once, whoever moves on them (here a timeout
    /// before any deadline and the provider's own response): each challenger gets its bond back,
    /// whatever it had claimed, the market is not called again, and the game stays solvent.
    function test_staleDisputesAfterRejectionReturnBonds() public {
        _fund(sybil);
        Scenario memory sc = _lyingJob();
        uint256 first = _challenge(sc, challenger, 3);
        uint256 staleWinner = _challenge(sc, stranger, 3);
        uint256 staleLoser = _challenge(sc, sybil, 1);
        _respond(sc, first, 3);
        _prove(sc, first, 3, 2);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
        assertEq(market.resolveCount(), 1);

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeStale(staleWinner, sc.jobId, 0);
        game.timeout(staleWinner); // its deadline has not passed: a stale dispute ends at once
        assertEq(uint8(game.getDispute(staleWinner).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(game.claimable(stranger), BOND, "its bond back");

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeStale(staleLoser, sc.jobId, 0);
        _respond(sc, staleLoser, 1); // the provider's move ends it the same way
        assertEq(uint8(game.getDispute(staleLoser).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(game.claimable(sybil), BOND, "its bond back");
        assertEq(market.resolveCount(), 1, "the market is not called for a stale dispute");
        assertEq(game.claimable(challenger), BOND);
        assertEq(game.claimable(provider), 0);
        assertEq(token.balanceOf(address(game)), 3 * BOND, "the game holds exactly the credits");
    }

    /// @dev A dispute of round 0 that ends after the job was re-auctioned, resubmitted and disputed
    /// again in round 1 returns its bond and changes nothing of round 1.
    function test_staleDisputeAfterReauctionDoesNotTouchTheNewRound() public {
        market.setReauction(true);
        Scenario memory sc = _lyingJob();
        uint256 first = _challenge(sc, challenger, 3);
        uint256 stale = _challenge(sc, stranger, 3);
        _respond(sc, first, 3);
        _prove(sc, first, 3, 2);
        assertEq(market.getJob(sc.jobId).round, 1);

        // Round 1: the same (honest) provider submits the honest trace, and it is disputed.
        bytes32[] memory h = DenseModel.hashes(sc.honest);
        market.resubmit(sc.jobId, provider, h[h.length - 1], DenseModel.traceRoot(h), WINDOW);
        Scenario memory next = sc;
        next.committed = sc.honest;
        next.hashes = h;
        next.traceRoot = DenseModel.traceRoot(h);
        uint256 current = _challenge(next, challenger, 2);
        assertEq(game.getDispute(current).round, 1);

        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(stale); // the provider never answered the old round's dispute
        assertEq(uint8(game.getDispute(stale).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(market.resolveCount(), 1, "round 0's stale dispute never reaches the market");
        assertEq(game.claimable(stranger), BOND);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Disputed), "round 1 untouched");
        assertEq(market.getJob(sc.jobId).round, 1);
        assertEq(market.openDisputes(sc.jobId), 1);
        assertEq(uint8(game.getDispute(current).phase), uint8(IDisputeGame.DisputePhase.AwaitingResponse));
    }

    /// @dev After a lost dispute the job is rejected for good: nobody can dispute it again.
    function test_noDisputeAfterTheProviderLost() public {
        Scenario memory sc = _lyingJob();
        uint256 id = _challenge(sc, challenger, 3);
        _respond(sc, id, 3);
        _prove(sc, id, 3, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeJobNotSubmitted.selector, sc.jobId, JobStatus.Rejected)
        );
        _challenge(sc, stranger, 3);
    }

    /// @dev Disputes on different jobs run side by side and keep their bonds apart.
    function test_disputesOnDifferentJobsAreIndependent() public {
        Scenario memory honestJob = _defaultHonest();
        Scenario memory lyingJob = _lyingJob();
        uint256 a = _challenge(honestJob, challenger, 1);
        uint256 b = _challenge(lyingJob, stranger, 3);
        assertEq(token.balanceOf(address(game)), 2 * BOND);
        _respond(lyingJob, b, 3);
        _respond(honestJob, a, 1);
        vm.prank(stranger);
        game.proveNeuron(
            b, 2, lyingJob.committed[2], lyingJob.committed[3], DenseModel.layerProof(lyingJob.layers, 3, 2)
        );
        _prove(honestJob, a, 1, 0);
        assertEq(uint8(game.getDispute(a).phase), uint8(IDisputeGame.DisputePhase.ProviderWon));
        assertEq(uint8(game.getDispute(b).phase), uint8(IDisputeGame.DisputePhase.ChallengerWon));
        assertEq(game.claimable(provider), BOND);
        assertEq(game.claimable(stranger), BOND);
        assertEq(game.claimable(challenger), 0);
    }
}
