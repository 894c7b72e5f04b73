// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

contract DelegationDelegateTest is DelegationBase {
    function test_delegate_firstDelegationMintsSharesOneToOne() public {
        uint256 before = sys.token.balanceOf(d1);
        vm.expectEmit(address(pool));
        emit IDelegationPool.Delegated(dave, d1, 500e18, 500e18);
        vm.prank(d1);
        uint256 shares = pool.delegate(dave, 500e18);
        vm.snapshotGasLastCall("delegation", "delegate_first");

        assertEq(shares, 500e18, "shares");
        assertEq(_sharesOf(dave, d1), 500e18, "delegator shares");
        IDelegationPool.PoolInfo memory p = pool.poolOf(dave);
        assertEq(p.tokens, 500e18, "pool tokens");
        assertEq(p.shares, 500e18, "pool shares");
        assertEq(sys.token.balanceOf(d1), before - 500e18, "pulled");
        assertEq(sys.token.balanceOf(address(pool)), 500e18, "held");
        assertEq(sys.staking.delegatedOf(dave), 500e18, "mirrored in staking");
    }

    function test_delegate_warmDelegationCostsTheSame() public {
        _delegate(d2, dave, 100e18);
        _delegate(d1, dave, 100e18);
        vm.prank(d1);
        pool.delegate(dave, 100e18);
        vm.snapshotGasLastCall("delegation", "delegate_warm");
        assertEq(_sharesOf(dave, d1), 200e18);
    }

    function test_delegate_addsCapacityUpToTheRatio() public {
        uint256 ratio = sys.params.maxDelegationRatio();
        _delegate(d1, dave, OWN * ratio / 2);
        assertEq(sys.staking.capacityOf(dave), OWN + OWN * ratio / 2, "under the cap: all of it");
        _delegate(d2, dave, OWN * ratio);
        assertEq(sys.staking.capacityOf(dave), OWN + OWN * ratio, "over the cap: capped");
        assertEq(sys.staking.freeStakeOf(dave), OWN + OWN * ratio, "free");
        assertEq(sys.staking.delegatedOf(dave), OWN * ratio * 3 / 2, "all of it is delegated");
    }

    function test_delegate_capacityLetsTheProviderWinLargerJobs() public {
        // 1,000 VRT of collateral: dave's own 100 cannot back it.
        uint256 jobId = _post(_request());
        bytes32 c = sys.market.bidCommitment(jobId, 0, dave, MAX_PRICE, _salt(dave, MAX_PRICE));
        uint256 collateral = _collateral();
        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingInsufficientFreeStake.selector, dave, OWN, collateral));
        sys.market.commitBid(jobId, c);

        _delegate(d1, dave, 1_000e18);
        vm.prank(dave);
        sys.market.commitBid(jobId, c);
        assertEq(sys.staking.stakeOf(dave).locked, _collateral(), "locked beyond own stake");
    }

    function test_delegate_afterASlashMintsMoreShares() public {
        _delegate(d1, dave, 1_000e18);
        _convicted(dave); // 1,000 VRT: own 200 first, then 800 of the pool's 1,000
        assertEq(pool.poolOf(dave).tokens, 200e18, "pool left");
        uint256 shares = _delegate(d2, dave, 200e18);
        assertEq(shares, 1_000e18, "a fifth of the price, five times the shares");
        (uint256 a1,,) = pool.balancesOf(dave, d1);
        (uint256 a2,,) = pool.balancesOf(dave, d2);
        assertEq(a1, 200e18, "the old delegator keeps its value");
        assertEq(a2, 200e18, "the new one gets its money's worth");
    }

    function test_delegate_RevertWhen_amountIsZero() public {
        vm.prank(d1);
        vm.expectRevert(IDelegationPool.DelegationZeroAmount.selector);
        pool.delegate(dave, 0);
    }

    function test_delegate_RevertWhen_providerNotRegistered() public {
        address nobody = makeAddr("nobody");
        vm.prank(d1);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationProviderNotRegistered.selector, nobody));
        pool.delegate(nobody, 1e18);
    }

    function test_delegate_RevertWhen_poolWipedBySlash() public {
        _delegate(d1, dave, 800e18);
        _convicted(dave); // 1,000 VRT = own 200 + pool 800
        assertEq(_poolTokens(dave), 0, "wiped");
        vm.prank(d2);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationPoolWiped.selector, dave, 800e18));
        pool.delegate(dave, 1e18);
    }

    function test_delegate_oneWeiBuysAtLeastOneShare() public {
        _delegate(d1, dave, 1_000e18 + 7);
        _convicted(dave); // the pool is left with an odd price below one
        uint256 shares = _delegate(d2, dave, 1);
        assertGe(shares, 1, "a share is never worth more than a token, so dust still buys one");
    }
}
