// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

/// @notice The guardian can pause new jobs and new bids, and nothing else.
contract MarketGuardianTest is Fixture {
    function _pause() internal {
        vm.prank(guardian);
        sys.market.setPaused(true);
    }

    function test_constructor_setsOwnerGuardianAndWiring() public {
        assertEq(sys.market.owner(), admin);
        assertEq(sys.market.guardian(), guardian);
        assertFalse(sys.market.paused());
        assertEq(address(sys.market.paymentToken()), address(usd));
        assertEq(address(sys.market.staking()), address(sys.staking));
        assertEq(address(sys.market.models()), address(sys.models));
        assertEq(address(sys.market.params()), address(sys.params));
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.GuardianSet(guardian);
        new JobMarket(admin, usd, sys.staking, sys.models, sys.params, guardian);
    }

    function test_setPaused_byTheGuardian() public {
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.PausedSet(true);
        _pause();
        assertTrue(sys.market.paused());
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.PausedSet(false);
        vm.prank(guardian);
        sys.market.setPaused(false);
        assertFalse(sys.market.paused());
    }

    function test_setPaused_byTheOwner() public {
        vm.prank(admin);
        sys.market.setPaused(true);
        assertTrue(sys.market.paused());
    }

    function test_setPaused_RevertWhen_callerNeitherGuardianNorOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, alice));
        vm.prank(alice);
        sys.market.setPaused(true);
    }

    function test_setGuardian_replacesTheGuardian() public {
        address next = makeAddr("next");
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.GuardianSet(next);
        vm.prank(admin);
        sys.market.setGuardian(next);
        assertEq(sys.market.guardian(), next);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, guardian));
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.prank(next);
        sys.market.setPaused(true);
        assertTrue(sys.market.paused());
    }

    function test_setGuardian_RevertWhen_callerIsTheGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        sys.market.setGuardian(guardian);
    }

    function test_setGuardian_RevertWhen_callerNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        sys.market.setGuardian(alice);
    }

    /// @dev A whole job that was under way when the pause came still runs to its payout, and every
    /// participant gets their money and stake out; only post and commit stop.
    function test_setPaused_blocksPostAndCommitOnly() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 60e6);
        _pause();

        vm.expectRevert(IJobMarket.MarketPaused.selector);
        _post(_request());
        bytes32 c = sys.market.bidCommitment(jobId, 0, bob, 1, bytes32(0));
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        vm.prank(bob);
        sys.market.commitBid(jobId, c);

        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        _assertStatus(jobId, JobStatus.Finalized);
        vm.prank(alice);
        sys.market.claim();
        vm.prank(requester);
        sys.market.claim();
        vm.startPrank(alice);
        sys.staking.requestUnstake(STAKE);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        sys.staking.withdraw();
        vm.stopPrank();
        assertEq(sys.token.balanceOf(alice), STAKE);
    }
}
