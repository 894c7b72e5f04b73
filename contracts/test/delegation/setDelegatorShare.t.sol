// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";

contract DelegationSetDelegatorShareTest is DelegationBase {
    function test_setDelegatorShare_raiseAppliesAtOnce() public {
        vm.expectEmit(address(pool));
        emit IDelegationPool.DelegatorShareSet(dave, 3000);
        vm.prank(dave);
        pool.setDelegatorShare(3000);
        vm.snapshotGasLastCall("delegation", "setDelegatorShare_raise");
        assertEq(pool.delegatorShareOf(dave), 3000);
        assertEq(pool.poolOf(dave).delegatorShareBps, 3000);
    }

    function test_setDelegatorShare_cutWaitsOneUnbondingDelay() public {
        _setShare(dave, 3000);
        uint256 effectiveAt = block.timestamp + sys.params.unbondingDelay();
        vm.expectEmit(address(pool));
        emit IDelegationPool.DelegatorShareScheduled(dave, 1000, effectiveAt);
        _setShare(dave, 1000);
        assertEq(pool.delegatorShareOf(dave), 3000, "not yet");
        vm.warp(effectiveAt);
        assertEq(pool.delegatorShareOf(dave), 1000, "after the notice");
    }

    function test_setDelegatorShare_cutAppliesToThePayoutAfterTheNotice() public {
        _setShare(dave, 3000);
        _delegate(d1, dave, 1_000e18);
        _setShare(dave, 0);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        uint256 jobId = _submitted(dave, 50e6);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectEmit(address(pool));
        emit IDelegationPool.DelegatorShareSet(dave, 0);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        assertEq(sys.market.claimable(address(pool)), 0, "the cut applied");
        assertEq(pool.poolOf(dave).pendingAt, 0, "cleared");
    }

    function test_setDelegatorShare_raiseCancelsAScheduledCut() public {
        _setShare(dave, 3000);
        _setShare(dave, 1000);
        _setShare(dave, 4000);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        assertEq(pool.delegatorShareOf(dave), 4000);
        assertEq(pool.poolOf(dave).pendingAt, 0);
    }

    function test_setDelegatorShare_RevertWhen_aboveAll() public {
        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationShareTooHigh.selector, 10_001));
        pool.setDelegatorShare(10_001);
    }
}
