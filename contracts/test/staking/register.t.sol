// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingBase} from "./StakingBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract StakingRegisterTest is StakingBase {
    function test_register_marksTheProviderRegistered() public {
        assertFalse(_info(dave).registered);
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.ProviderRegistered(dave, '{"gpu":"A100"}');
        vm.prank(dave);
        sys.staking.register('{"gpu":"A100"}');
        vm.snapshotGasLastCall("staking", "register");
        IStaking.StakeInfo memory s = _info(dave);
        assertTrue(s.registered);
        assertEq(s.bonded, 0);
        assertEq(s.locked, 0);
        assertEq(s.unbonding, 0);
        assertEq(s.releaseAt, 0);
        assertFalse(sys.staking.isEligible(dave), "registered but not staked");
    }

    function test_register_RevertWhen_alreadyRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingAlreadyRegistered.selector, alice));
        vm.prank(alice);
        sys.staking.register("again");
    }

    function test_updateMetadata_emitsTheNewMetadata() public {
        vm.expectEmit(true, true, true, true, address(sys.staking));
        emit IStaking.ProviderMetadataUpdated(alice, "new");
        vm.prank(alice);
        sys.staking.updateMetadata("new");
        _assertStake(alice, STAKE, 0, 0, 0);
    }

    function test_updateMetadata_RevertWhen_notRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotRegistered.selector, dave));
        vm.prank(dave);
        sys.staking.updateMetadata("x");
    }
}
