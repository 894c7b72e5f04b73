// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {StakingBase} from "./StakingBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice Slashing straight through the staking contract, as the market calls it. The market
/// itself never asks for more than a job's collateral; these tests also cover larger asks to
/// show that a slash reaches unbonding stake and never takes more than the provider has.
contract StakingSlashTest is StakingBase {
    address internal r1 = makeAddr("r1");
    address internal r2 = makeAddr("r2");
    address internal r3 = makeAddr("r3");

    function _slash(address who, uint256 jobId, uint256 collateral, address[] memory r, uint256[] memory a)
        internal
        returns (uint256)
    {
        vm.prank(market);
        return sys.staking.slash(who, jobId, collateral, r, a);
    }

    function _three(uint256 a1, uint256 a2, uint256 a3) internal view returns (address[] memory r, uint256[] memory a) {
        r = new address[](3);
        a = new uint256[](3);
        (r[0], r[1], r[2]) = (r1, r2, r3);
        (a[0], a[1], a[2]) = (a1, a2, a3);
    }

    function test_slash_takesFromBondedAndUnlocksTheCollateral() public {
        _lock(alice, 1, 2000e18);
        _lock(alice, 2, 500e18);
        uint256 stakingBefore = sys.token.balanceOf(address(sys.staking));
        uint256 votesBefore = sys.staking.getVotes(alice);
        (address[] memory r, uint256[] memory a) = _one(r1, 200e18);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.StakeUnlocked(alice, 1, 2000e18);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.Slashed(alice, 1, 200e18, r1);
        uint256 slashed = _slash(alice, 1, 2000e18, r, a);
        assertEq(slashed, 200e18);
        _assertStake(alice, STAKE - 200e18, 500e18, 0, 0);
        assertEq(sys.token.balanceOf(r1), 200e18);
        assertEq(sys.token.balanceOf(address(sys.staking)), stakingBefore - 200e18);
        assertEq(sys.staking.getVotes(alice), votesBefore - 200e18, "votes follow the slash");
    }

    function test_slash_paysEachRecipientInTurnAndSkipsZeroes() public {
        _lock(alice, 1, 1000e18);
        (address[] memory r, uint256[] memory a) = _three(500e18, 0, 300e18);
        vm.recordLogs();
        uint256 slashed = _slash(alice, 1, 1000e18, r, a);
        assertEq(_countLogs(IStaking.Slashed.selector), 2, "no Slashed event for a zero share");
        assertEq(slashed, 800e18);
        assertEq(sys.token.balanceOf(r1), 500e18);
        assertEq(sys.token.balanceOf(r2), 0);
        assertEq(sys.token.balanceOf(r3), 300e18);
        _assertStake(alice, STAKE - 800e18, 0, 0, 0);
    }

    function test_slash_reachesUnbondingStake() public {
        _lock(alice, 1, 1000e18);
        _unstake(alice, STAKE - 1000e18);
        uint256 releaseAt = _info(alice).releaseAt;
        (address[] memory r, uint256[] memory a) = _one(r1, 5000e18);
        uint256 slashed = _slash(alice, 1, 1000e18, r, a);
        assertEq(slashed, 5000e18);
        _assertStake(alice, 0, 0, STAKE - 5000e18, releaseAt);
        assertEq(sys.token.balanceOf(r1), 5000e18);
        assertEq(sys.staking.getVotes(alice), STAKE - 5000e18);
    }

    function test_slash_neverTakesMoreThanTheProviderHas() public {
        _lock(alice, 1, 1000e18);
        _unstake(alice, 4000e18);
        (address[] memory r, uint256[] memory a) = _three(8000e18, 5000e18, 1e18);
        uint256 slashed = _slash(alice, 1, 1000e18, r, a);
        assertEq(slashed, STAKE, "everything, and no more");
        assertEq(sys.token.balanceOf(r1), 8000e18);
        assertEq(sys.token.balanceOf(r2), 2000e18, "capped at what was left");
        assertEq(sys.token.balanceOf(r3), 0);
        IStaking.StakeInfo memory s = _info(alice);
        assertEq(s.bonded, 0);
        assertEq(s.unbonding, 0);
        assertEq(s.locked, 0);
        assertEq(sys.staking.getVotes(alice), 0);
    }

    /// @dev Locked collateral of another job can exceed what a (non-market-sized) slash leaves
    /// bonded: locked is then capped so that locked <= bonded always holds.
    /// @dev A slash beyond a job's collateral (the market never asks for one) leaves the other jobs'
    /// collateral locked, even above what is left, so that each can still be unlocked when it ends.
    function test_slash_leavesOtherJobsCollateralLocked() public {
        _lock(alice, 1, 3000e18);
        _lock(alice, 2, 3000e18);
        (address[] memory r, uint256[] memory a) = _one(r1, 9000e18);
        _slash(alice, 1, 3000e18, r, a);
        IStaking.StakeInfo memory s = _info(alice);
        assertEq(s.bonded, 1000e18);
        assertEq(s.locked, 3000e18);
        assertEq(sys.staking.freeStakeOf(alice), 0);
        vm.prank(address(sys.market));
        sys.staking.unlock(alice, 2, 3000e18);
        assertEq(_info(alice).locked, 0);
    }

    function test_slash_zeroAmountOnlyUnlocks() public {
        _lock(alice, 1, 1000e18);
        (address[] memory r, uint256[] memory a) = _one(r1, 0);
        uint256 slashed = _slash(alice, 1, 1000e18, r, a);
        assertEq(slashed, 0);
        _assertStake(alice, STAKE, 0, 0, 0);
        assertEq(sys.token.balanceOf(r1), 0);
    }

    function test_slash_RevertWhen_callerNotMarket() public {
        _lock(alice, 1, 1000e18);
        (address[] memory r, uint256[] memory a) = _one(r1, 1);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, r1));
        vm.prank(r1);
        sys.staking.slash(alice, 1, 1000e18, r, a);
    }

    function test_slash_RevertWhen_collateralAboveLocked() public {
        _lock(alice, 1, 1000e18);
        (address[] memory r, uint256[] memory a) = _one(r1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingUnlockExceedsLocked.selector, alice, 1000e18, 1000e18 + 1)
        );
        _slash(alice, 1, 1000e18 + 1, r, a);
    }

    function testFuzz_slash_neverExceedsStakeAndKeepsLockedWithinBonded(
        uint96 lockedAmount,
        uint96 unbondAmount,
        uint96 a1,
        uint96 a2,
        uint96 a3
    ) public {
        lockedAmount = uint96(bound(lockedAmount, 1, STAKE));
        unbondAmount = uint96(bound(unbondAmount, 0, STAKE - lockedAmount));
        _lock(alice, 1, lockedAmount);
        if (unbondAmount != 0) _unstake(alice, unbondAmount);
        IStaking.StakeInfo memory before = _info(alice);
        uint256 had = uint256(before.bonded) + before.unbonding;
        uint256 stakingBefore = sys.token.balanceOf(address(sys.staking));
        (address[] memory r, uint256[] memory a) = _three(a1, a2, a3);
        uint256 slashed = _slash(alice, 1, lockedAmount, r, a);
        uint256 asked = uint256(a1) + a2 + a3;
        assertEq(slashed, asked < had ? asked : had);
        IStaking.StakeInfo memory s = _info(alice);
        assertEq(uint256(s.bonded) + s.unbonding, had - slashed);
        assertLe(s.locked, s.bonded);
        assertEq(sys.token.balanceOf(address(sys.staking)), stakingBefore - slashed);
        assertEq(sys.token.balanceOf(r1) + sys.token.balanceOf(r2) + sys.token.balanceOf(r3), slashed);
        // bonded goes first: unbonding is only touched once bonded is gone
        if (s.unbonding < before.unbonding) assertEq(s.bonded, 0);
    }

    function _countLogs(bytes32 topic0) internal returns (uint256 n) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length != 0 && logs[i].topics[0] == topic0) ++n;
        }
    }
}
