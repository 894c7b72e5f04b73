// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeTimeoutTest is DisputeGameTestBase {
    function test_timeout_providerLosesWithoutResponse() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 1);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeTimedOut(id, sc.jobId, IDisputeGame.DisputePhase.AwaitingResponse, provider);
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResolved(id, sc.jobId, false, challenger);
        vm.expectEmit(address(game));
        emit IDisputeGame.BondCredited(challenger, id, BOND);
        vm.prank(stranger); // anyone may call it
        game.timeout(id);
        vm.snapshotGasLastCall("dispute", "timeout_providerSilent");

        _assertResolved(id, sc, false, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Rejected));
        assertEq(game.getDispute(id).deadline, block.timestamp, "resolution time");
    }

    function test_timeout_challengerLosesWithoutProof() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 3);
        _respond(sc, id, 3);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);

        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeTimedOut(id, sc.jobId, IDisputeGame.DisputePhase.AwaitingProof, challenger);
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResolved(id, sc.jobId, true, provider);
        vm.expectEmit(address(game));
        emit IDisputeGame.BondCredited(provider, id, BOND);
        game.timeout(id);
        vm.snapshotGasLastCall("dispute", "timeout_challengerSilent");

        _assertResolved(id, sc, true, 0);
        assertEq(uint8(market.getJob(sc.jobId).status), uint8(JobStatus.Submitted));
    }

    function test_timeout_RevertWhen_responseNotYetDue() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 1);
        uint256 deadline = block.timestamp + MOVE_TIMEOUT;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeDeadlineNotPassed.selector, id, deadline));
        game.timeout(id);
    }

    function test_timeout_RevertWhen_proofNotYetDue() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 1);
        vm.warp(block.timestamp + MOVE_TIMEOUT);
        _respond(sc, id, 1);
        uint256 deadline = block.timestamp + MOVE_TIMEOUT;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeDeadlineNotPassed.selector, id, deadline));
        game.timeout(id);
    }

    function test_timeout_RevertWhen_alreadyResolved() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 1);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(id);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeWrongPhase.selector, id, IDisputeGame.DisputePhase.ChallengerWon)
        );
        game.timeout(id);
    }

    function test_timeout_RevertWhen_unknownDispute() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeUnknown.selector, 0));
        game.timeout(0);
    }
}
