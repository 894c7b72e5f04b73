// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";

/// @notice Share accounting under random deposits, undelegations, slashes and earnings.
contract DelegationPoolFuzzTest is DelegationBase {
    /// @dev A conviction's slash of `amount` through Staking's real path (own stake first, then the
    /// pool), with no collateral involved: the market's part is only to call it. The treasury is its
    /// recipient, as in a conviction: a liveness slash (the requester alone) never reaches the pool.
    function _slash(address provider, uint256 amount) internal {
        address[] memory r = new address[](1);
        uint256[] memory a = new uint256[](1);
        (r[0], a[0]) = (sys.params.treasury(), amount);
        vm.prank(address(sys.market));
        sys.staking.slash(provider, 0, 0, r, a);
    }

    /// No delegator gets out more than it put in less its pro-rata part of the slash (rounded in
    /// the pool's favour), whatever the order of deposits, undelegations and the slash.
    function testFuzz_shares_noDelegatorWithdrawsMoreThanDepositedLessSlash(
        uint256 in1,
        uint256 in2,
        uint256 out1,
        uint256 slashAmount,
        bool slashWhileThawing
    ) public {
        in1 = bound(in1, 1, 100_000e18);
        in2 = bound(in2, 1, 100_000e18);
        out1 = bound(out1, 1, in1);
        slashAmount = bound(slashAmount, 0, OWN + in1 + in2);
        _delegate(d1, dave, in1);
        _delegate(d2, dave, in2);
        if (!slashWhileThawing) _slash(dave, slashAmount);
        bool moved = _undelegatePart(d1, out1, in1);
        if (slashWhileThawing) _slash(dave, slashAmount);

        uint256 fromPool = slashAmount > OWN ? slashAmount - OWN : 0;
        uint256 held = _assertFairShare(d1, in1, fromPool, in1 + in2);
        held += _assertFairShare(d2, in2, fromPool, in1 + in2);
        // Every claim is covered by the tokens the pool holds.
        assertLe(held, sys.token.balanceOf(address(pool)), "claims exceed the pool");
        if (moved) _assertWithdrawsAsShown(d1);
    }

    /// @dev Undelegates `out / deposit` of `who`'s shares if they are worth a token; says whether it did.
    function _undelegatePart(address who, uint256 out, uint256 deposit) internal returns (bool) {
        uint256 shares = _sharesOf(dave, who);
        uint256 part = shares * out / deposit;
        (uint256 value,,) = pool.balancesOf(dave, who);
        if (part == 0 || part * value / shares == 0) return false;
        _undelegate(who, dave, part);
        return true;
    }

    function _assertWithdrawsAsShown(address who) internal {
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        (, uint256 thawing,) = pool.balancesOf(dave, who);
        uint256 before = sys.token.balanceOf(who);
        vm.prank(who);
        pool.withdraw(dave);
        assertEq(sys.token.balanceOf(who) - before, thawing, "withdrawn as shown");
    }

    /// @dev `who` deposited `deposit` of `total`, and the pool paid `fromPool` of a slash: it holds
    /// at most its deposit less its pro-rata part, and at least that less a few wei of rounding.
    function _assertFairShare(address who, uint256 deposit, uint256 fromPool, uint256 total)
        internal
        view
        returns (uint256 held)
    {
        (uint256 active, uint256 thawing,) = pool.balancesOf(dave, who);
        held = active + thawing;
        assertLe(held, deposit - fromPool * deposit / total, "over-credited");
        assertGe(held + 3, deposit - (fromPool * deposit + total - 1) / total, "over-slashed");
    }

    /// A share is never worth more than a token: that is why no first delegator can price a later
    /// one out (the inflation attack), and why a wei always buys a share.
    function testFuzz_shares_priceNeverAboveOne(uint256 in1, uint256 out1, uint256 slashAmount, uint256 in2) public {
        in1 = bound(in1, 1, 100_000e18);
        out1 = bound(out1, 0, in1);
        slashAmount = bound(slashAmount, 0, OWN + in1 - 1);
        in2 = bound(in2, 1, 100_000e18);
        _delegate(d1, dave, in1);
        _slash(dave, slashAmount);
        IDelegationPool.PoolInfo memory p = pool.poolOf(dave);
        if (out1 != 0 && out1 * p.tokens / p.shares != 0) _undelegate(d1, dave, out1);
        p = pool.poolOf(dave);
        assertLe(p.tokens, p.shares, "active price above one");
        assertLe(p.thawingTokens, p.thawingShares, "thawing price above one");
        if (p.tokens == 0 && p.shares != 0) return; // wiped: no new delegation
        uint256 shares = _delegate(d2, dave, in2);
        assertGe(shares, in2, "at least one share per token");
    }

    /// Earnings paid out never exceed earnings credited, however they are split.
    function testFuzz_shareEarnings_claimsNeverExceedCredit(
        uint256 in1,
        uint256 in2,
        uint256 earnings,
        uint16 bps,
        uint256 in3
    ) public {
        in1 = bound(in1, 1, 100_000e18);
        in2 = bound(in2, 1, 100_000e18);
        in3 = bound(in3, 1, 100_000e18);
        earnings = bound(earnings, 0, 1e30);
        bps = uint16(bound(bps, 0, 10_000));
        _setShare(dave, bps);
        _delegate(d1, dave, in1);
        _delegate(d2, dave, in2);
        uint256 credited = _credit(dave, earnings);
        _delegate(d3, dave, in3);
        credited += _credit(dave, earnings / 3);
        uint256 paid;
        address[3] memory ds = [d1, d2, d3];
        for (uint256 i; i < 3; ++i) {
            (,, uint256 e) = pool.balancesOf(dave, ds[i]);
            if (e == 0) continue;
            vm.prank(ds[i]);
            paid += pool.claimEarnings(dave);
        }
        assertLe(paid, credited, "paid more than credited");
        // Rounding loses at most a wei per delegator and credit.
        assertGe(paid + 6, credited, "lost more than dust");
    }

    /// @dev Staking's payout path as the market drives it, with the pool's part minted to the pool
    /// (the market would credit it there).
    function _credit(address provider, uint256 earnings) internal returns (uint256 shared) {
        vm.prank(address(sys.market));
        (, shared) = sys.staking.release(provider, 0, 0, earnings);
        usd.mint(address(pool), shared);
    }
}
