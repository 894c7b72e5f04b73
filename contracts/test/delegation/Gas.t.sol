// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";

/// @notice delegate, undelegate and claimEarnings cost the same with 1 and with 1,000 delegators
/// (no loop over them) and each stays under 120,000 gas warm (issue 14's budget), votes included:
/// the measured delegate settles earnings, revalues a position that also has thawing shares and
/// moves its votes (docs/delegation.md, "Gas").
contract DelegationGasTest is DelegationBase {
    uint256 internal constant BUDGET = 120_000;

    struct Costs {
        uint256 delegate;
        uint256 undelegate;
        uint256 claim;
    }

    function _costsWith(uint256 others) internal returns (Costs memory c) {
        _setShare(dave, 5000);
        for (uint256 i; i < others; ++i) {
            address who = address(uint160(0x100000 + i));
            sys.token.transfer(who, 10e18);
            vm.startPrank(who);
            sys.token.approve(address(pool), 10e18);
            pool.delegate(dave, 10e18);
            vm.stopPrank();
        }
        _delegate(d1, dave, 1_000e18);
        _paidJob(dave, 50e6);
        // Collect the credit from the market first, so that every measured claim is the warm one.
        vm.prank(d2);
        pool.delegate(dave, 1e18);
        vm.prank(address(uint160(0x100000)));
        if (others != 0) pool.claimEarnings(dave);

        // d1 has delegated, undelegated and claimed before: the measured calls are the warm ones.
        _undelegate(d1, dave, 1e18);
        vm.prank(d1);
        pool.claimEarnings(dave);
        _paidJob(dave, 50e6);
        // The credit moves from the market to the pool (as the next claim short of funds would do),
        // so that the measured claim is the same path whatever the pool's balance.
        vm.prank(address(pool));
        sys.market.claim();

        vm.prank(d1);
        pool.delegate(dave, 100e18);
        c.delegate = vm.lastCallGas().gasTotalUsed;
        vm.prank(d1);
        pool.undelegate(dave, 100e18);
        c.undelegate = vm.lastCallGas().gasTotalUsed;
        vm.prank(d1);
        pool.claimEarnings(dave);
        c.claim = vm.lastCallGas().gasTotalUsed;
    }

    function test_gas_constantInTheNumberOfDelegators() public {
        uint256 snap = vm.snapshotState();
        Costs memory one = _costsWith(1);
        vm.revertToState(snap);
        Costs memory many = _costsWith(1_000);
        // Equal but for the few gas that different numbers cost (calldata bytes, mulDiv's path).
        assertApproxEqAbs(many.delegate, one.delegate, 100, "delegate");
        assertApproxEqAbs(many.undelegate, one.undelegate, 100, "undelegate");
        assertApproxEqAbs(many.claim, one.claim, 100, "claimEarnings");
        emit log_named_uint("delegate, 1,000 delegators", many.delegate);
        emit log_named_uint("undelegate, 1,000 delegators", many.undelegate);
        emit log_named_uint("claimEarnings, 1,000 delegators", many.claim);
        _assertWithinBudget(one, "1 delegator");
        _assertWithinBudget(many, "1,000 delegators");
    }

    function _assertWithinBudget(Costs memory c, string memory setting) internal pure {
        assertLe(c.delegate, BUDGET, string.concat("delegate over budget, ", setting));
        assertLe(c.undelegate, BUDGET, string.concat("undelegate over budget, ", setting));
        assertLe(c.claim, BUDGET, string.concat("claimEarnings over budget, ", setting));
    }
}
