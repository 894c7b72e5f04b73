// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice The pool's one Staking call per delegation and undelegation: the capacity mirror, the
/// `delegated` flag that `release` reads (written only when it flips), and the registration check
/// (asked of Staking only when the pool has no active tokens).
contract DelegationSyncDelegationTest is DelegationBase {
    /// @dev What `release` (the market's payout path) gives the provider's delegators from `earnings`:
    /// zero unless Staking's `delegated` flag is set.
    function _releaseShare(uint256 earnings) internal returns (address to, uint256 shared) {
        vm.prank(address(sys.market));
        (to, shared) = sys.staking.release(dave, 0, 0, earnings);
    }

    function test_syncDelegation_delegatedFlagFollowsActiveDelegation() public {
        _setShare(dave, 5000);
        (address to, uint256 shared) = _releaseShare(100e6);
        assertEq(to, address(0), "no delegation yet: nothing for delegators");
        assertEq(shared, 0, "no delegation yet: nothing shared");

        uint256 shares = _delegate(d1, dave, 1_000e18);
        (to, shared) = _releaseShare(100e6);
        assertEq(to, address(pool), "flag set on the first delegation");
        assertEq(shared, 50e6, "half to the delegators");

        _delegate(d2, dave, 500e18);
        (, shared) = _releaseShare(100e6);
        assertEq(shared, 50e6, "still set after a delegation to a pool that had some");

        _undelegate(d1, dave, shares);
        (, shared) = _releaseShare(100e6);
        assertEq(shared, 50e6, "still set while some delegation is active");

        _undelegate(d2, dave, _sharesOf(dave, d2));
        assertEq(sys.staking.delegatedOf(dave), 0, "no active delegation left");
        (to, shared) = _releaseShare(100e6);
        assertEq(to, address(0), "flag cleared when the last active tokens leave");
        assertEq(shared, 0, "nothing shared once cleared");

        _delegate(d3, dave, 10e18);
        (to, shared) = _releaseShare(100e6);
        assertEq(to, address(pool), "set again by a new delegation");
        assertEq(shared, 50e6, "shared again");
    }

    function test_delegate_firstDelegationAsksStakingForRegistration() public {
        vm.expectCall(address(sys.staking), abi.encodeCall(IStaking.stakeOf, (dave)), 1);
        _delegate(d1, dave, 1_000e18);
    }

    function test_delegate_poolWithActiveTokensSkipsTheRegistrationCheck() public {
        _delegate(d1, dave, 1_000e18);
        // Active tokens came in through the check, and registration is never undone.
        vm.expectCall(address(sys.staking), abi.encodeCall(IStaking.stakeOf, (dave)), 0);
        _delegate(d2, dave, 1_000e18);
    }

    function test_syncDelegation_RevertWhen_notThePool() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotDelegationPool.selector, address(this)));
        sys.staking.syncDelegation(dave, 1e18, d1, 0, 1e18);
    }
}
