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

    /// @dev The provider's own sybil opens a dispute and loses it on purpose, hoping the wrong
    /// result finalizes meanwhile. The window was frozen during the dispute and resumes with the
    /// time it had left, so an honest challenger still convicts the provider.
    function test_sybilDisputeDoesNotShieldAWrongResult() public {
        _fund(sybil);
        Scenario memory sc = _lyingJob();
        uint256 windowEnd = block.timestamp + WINDOW;

        // Shortly before the window ends, the sybil challenges and never proves.
        vm.warp(windowEnd - 10 minutes);
        uint256 sybilDispute = _challenge(sc, sybil, 1);
        _respond(sc, sybilDispute, 1);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(sybilDispute);
        assertEq(uint8(game.getDispute(sybilDispute).phase), uint8(IDisputeGame.DisputePhase.ProviderWon));

        // Long past the original window end, the job is challengeable for the 10 minutes it had left.
        IJobMarket.Job memory job = market.getJob(sc.jobId);
        assertEq(uint8(job.status), uint8(JobStatus.Submitted));
        assertEq(job.deadline, block.timestamp + 10 minutes);
        assertGt(block.timestamp, windowEnd);

        vm.warp(block.timestamp + 9 minutes);
        uint256 honestDispute = _challenge(sc, challenger, 3);
        _respond(sc, honestDispute, 3);
        _prove(sc, honestDispute, 3, 2);

        _assertResolved(honestDispute, sc, false, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
        // The sybil's bond went to the provider: shielding costs the provider nothing but time,
        // and gains it nothing.
        assertEq(game.claimable(provider), BOND);
        assertEq(game.claimable(challenger), BOND);
        assertEq(game.claimable(sybil), 0);
    }

    function test_resumedWindowStillEnds() public {
        Scenario memory sc = _defaultHonest();
        vm.warp(block.timestamp + WINDOW - 1 hours);
        uint256 id = _challenge(sc, challenger, 2);
        _respond(sc, id, 2);
        _prove(sc, id, 2, 0);
        uint256 resumedEnd = block.timestamp + 1 hours;
        assertEq(market.getJob(sc.jobId).deadline, resumedEnd);

        vm.warp(resumedEnd + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, sc.jobId, resumedEnd));
        _challenge(sc, stranger, 1);
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
