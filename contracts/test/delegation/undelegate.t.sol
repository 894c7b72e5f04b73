// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract DelegationUndelegateTest is DelegationBase {
    function test_undelegate_movesTokensToTheThawingSide() public {
        _delegate(d1, dave, 1_000e18);
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        vm.expectEmit(address(pool));
        emit IDelegationPool.Undelegated(dave, d1, 400e18, 400e18, releaseAt);
        vm.prank(d1);
        uint256 amount = pool.undelegate(dave, 400e18);
        vm.snapshotGasLastCall("delegation", "undelegate_first");

        assertEq(amount, 400e18, "amount");
        IDelegationPool.PoolInfo memory p = pool.poolOf(dave);
        assertEq(p.tokens, 600e18, "active");
        assertEq(p.thawingTokens, 400e18, "thawing");
        IDelegationPool.DelegationInfo memory d = pool.delegationOf(dave, d1);
        assertEq(d.shares, 600e18, "active shares");
        assertEq(d.thawingShares, 400e18, "thawing shares");
        assertEq(d.releaseAt, releaseAt, "releaseAt");
        assertEq(sys.staking.delegatedOf(dave), 600e18, "capacity drops at once");
        assertEq(sys.token.balanceOf(address(pool)), 1_000e18, "nothing leaves yet");
    }

    function test_undelegate_againRestartsTheDelay() public {
        _delegate(d1, dave, 1_000e18);
        _undelegate(d1, dave, 100e18);
        vm.warp(block.timestamp + 100);
        _undelegate(d1, dave, 100e18);
        IDelegationPool.DelegationInfo memory d = pool.delegationOf(dave, d1);
        assertEq(d.thawingShares, 200e18, "thawing shares add up");
        assertEq(d.releaseAt, block.timestamp + sys.params.unbondingDelay(), "restarted");
    }

    function test_undelegate_keepsWhatWasEarnedBefore() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        _delegate(d2, dave, 1_000e18); // stays, so that dave can still take the second job
        _paidJob(dave, MAX_PRICE / 2);
        (,, uint256 before) = pool.balancesOf(dave, d1);
        assertGt(before, 0, "earned");
        _undelegate(d1, dave, 1_000e18);
        _paidJob(dave, MAX_PRICE / 2);
        (,, uint256 afterwards) = pool.balancesOf(dave, d1);
        assertEq(afterwards, before, "thawing earns nothing, and nothing earned is lost");
    }

    function test_undelegate_RevertWhen_tokensBackLockedCollateral() public {
        _delegate(d1, dave, 1_000e18);
        _assigned(dave, MAX_PRICE / 2); // locks 1,000: own 100 + 900 delegated
        uint256 ratio = sys.params.maxDelegationRatio();
        uint256 capacityAfter = OWN + _min(200e18, OWN * ratio);
        uint256 collateral = _collateral();
        vm.prank(d1);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingDelegationBacksCollateral.selector, dave, collateral, capacityAfter)
        );
        pool.undelegate(dave, 800e18);
        // The part that backs nothing may leave.
        _undelegate(d1, dave, 100e18);
        assertEq(pool.poolOf(dave).thawingTokens, 100e18);
    }

    function test_undelegate_RevertWhen_moreThanHeld() public {
        _delegate(d1, dave, 10e18);
        vm.prank(d1);
        vm.expectRevert(
            abi.encodeWithSelector(IDelegationPool.DelegationInsufficientShares.selector, dave, d1, 10e18, 11e18)
        );
        pool.undelegate(dave, 11e18);
    }

    function test_undelegate_RevertWhen_zero() public {
        vm.prank(d1);
        vm.expectRevert(IDelegationPool.DelegationZeroAmount.selector);
        pool.undelegate(dave, 0);
    }

    function test_undelegate_RevertWhen_sharesWorthNothing() public {
        _delegate(d1, dave, 1_000e18 + 1);
        _convicted(dave); // price falls below one token per share: one share is worth zero
        vm.prank(d1);
        vm.expectRevert(IDelegationPool.DelegationZeroAmount.selector);
        pool.undelegate(dave, 1);
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
