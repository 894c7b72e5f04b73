// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";

/// @notice What delegation lets a provider lock, and what it keeps the provider from unbonding.
contract DelegationCapacityTest is DelegationBase {
    address internal gus;

    function setUp() public override {
        super.setUp();
        gus = _newProvider("gus", 1_000e18);
    }

    function _lock(address provider, uint256 jobId, uint256 amount) internal {
        vm.prank(address(sys.market));
        sys.staking.lock(provider, jobId, amount);
    }

    function test_lock_usesDelegatedCapacityBeyondOwnStake() public {
        _delegate(d1, gus, 4_000e18);
        _lock(gus, 1, 5_000e18);
        assertEq(sys.staking.stakeOf(gus).locked, 5_000e18, "own 1,000 + 4,000 delegated");
        assertEq(sys.staking.freeStakeOf(gus), 0, "all used");
    }

    /// The ratio allows 17,000, but own stake must cover the treasury's part of a fraud slash of all
    /// that is locked (20% at devnet's shares): 1,000 own backs at most 5,000.
    function test_lock_RevertWhen_ownStakeBelowThePenaltyFloor() public {
        _delegate(d1, gus, 16_000e18);
        _lock(gus, 1, 5_000e18);
        vm.prank(address(sys.market));
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingOwnStakeBelowFloor.selector, gus, 1_000e18, 1_000.2e18));
        sys.staking.lock(gus, 2, 1e18);
    }

    function test_lock_ratioBindsBelowTheFloorsMultiple() public {
        vm.prank(admin);
        sys.params.setMaxDelegationRatio(2);
        _delegate(d1, gus, 16_000e18);
        assertEq(sys.staking.capacityOf(gus), 3_000e18, "own 1,000 + 2 x 1,000");
        _lock(gus, 1, 3_000e18);
    }

    function test_lock_RevertWhen_beyondTheCap() public {
        _delegate(d1, gus, 20_000e18); // 4,000 over the cap: it earns but backs nothing
        vm.prank(address(sys.market));
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, gus, 17_000e18, 17_001e18)
        );
        sys.staking.lock(gus, 1, 17_001e18);
    }

    function test_lock_RevertWhen_ownStakeBelowMinimumWhateverTheDelegation() public {
        address zed = makeAddr("zed");
        vm.prank(zed);
        sys.staking.register("{}");
        _delegate(d1, zed, 10_000e18);
        uint256 minStake = sys.params.minStake();
        vm.prank(address(sys.market));
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingBelowMinimumStake.selector, zed, 0, minStake));
        sys.staking.lock(zed, 1, 1e18);
        assertEq(sys.staking.capacityOf(zed), 0, "no own stake, no capacity");
    }

    function test_lock_followsTheRatioSetByGovernance() public {
        _delegate(d1, gus, 16_000e18);
        vm.prank(admin);
        sys.params.setMaxDelegationRatio(2);
        assertEq(sys.staking.capacityOf(gus), 3_000e18, "own + 2 x own");
        vm.prank(admin);
        sys.params.setMaxDelegationRatio(0);
        assertEq(sys.staking.capacityOf(gus), 1_000e18, "delegation adds nothing at 0");
    }

    function test_requestUnstake_ownStakeMayLeaveDownToTheRatioFloor() public {
        vm.prank(admin);
        sys.params.setMaxDelegationRatio(2);
        _delegate(d1, gus, 16_000e18);
        _lock(gus, 1, 1_800e18); // needs at least 1,800 / 3 = 600 own (more than the 360 floor)
        vm.prank(gus);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, gus, 400e18, 401e18));
        sys.staking.requestUnstake(401e18);
        vm.prank(gus);
        sys.staking.requestUnstake(400e18);
        assertEq(sys.staking.capacityOf(gus), 1_800e18, "exactly what is locked");
    }

    function test_requestUnstake_ownStakeMayLeaveDownToThePenaltyFloor() public {
        _delegate(d1, gus, 16_000e18);
        _lock(gus, 1, 1_700e18); // the ratio asks 100 own, the penalty floor 20% of 1,700 = 340
        vm.prank(gus);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, gus, 660e18, 661e18));
        sys.staking.requestUnstake(661e18);
        vm.prank(gus);
        sys.staking.requestUnstake(660e18);
        assertEq(sys.staking.stakeOf(gus).bonded, 340e18, "the floor stays");
    }

    function test_requestUnstake_smallDelegationBindsByItsAmount() public {
        _delegate(d1, gus, 500e18);
        _lock(gus, 1, 1_200e18); // 1,200 - 500 = 700 own must stay
        vm.prank(gus);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, gus, 300e18, 301e18));
        sys.staking.requestUnstake(301e18);
    }

    function test_setMaxDelegationRatio_RevertWhen_aboveCeiling() public {
        uint256 ceiling = sys.params.DELEGATION_RATIO_CEILING();
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersOutOfBounds.selector, bytes32("maxDelegationRatio"), ceiling + 1, 0, ceiling
            )
        );
        sys.params.setMaxDelegationRatio(uint16(ceiling + 1));
    }
}
