// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {DelegationHandler} from "./DelegationHandler.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";

/// @notice Conservation of delegated VRT and of earnings, and the share price, under any sequence.
contract DelegationPoolInvariantTest is DelegationBase {
    DelegationHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory providers = new address[](2);
        providers[0] = dave;
        providers[1] = _newProvider("hal", 1_000e18);
        address[] memory delegators = new address[](3);
        (delegators[0], delegators[1], delegators[2]) = (d1, d2, d3);
        handler = new DelegationHandler(sys, providers, delegators);
        targetContract(address(handler));
    }

    /// @notice The pool's VRT covers every pool's active and thawing tokens, and those cover every
    /// delegator's claim on them (rounded down).
    function invariant_poolBalanceCoversEveryClaim() public view {
        uint256 owed;
        uint256 claims;
        for (uint256 i; i < handler.providerCount(); ++i) {
            address provider = handler.providers(i);
            IDelegationPool.PoolInfo memory p = pool.poolOf(provider);
            owed += p.tokens + p.thawingTokens;
            uint256 inPool;
            for (uint256 j; j < handler.delegatorCount(); ++j) {
                (uint256 active, uint256 thawing,) = pool.balancesOf(provider, handler.delegators(j));
                inPool += active + thawing;
            }
            assertLe(inPool, p.tokens + p.thawingTokens, "delegators' claims exceed the pool's tokens");
            claims += inPool;
        }
        assertLe(owed, sys.token.balanceOf(address(pool)), "the pool holds less VRT than it owes");
    }

    /// @notice Each delegator's votes in Staking are exactly what its positions record (counted
    /// once, nowhere else: the pool has no token votes), and a position's record is never below what
    /// it is worth: only a slash, revalued later, makes it higher.
    function invariant_delegatedVotesAreTheRecordedPositions() public view {
        assertEq(sys.token.getVotes(address(pool)), 0, "the pool votes nowhere");
        for (uint256 j; j < handler.delegatorCount(); ++j) {
            address who = handler.delegators(j);
            uint256 recorded;
            for (uint256 i; i < handler.providerCount(); ++i) {
                address provider = handler.providers(i);
                uint256 votes = pool.delegationOf(provider, who).votes;
                (uint256 active, uint256 thawing,) = pool.balancesOf(provider, who);
                assertLe(active + thawing, votes, "a position votes less than it is worth");
                recorded += votes;
            }
            assertEq(sys.staking.getVotes(who), recorded, "Staking's votes are the positions' records");
        }
    }

    /// @notice Earnings credited = earnings paid + earnings unclaimed + rounding dust kept by the pool.
    function invariant_earningsCreditedCoverPaidAndUnclaimed() public view {
        uint256 unclaimed;
        for (uint256 i; i < handler.providerCount(); ++i) {
            for (uint256 j; j < handler.delegatorCount(); ++j) {
                (,, uint256 e) = pool.balancesOf(handler.providers(i), handler.delegators(j));
                unclaimed += e;
            }
        }
        assertLe(handler.ghostClaimed() + unclaimed, handler.ghostShared(), "owes more than was credited");
        assertEq(usd.balanceOf(address(pool)), handler.ghostShared() - handler.ghostClaimed(), "balance");
    }

    /// @notice No delegator has taken out more VRT than it put in (slashes only take).
    function invariant_noDelegatorWithdrawsMoreThanDeposited() public view {
        for (uint256 j; j < handler.delegatorCount(); ++j) {
            address who = handler.delegators(j);
            uint256 held;
            for (uint256 i; i < handler.providerCount(); ++i) {
                (uint256 active, uint256 thawing,) = pool.balancesOf(handler.providers(i), who);
                held += active + thawing;
            }
            assertLe(handler.ghostWithdrawn(who) + held, handler.ghostDeposited(who), "withdrew more than deposited");
        }
    }

    /// @notice A share is never worth more than a token, on either side (no inflation), and
    /// Staking's mirror of each pool's active tokens is exact (capacity reads it).
    function invariant_sharePriceAtMostOneAndMirrorExact() public view {
        for (uint256 i; i < handler.providerCount(); ++i) {
            address provider = handler.providers(i);
            IDelegationPool.PoolInfo memory p = pool.poolOf(provider);
            assertLe(p.tokens, p.shares, "active price above one");
            assertLe(p.thawingTokens, p.thawingShares, "thawing price above one");
            assertEq(sys.staking.delegatedOf(provider), p.tokens, "mirror");
            uint256 own = sys.staking.stakeOf(provider).bonded;
            uint256 cap = own * sys.params.maxDelegationRatio();
            assertEq(sys.staking.capacityOf(provider), own + (p.tokens < cap ? p.tokens : cap), "capacity");
        }
    }
}
