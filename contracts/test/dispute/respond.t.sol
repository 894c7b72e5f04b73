// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeRespondTest is DisputeGameTestBase {
    Scenario internal sc;
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        Scenario memory s = _defaultHonest();
        id = _challenge(s, challenger, 2);
        _store(s);
    }

    /// @dev Only what the tests below read: the committed a_2 and the job id.
    function _store(Scenario memory s) internal {
        sc.committed.push(s.committed[0]);
        sc.committed.push(s.committed[1]);
        sc.committed.push(s.committed[2]);
        sc.jobId = s.jobId;
    }

    function test_respond_revealsTheDisputedVector() public {
        vm.warp(block.timestamp + 10 minutes);
        vm.expectEmit(address(game));
        emit IDisputeGame.DisputeResponded(id, sc.jobId, sc.committed[2], block.timestamp + MOVE_TIMEOUT);
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
        vm.snapshotGasLastCall("dispute", "respond");

        IDisputeGame.Dispute memory d = game.getDispute(id);
        assertEq(uint8(d.phase), uint8(IDisputeGame.DisputePhase.AwaitingProof));
        assertEq(d.deadline, block.timestamp + MOVE_TIMEOUT);
    }

    function test_respond_atTheDeadline() public {
        vm.warp(game.getDispute(id).deadline);
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.AwaitingProof));
    }

    /// @dev The move timeout is read at each move: a governance change applies from the next move on.
    function test_respond_usesTheCurrentMoveTimeout() public {
        params.setDisputeMoveTimeout(2 hours);
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
        assertEq(game.getDispute(id).deadline, block.timestamp + 2 hours);
    }

    function test_respond_RevertWhen_unknownDispute() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeUnknown.selector, 2));
        vm.prank(provider);
        game.respond(2, sc.committed[2]);
    }

    function test_respond_RevertWhen_callerNotProvider() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNotProvider.selector, id, stranger));
        vm.prank(stranger);
        game.respond(id, sc.committed[2]);
    }

    function test_respond_RevertWhen_deadlinePassed() public {
        uint256 deadline = game.getDispute(id).deadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeMoveTooLate.selector, id, deadline));
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
    }

    function test_respond_RevertWhen_vectorDoesNotHashToTheDisputedHash() public {
        bytes memory wrong = sc.committed[1];
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeGame.DisputeActivationMismatch.selector, id, keccak256(sc.committed[2]), keccak256(wrong)
            )
        );
        vm.prank(provider);
        game.respond(id, wrong);
    }

    function test_respond_RevertWhen_alreadyResponded() public {
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeWrongPhase.selector, id, IDisputeGame.DisputePhase.AwaitingProof)
        );
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
    }

    function test_respond_RevertWhen_disputeResolved() public {
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(id);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeGame.DisputeWrongPhase.selector, id, IDisputeGame.DisputePhase.ChallengerWon)
        );
        vm.prank(provider);
        game.respond(id, sc.committed[2]);
    }
}
