// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";

contract DelegationClaimEarningsTest is DelegationBase {
    uint256 internal constant PRICE = 50e6;

    /// @dev What the provider earns on a job at `price`: the price less the protocol fee.
    function _earned(uint256 price) internal view returns (uint256) {
        return price - price * sys.params.protocolFeeBps() / 10_000;
    }

    function test_claimEarnings_paysTheDelegatorsShareOfAJob() public {
        _setShare(dave, 2000);
        _delegate(d1, dave, 1_000e18);
        uint256 jobId = _submitted(dave, PRICE);
        uint256 earned = _earned(PRICE);
        uint256 shared = earned * 2000 / 10_000;
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectEmit(address(pool));
        emit IDelegationPool.EarningsShared(dave, earned, shared);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        assertEq(sys.market.claimable(dave), earned - shared, "the provider keeps the rest");
        assertEq(sys.market.claimable(address(pool)), shared, "the pool's part is credited in the market");

        vm.expectEmit(address(pool));
        emit IDelegationPool.EarningsClaimed(dave, d1, shared);
        vm.prank(d1);
        uint256 amount = pool.claimEarnings(dave);
        vm.snapshotGasLastCall("delegation", "claimEarnings_collectsFromMarket");
        assertEq(amount, shared, "claimed");
        assertEq(usd.balanceOf(d1), shared, "paid");
        assertEq(sys.market.claimable(address(pool)), 0, "collected from the market");
    }

    function test_claimEarnings_splitsProRataToShares() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 300e18);
        _delegate(d2, dave, 900e18);
        _paidJob(dave, PRICE);
        uint256 shared = _earned(PRICE) * 5000 / 10_000;
        vm.prank(d1);
        uint256 one = pool.claimEarnings(dave);
        vm.prank(d2);
        uint256 two = pool.claimEarnings(dave);
        assertEq(one, shared / 4, "a quarter");
        assertEq(two, shared * 3 / 4, "three quarters");
        assertLe(one + two, shared, "never more than was shared");
    }

    function test_claimEarnings_warmFromThePoolsBalance() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 500e18);
        _delegate(d2, dave, 500e18);
        _paidJob(dave, PRICE);
        vm.prank(d2);
        pool.claimEarnings(dave); // collects the whole credit from the market
        vm.prank(d1);
        pool.claimEarnings(dave);
        vm.snapshotGasLastCall("delegation", "claimEarnings_first");
        assertEq(usd.balanceOf(d1), usd.balanceOf(d2), "equal shares, equal pay");
    }

    function test_claimEarnings_lateDelegatorGetsNothingOfEarlierJobs() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        _paidJob(dave, PRICE);
        _delegate(d2, dave, 1_000e18);
        (,, uint256 late) = pool.balancesOf(dave, d2);
        assertEq(late, 0, "accrued before d2 came");
        vm.prank(d2);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationNothingToClaim.selector, dave, d2));
        pool.claimEarnings(dave);
    }

    function test_claimEarnings_noDelegationMeansTheProviderKeepsAll() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        // carol has no delegators: her whole pay is hers.
        uint256 jobId = _paidJob(carol, PRICE);
        jobId;
        assertEq(sys.market.claimable(carol), _earned(PRICE), "all of it");
        assertEq(sys.market.claimable(address(pool)), 0, "nothing to the pool");
    }

    function test_claimEarnings_RevertWhen_nothingToClaim() public {
        _delegate(d1, dave, 1_000e18);
        _paidJob(dave, PRICE); // share 0%: nothing for the delegators
        vm.prank(d1);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationNothingToClaim.selector, dave, d1));
        pool.claimEarnings(dave);
    }
}
