// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingBase} from "./StakingBase.sol";
import {Staking} from "../../src/staking/Staking.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice Wiring and the views of Staking.
contract StakingWireTest is StakingBase {
    function test_wire_setsTheMarketOnce() public {
        Staking s = new Staking(sys.token, sys.params);
        assertEq(s.market(), address(0));
        s.wire(address(0xBEEF));
        assertEq(s.market(), address(0xBEEF));
        vm.expectRevert(IStaking.StakingAlreadyWired.selector);
        s.wire(address(0xCAFE));
    }

    function test_wire_RevertWhen_callerNotDeployer() public {
        Staking s = new Staking(sys.token, sys.params);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, alice));
        vm.prank(alice);
        s.wire(alice);
    }

    function test_wire_deployedSystemIsWiredToTheMarket() public {
        assertEq(sys.staking.market(), address(sys.market));
        vm.expectRevert(IStaking.StakingAlreadyWired.selector);
        sys.staking.wire(alice);
    }

    function test_views_reportTheConfiguration() public view {
        assertEq(sys.staking.token(), address(sys.token));
        assertEq(address(sys.staking.params()), address(sys.params));
    }

    function test_isEligible_needsRegistrationAndMinimumStake() public {
        assertTrue(sys.staking.isEligible(alice));
        _stake(dave, 100e18);
        assertFalse(sys.staking.isEligible(dave), "not registered");
        vm.prank(dave);
        sys.staking.register("");
        assertTrue(sys.staking.isEligible(dave), "exactly the minimum");
        _unstake(dave, 1);
        assertFalse(sys.staking.isEligible(dave), "one wei below");
        vm.prank(admin);
        sys.params.setMinStake(1e18);
        assertTrue(sys.staking.isEligible(dave), "follows the parameter");
    }

    function test_freeStakeOf_isBondedMinusLocked() public {
        _lock(alice, 1, 1234e18);
        assertEq(sys.staking.freeStakeOf(alice), STAKE - 1234e18);
        assertEq(sys.staking.freeStakeOf(dave), 0);
    }

    function test_stakeOf_unknownProviderIsEmpty() public {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(makeAddr("nobody"));
        assertEq(s.bonded, 0);
        assertEq(s.locked, 0);
        assertEq(s.unbonding, 0);
        assertEq(s.releaseAt, 0);
        assertFalse(s.registered);
    }
}
