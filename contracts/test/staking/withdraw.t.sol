// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingBase} from "./StakingBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract StakingWithdrawTest is StakingBase {
    function test_withdraw_paysOutAtExactlyReleaseAt() public {
        _unstake(alice, 4000e18);
        uint256 releaseAt = _info(alice).releaseAt;
        vm.warp(releaseAt);
        uint256 aliceBefore = sys.token.balanceOf(alice);
        uint256 stakingBefore = sys.token.balanceOf(address(sys.staking));
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Withdrawn(alice, 4000e18);
        vm.prank(alice);
        sys.staking.withdraw();
        vm.snapshotGasLastCall("staking", "withdraw");
        _assertStake(alice, STAKE - 4000e18, 0, 0, 0);
        assertEq(sys.token.balanceOf(alice), aliceBefore + 4000e18);
        assertEq(sys.token.balanceOf(address(sys.staking)), stakingBefore - 4000e18);
    }

    function test_withdraw_RevertWhen_oneSecondEarly() public {
        _unstake(alice, 4000e18);
        uint256 releaseAt = _info(alice).releaseAt;
        vm.warp(releaseAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingStillUnbonding.selector, alice, releaseAt));
        vm.prank(alice);
        sys.staking.withdraw();
    }

    function test_withdraw_RevertWhen_nothingUnbonding() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNothingUnbonding.selector, alice));
        vm.prank(alice);
        sys.staking.withdraw();
    }

    function test_withdraw_RevertWhen_alreadyWithdrawn() public {
        _unstake(alice, 1e18);
        vm.warp(_info(alice).releaseAt);
        vm.startPrank(alice);
        sys.staking.withdraw();
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNothingUnbonding.selector, alice));
        sys.staking.withdraw();
        vm.stopPrank();
    }

    function test_withdraw_paysOnlyWhatASlashLeft() public {
        _lock(alice, 1, 1000e18);
        _unstake(alice, STAKE - 1000e18);
        (address[] memory r, uint256[] memory a) = _one(requester, 4000e18);
        vm.prank(market);
        sys.staking.slash(alice, 1, 1000e18, r, a);
        // 1000 from bonded, 3000 from unbonding
        vm.warp(_info(alice).releaseAt);
        uint256 before = sys.token.balanceOf(alice);
        vm.prank(alice);
        sys.staking.withdraw();
        assertEq(sys.token.balanceOf(alice) - before, STAKE - 1000e18 - 3000e18);
    }

    function test_withdraw_worksWhileTheMarketIsPaused() public {
        _unstake(alice, 1e18);
        vm.prank(guardian);
        sys.market.setPaused(true);
        vm.warp(_info(alice).releaseAt);
        vm.prank(alice);
        sys.staking.withdraw();
        assertEq(_info(alice).unbonding, 0);
    }
}
