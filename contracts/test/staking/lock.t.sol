// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingBase} from "./StakingBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract StakingLockTest is StakingBase {
    function test_lock_locksFreeStake() public {
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeLocked(alice, 42, 2500e18);
        _lock(alice, 42, 2500e18);
        _assertStake(alice, STAKE, 2500e18, 0, 0);
        assertEq(sys.staking.freeStakeOf(alice), STAKE - 2500e18);
    }

    function test_lock_allFreeStake() public {
        _lock(alice, 1, 4000e18);
        _lock(alice, 2, STAKE - 4000e18);
        _assertStake(alice, STAKE, STAKE, 0, 0);
    }

    function test_lock_RevertWhen_callerNotMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, address(this)));
        sys.staking.lock(alice, 1, 1);
    }

    function test_lock_RevertWhen_notRegistered() public {
        _stake(dave, 1000e18);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotRegistered.selector, dave));
        _lock(dave, 1, 1);
    }

    function test_lock_RevertWhen_belowMinimumStake() public {
        vm.prank(dave);
        sys.staking.register("");
        _stake(dave, 99e18);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingBelowMinimumStake.selector, dave, 99e18, 100e18));
        _lock(dave, 1, 1);
    }

    function test_lock_RevertWhen_moreThanFreeStake() public {
        _lock(alice, 1, 6000e18);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, alice, 4000e18, 4000e18 + 1)
        );
        _lock(alice, 2, 4000e18 + 1);
    }

    function test_unlock_releasesCollateral() public {
        _lock(alice, 1, 6000e18);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, 1, 6000e18);
        vm.prank(market);
        sys.staking.unlock(alice, 1, 6000e18);
        _assertStake(alice, STAKE, 0, 0, 0);
    }

    function test_unlock_RevertWhen_callerNotMarket() public {
        _lock(alice, 1, 6000e18);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, alice));
        vm.prank(alice);
        sys.staking.unlock(alice, 1, 6000e18);
    }

    function test_unlock_RevertWhen_moreThanLocked() public {
        _lock(alice, 1, 6000e18);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingUnlockExceedsLocked.selector, alice, 6000e18, 6000e18 + 1)
        );
        vm.prank(market);
        sys.staking.unlock(alice, 1, 6000e18 + 1);
    }
}
