// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

/// @notice A dispute whose job left the disputed state by some path the game did not see (the
/// double market's `setStatus`): the market refuses to apply the outcome, and the game still ends
/// the dispute, pays the bond to its winner and funds no pot. The real market cannot get here (a
/// dispute of a convicted round closes as stale first, and nothing else ends a disputed round);
/// these tests hold the game's promise that no market answer can trap a bond.
contract DisputeRoundEndedElsewhereTest is DisputeGameTestBase {
    function test_timeout_providerWinsOnARoundEndedElsewhere_staleBondToProvider() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 3);
        _respond(sc, id, 3);
        market.setStatus(sc.jobId, JobStatus.Finalized);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeStale(id, sc.jobId, 0);
        game.timeout(id);

        _assertResolvedAs(id, sc, true, 0, false);
        assertEq(game.claimable(provider), BOND, "the provider holds the bond");
    }

    function test_timeout_challengerWinsOnARoundEndedElsewhere_staleBondBackNoPot() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 1);
        market.setStatus(sc.jobId, JobStatus.Finalized);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeStale(id, sc.jobId, 0);
        game.timeout(id);

        _assertResolvedAs(id, sc, false, 0, false);
        assertEq(game.claimable(challenger), BOND, "the challenger gets its bond back");
        (uint256 remaining, uint256 sharesLeft) = game.rewardPot(sc.jobId, 0);
        assertEq(remaining + sharesLeft, 0, "no pot");
        assertEq(token.balanceOf(address(game)), BOND, "the game holds only the bond it owes");
    }
}
