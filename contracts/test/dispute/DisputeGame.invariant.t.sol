// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameHandler} from "./utils/DisputeGameHandler.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeGameInvariantTest is DisputeGameTestBase {
    DisputeGameHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new DisputeGameHandler(game, market, registry, token);
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = DisputeGameHandler.submit.selector;
        selectors[1] = DisputeGameHandler.challenge.selector;
        selectors[2] = DisputeGameHandler.prove.selector;
        selectors[3] = DisputeGameHandler.timeout.selector;
        selectors[4] = DisputeGameHandler.claim.selector;
        selectors[5] = DisputeGameHandler.warp.selector;
        selectors[6] = DisputeGameHandler.setReauction.selector;
        selectors[7] = DisputeGameHandler.resubmit.selector;
        selectors[8] = DisputeGameHandler.closeStale.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev Solvency: the game holds exactly the bonds of running disputes, the unclaimed credits and
    /// what is left of the reward pots. Once every dispute is resolved and claimed, its balance is zero.
    function invariant_gameHoldsExactlyWhatItOwes() public view {
        assertEq(token.balanceOf(address(game)), handler.liveBonds() + handler.credits() + handler.pots());
    }

    /// @dev A convicted round's pot has exactly one share left per dispute of the round still
    /// running, and nothing left once none runs: no pot is ever stranded.
    function invariant_potSharesMatchTheRunningDisputes() public view {
        uint256 n = handler.disputeCount();
        for (uint256 k; k < handler.jobCount(); ++k) {
            uint256 jobId = handler.jobs(k);
            uint8 last = market.getJob(jobId).round;
            for (uint8 r; r <= last; ++r) {
                (uint256 remaining, uint256 sharesLeft) = game.rewardPot(jobId, r);
                if (sharesLeft == 0) {
                    assertEq(remaining, 0, "a pot without shares");
                    continue;
                }
                uint256 live;
                for (uint256 i; i < n; ++i) {
                    IDisputeGame.Dispute memory d = game.getDispute(handler.disputes(i));
                    if (d.jobId == jobId && d.round == r && handler.isLive(d.phase)) ++live;
                }
                assertEq(sharesLeft, live, "one share per running dispute of the round");
            }
        }
    }

    /// @dev A provider that answers in time never loses a dispute over a correct result.
    function invariant_honestProviderNeverLoses() public view {
        for (uint256 i; i < handler.disputeCount(); ++i) {
            IDisputeGame.Dispute memory d = game.getDispute(handler.disputes(i));
            if (d.phase == IDisputeGame.DisputePhase.ChallengerWon) {
                assertTrue(handler.lying(d.jobId, d.round), "an honest result was rejected");
            }
        }
    }

    /// @dev Disputes run side by side. A job is `Disputed` exactly while some dispute of its current
    /// round runs, and the market counts exactly those; a running dispute of an earlier round (stale)
    /// never counts.
    function invariant_marketCountsTheLiveDisputesOfTheRound() public view {
        uint256 n = handler.disputeCount();
        for (uint256 k; k < handler.jobCount(); ++k) {
            uint256 jobId = handler.jobs(k);
            IJobMarket.Job memory job = market.getJob(jobId);
            uint256 live;
            for (uint256 i; i < n; ++i) {
                IDisputeGame.Dispute memory d = game.getDispute(handler.disputes(i));
                if (d.jobId == jobId && d.round == job.round && handler.isLive(d.phase)) ++live;
            }
            bool active = job.status == JobStatus.Submitted || job.status == JobStatus.Disputed;
            assertEq(market.openDisputes(jobId), active ? live : 0, "open disputes");
            if (active) assertEq(job.status == JobStatus.Disputed, live != 0, "disputed iff a dispute runs");
        }
    }

    /// @dev The counter in the game matches the disputes the handler saw opened.
    function invariant_disputeCountMatches() public view {
        assertEq(game.disputeCount(), handler.disputeCount());
    }

    /// @dev With -vv, shows how many disputes ended stale (after another had ended their round).
    function afterInvariant() external {
        emit log_named_uint("stale resolutions", handler.staleResolutions());
    }
}
