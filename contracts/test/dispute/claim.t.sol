// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {DenseModel} from "./utils/DenseModel.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";

contract DisputeClaimTest is DisputeGameTestBase {
    function test_claim_paysTheCreditedBonds() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 2);
        _respond(sc, id, 2);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(id);
        // The provider wins a second dispute on the same job (the window resumed).
        id = _challenge(sc, stranger, 1);
        _respond(sc, id, 1);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(id);
        assertEq(game.claimable(provider), 2 * BOND);

        vm.expectEmit(address(game));
        emit IDisputeGame.BondClaimed(provider, 2 * BOND);
        vm.prank(provider);
        assertEq(game.claim(), 2 * BOND);
        vm.snapshotGasLastCall("dispute", "claim");
        assertEq(token.balanceOf(provider), 2 * BOND);
        assertEq(game.claimable(provider), 0);
        assertEq(token.balanceOf(address(game)), 0, "the game holds nothing once all is claimed");
    }

    function test_claim_RevertWhen_nothingCredited() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNothingToClaim.selector, provider));
        vm.prank(provider);
        game.claim();
    }

    function test_claim_RevertWhen_claimedTwice() public {
        Scenario memory sc = _defaultHonest();
        uint256 id = _challenge(sc, challenger, 2);
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        game.timeout(id);
        vm.startPrank(challenger);
        game.claim();
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeNothingToClaim.selector, challenger));
        game.claim();
        vm.stopPrank();
    }

    /// @dev A token that calls back into the game during the payout meets the reentrancy guard.
    function test_claim_RevertWhen_reentered() public {
        ReentrantToken evil = new ReentrantToken();
        DisputeGame evilGame = new DisputeGame(market, params, registry, evil);
        market.setGame(address(evilGame));
        Scenario memory sc = _defaultHonest();
        evil.mint(challenger, BOND);
        vm.prank(challenger);
        evil.approve(address(evilGame), BOND);
        vm.prank(challenger);
        uint256 id = evilGame.challenge(
            sc.jobId,
            1,
            _outputHash(sc),
            sc.traceRoot,
            sc.hashes[0],
            new bytes32[](0),
            sc.hashes[1],
            DenseModel.traceProof(sc.hashes, 1)
        );
        vm.warp(block.timestamp + MOVE_TIMEOUT + 1);
        evilGame.timeout(id);

        evil.arm(address(evilGame), abi.encodeCall(IDisputeGame.claim, ()));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(challenger);
        evilGame.claim();
    }
}
