// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameHandler} from "./utils/DisputeGameHandler.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeGameInvariantTest is DisputeGameTestBase {
    DisputeGameHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new DisputeGameHandler(game, market, registry, token);
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = DisputeGameHandler.submit.selector;
        selectors[1] = DisputeGameHandler.challenge.selector;
        selectors[2] = DisputeGameHandler.prove.selector;
        selectors[3] = DisputeGameHandler.timeout.selector;
        selectors[4] = DisputeGameHandler.claim.selector;
        selectors[5] = DisputeGameHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev Solvency: the game holds exactly the bonds of running disputes plus the unclaimed credits.
    /// Once every dispute is resolved and claimed, its balance is zero.
    function invariant_gameHoldsExactlyWhatItOwes() public view {
        assertEq(token.balanceOf(address(game)), handler.liveBonds() + handler.credits());
    }

    /// @dev A provider that answers in time never loses a dispute over a correct result.
    function invariant_honestProviderNeverLoses() public view {
        for (uint256 i; i < handler.disputeCount(); ++i) {
            IDisputeGame.Dispute memory d = game.getDispute(handler.disputes(i));
            if (d.phase == IDisputeGame.DisputePhase.ChallengerWon) {
                assertTrue(handler.lying(d.jobId), "an honest result was rejected");
            }
        }
    }

    /// @dev A running dispute freezes its job, and a job has at most one running dispute.
    function invariant_oneLiveDisputePerJob() public view {
        uint256 n = handler.disputeCount();
        for (uint256 i; i < n; ++i) {
            IDisputeGame.Dispute memory d = game.getDispute(handler.disputes(i));
            if (!handler.isLive(d.phase)) continue;
            assertEq(uint8(market.getJob(d.jobId).status), uint8(JobStatus.Disputed));
            for (uint256 k = i + 1; k < n; ++k) {
                IDisputeGame.Dispute memory other = game.getDispute(handler.disputes(k));
                if (handler.isLive(other.phase)) assertTrue(other.jobId != d.jobId, "two live disputes on a job");
            }
        }
    }

    /// @dev The counter in the game matches the disputes the handler saw opened.
    function invariant_disputeCountMatches() public view {
        assertEq(game.disputeCount(), handler.disputeCount());
    }
}
