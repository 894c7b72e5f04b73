// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingBase} from "./StakingBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract StakingRequestUnstakeTest is StakingBase {
    function test_requestUnstake_movesBondedToUnbonding() public {
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        uint256 balance = sys.token.balanceOf(address(sys.staking));
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.UnstakeRequested(alice, 4000e18, 4000e18, releaseAt);
        _unstake(alice, 4000e18);
        vm.snapshotGasLastCall("staking", "requestUnstake");
        _assertStake(alice, STAKE - 4000e18, 0, 4000e18, releaseAt);
        assertEq(sys.token.balanceOf(address(sys.staking)), balance, "tokens stay until withdrawn");
        assertEq(sys.staking.freeStakeOf(alice), STAKE - 4000e18);
    }

    function test_requestUnstake_addingRestartsTheDelay() public {
        _unstake(alice, 1000e18);
        vm.warp(block.timestamp + 1000);
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.UnstakeRequested(alice, 500e18, 1500e18, releaseAt);
        _unstake(alice, 500e18);
        _assertStake(alice, STAKE - 1500e18, 0, 1500e18, releaseAt);
    }

    function test_requestUnstake_allFreeStakeLeavesTheLockedPart() public {
        _lock(alice, 7, 3000e18);
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        _unstake(alice, STAKE - 3000e18);
        _assertStake(alice, 3000e18, 3000e18, STAKE - 3000e18, releaseAt);
        assertEq(sys.staking.freeStakeOf(alice), 0);
    }

    function test_requestUnstake_canDropBelowTheMinimumStake() public {
        _unstake(alice, STAKE - 1e18);
        assertFalse(sys.staking.isEligible(alice));
    }

    function test_requestUnstake_RevertWhen_zeroAmount() public {
        vm.expectRevert(IStaking.StakingZeroAmount.selector);
        _unstake(alice, 0);
    }

    function test_requestUnstake_RevertWhen_amountAboveBonded() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, alice, STAKE, STAKE + 1));
        _unstake(alice, STAKE + 1);
    }

    /// @dev Collateral locked for a job in flight can never be requested: nobody unbonds ahead of a slash.
    function test_requestUnstake_RevertWhen_amountReachesLockedCollateral() public {
        _lock(alice, 7, 3000e18);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, alice, STAKE - 3000e18, STAKE)
        );
        _unstake(alice, STAKE);
    }

    function test_requestUnstake_RevertWhen_nothingStaked() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, dave, 0, 1));
        _unstake(dave, 1);
    }
}
