// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Splits that must add up to the whole (SMTChecker harness, never deployed)
/// @notice The payment split at finalization and the reward pot split among a round's disputes,
/// replicated from the sources named above each function with the types of the stored values.
/// Proven by `npm run assure:smt`; see docs/proofs.md.
contract SplitSharesHarness {
    uint256 internal constant BPS = 10_000;
    /// @dev Parameters.PROTOCOL_FEE_CEILING_BPS
    uint256 internal constant PROTOCOL_FEE_CEILING_BPS = 2000;

    /// @notice Provider, treasury and requester get exactly the escrowed maximum price.
    /// Source: JobMarket.finalize, `fee`, `refund` and the three `_credit` calls.
    function finalizeSplit(uint96 maxPrice, uint96 price, uint16 protocolFeeBps)
        external
        pure
        returns (uint256 toProvider, uint256 fee, uint256 refund)
    {
        // JobMarket.revealBid: 0 < price <= maxPrice; Parameters._setProtocolFeeBps: <= the ceiling.
        require(price <= maxPrice);
        require(protocolFeeBps <= PROTOCOL_FEE_CEILING_BPS);
        fee = uint256(price) * protocolFeeBps / BPS;
        refund = uint256(maxPrice) - price;
        toProvider = uint256(price) - fee;
        assert(toProvider + fee + refund == maxPrice);
        // The provider keeps at least 80% of its price.
        assert(toProvider * BPS >= uint256(price) * (BPS - PROTOCOL_FEE_CEILING_BPS));
    }

    /// @notice The convicting dispute's share plus what the pot keeps is the whole pot, and what it
    /// keeps fits the pot's uint128 slot.
    /// Source: DisputeGame._resolve after `market.resolveDispute` (`share = pot / shares`, the
    /// `RewardPot` written when `shares > 1`, else `share = pot`).
    function potFirstShare(uint96 pot, uint256 shares)
        external
        pure
        returns (uint256 share, uint256 remaining, uint256 sharesLeft)
    {
        // The pot is part of one job's collateral (< 2^96); the market counts the open disputes
        // (a uint count far below 2^128; the game sets at least 1).
        require(shares >= 1 && shares < 2 ** 128);
        share = pot / shares;
        if (shares > 1) {
            remaining = pot - share;
            sharesLeft = shares - 1;
        } else {
            share = pot;
        }
        assert(share + remaining == pot);
        assert(remaining < 2 ** 128 && sharesLeft < 2 ** 128);
        // Never more than an equal share before the last.
        assert(share * shares <= pot || shares == 1);
    }

    /// @notice One stale dispute's share, as an induction step: if what was paid plus what remains
    /// is the pot before the step, it still is after it, and when the last share is taken nothing
    /// remains. With `potFirstShare` as the base case, every share of a pot adds up to the pot.
    /// Source: DisputeGame._closedAsStale (`share = sharesLeft == 1 ? remaining : remaining / sharesLeft`).
    function potStaleStep(uint128 remaining, uint128 sharesLeft, uint256 paid, uint96 pot)
        external
        pure
        returns (uint256 remainingAfter, uint256 sharesLeftAfter, uint256 paidAfter)
    {
        require(sharesLeft != 0); // `if (sharesLeft == 0) return false;`
        require(paid <= pot && remaining == pot - paid); // induction hypothesis: paid + remaining == pot
        uint256 share = sharesLeft == 1 ? remaining : remaining / sharesLeft;
        if (sharesLeft == 1) {
            remainingAfter = 0;
            sharesLeftAfter = 0;
        } else {
            remainingAfter = uint256(remaining) - share;
            sharesLeftAfter = uint256(sharesLeft) - 1;
        }
        paidAfter = paid + share;
        assert(paidAfter + remainingAfter == pot);
        assert(sharesLeftAfter == 0 ? remainingAfter == 0 : sharesLeftAfter == uint256(sharesLeft) - 1);
    }
}
