// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";

contract DelegationWithdrawTest is DelegationBase {
    function test_withdraw_paysTheThawedTokens() public {
        _delegate(d1, dave, 1_000e18);
        _undelegate(d1, dave, 400e18);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        uint256 before = sys.token.balanceOf(d1);
        vm.expectEmit(address(pool));
        emit IDelegationPool.DelegationWithdrawn(dave, d1, 400e18);
        vm.prank(d1);
        uint256 amount = pool.withdraw(dave);
        vm.snapshotGasLastCall("delegation", "withdraw");

        assertEq(amount, 400e18, "amount");
        assertEq(sys.token.balanceOf(d1), before + 400e18, "paid");
        IDelegationPool.DelegationInfo memory d = pool.delegationOf(dave, d1);
        assertEq(d.thawingShares, 0, "cleared");
        assertEq(d.releaseAt, 0, "cleared");
        assertEq(pool.poolOf(dave).thawingTokens, 0, "pool thawing side empty");
    }

    function test_withdraw_paysLessAfterASlashWhileThawing() public {
        _delegate(d1, dave, 1_000e18);
        _delegate(d2, dave, 1_000e18);
        _undelegate(d1, dave, 1_000e18); // thawing 1,000, active 1,000 (d2)
        _convicted(dave); // 1,000: own 200, then 800 pro rata: 400 thawing, 400 active
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(d1);
        assertEq(pool.withdraw(dave), 600e18, "thawing took its share of the slash");
        (uint256 active,,) = pool.balancesOf(dave, d2);
        assertEq(active, 600e18, "active took the same share");
    }

    /// A slash that empties the thawing side voids its shares; a later undelegation starts afresh
    /// and its tokens are not handed to the holders of the void shares (found by the invariant).
    function test_withdraw_afterTheThawingSideWasEmptied() public {
        _delegate(d1, dave, 900e18);
        _undelegate(d1, dave, 900e18); // all thawing; dave's capacity is his own 200 again
        _delegate(d2, dave, 900e18);
        _convicted(dave); // 1,000: own 200, then 800 of 1,800 pooled, pro rata
        _undelegate(d2, dave, pool.delegationOf(dave, d2).shares);
        address[] memory r = new address[](1);
        uint256[] memory a = new uint256[](1);
        (r[0], a[0]) = (treasury, type(uint96).max);
        vm.prank(address(sys.market));
        sys.staking.slash(dave, 0, 0, r, a); // empties the pool, both thawing positions with it
        assertEq(_poolTokens(dave), 0, "emptied");

        _delegate(d3, dave, 500e18);
        vm.expectEmit(address(pool));
        emit IDelegationPool.ThawingSideReset(dave, 1);
        _undelegate(d3, dave, 500e18);
        assertEq(pool.poolOf(dave).thawEpoch, 1, "new epoch");
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(d1);
        assertEq(pool.withdraw(dave), 0, "void shares pay nothing");
        vm.prank(d3);
        assertEq(pool.withdraw(dave), 500e18, "the new thawer gets all of its own back");
    }

    function test_withdraw_RevertWhen_stillThawing() public {
        _delegate(d1, dave, 1_000e18);
        _undelegate(d1, dave, 1e18);
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        vm.warp(releaseAt - 1);
        vm.prank(d1);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationStillThawing.selector, dave, d1, releaseAt));
        pool.withdraw(dave);
    }

    function test_withdraw_RevertWhen_nothingThawing() public {
        _delegate(d1, dave, 1_000e18);
        vm.prank(d1);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationNothingThawing.selector, dave, d1));
        pool.withdraw(dave);
    }
}
