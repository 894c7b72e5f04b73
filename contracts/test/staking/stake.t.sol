// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {StakingBase} from "./StakingBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract StakingStakeTest is StakingBase {
    function test_stake_bondsAndPullsTokens() public {
        uint256 daveBefore = sys.token.balanceOf(dave);
        uint256 stakingBefore = sys.token.balanceOf(address(sys.staking));
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Staked(dave, 300e18, 300e18);
        _stake(dave, 300e18);
        vm.snapshotGasLastCall("staking", "stake");
        _assertStake(dave, 300e18, 0, 0, 0);
        assertFalse(_info(dave).registered, "staking does not register");
        assertEq(sys.token.balanceOf(dave), daveBefore - 300e18);
        assertEq(sys.token.balanceOf(address(sys.staking)), stakingBefore + 300e18);
        assertEq(sys.staking.freeStakeOf(dave), 300e18);
    }

    function test_stake_addsToBondedStake() public {
        sys.token.transfer(alice, 5e18);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Staked(alice, 5e18, STAKE + 5e18);
        _stake(alice, 5e18);
        _assertStake(alice, STAKE + 5e18, 0, 0, 0);
    }

    function test_stake_keepsLockedAndUnbondingUntouched() public {
        _lock(alice, 1, 1000e18);
        _unstake(alice, 2000e18);
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        sys.token.transfer(alice, 7e18);
        _stake(alice, 7e18);
        _assertStake(alice, STAKE - 2000e18 + 7e18, 1000e18, 2000e18, releaseAt);
    }

    function test_stake_RevertWhen_zeroAmount() public {
        vm.expectRevert(IStaking.StakingZeroAmount.selector);
        _stake(dave, 0);
    }

    function test_stake_RevertWhen_amountAbove96Bits() public {
        uint256 tooMuch = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingAmountTooLarge.selector, tooMuch));
        _stake(dave, tooMuch);
    }

    function test_stake_RevertWhen_notApproved() public {
        address eve = makeAddr("eve");
        sys.token.transfer(eve, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(sys.staking), 0, 10e18)
        );
        _stake(eve, 10e18);
    }

    function test_stake_RevertWhen_balanceTooLow() public {
        uint256 balance = sys.token.balanceOf(dave);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, dave, balance, balance + 1)
        );
        _stake(dave, balance + 1);
    }

    function test_stake_worksWhileTheMarketIsPaused() public {
        vm.prank(guardian);
        sys.market.setPaused(true);
        _stake(dave, 1e18);
        assertEq(_info(dave).bonded, 1e18);
    }
}
