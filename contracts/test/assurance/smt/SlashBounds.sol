// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title What a slash may take (SMTChecker harness, never deployed)
/// @notice Each function replicates the exact arithmetic of one slash path, with the types of the
/// stored values, and asserts the bound it must keep. Inputs are free except for what the
/// contracts guarantee before the path runs (each `require` names where). Proven by
/// `npm run assure:smt` (tools/assurance/smt.mjs); see docs/proofs.md.
/// The real functions call other contracts, so they are replicated rather than called: keep the
/// lines in step with the sources named above each function.
contract SlashBoundsHarness {
    uint256 internal constant BPS = 10_000;
    /// @dev JobMarket.MISSED_DEADLINE_EXPONENT_CAP
    uint256 internal constant EXPONENT_CAP = 14;

    /// @notice A forfeited sealed bid never takes more than the job's collateral.
    /// Source: JobMarket.forfeitUnrevealedBid, `amounts[0] = collateral * params.livenessSlashBps() / BPS`.
    function forfeitedBid(uint96 collateral, uint16 livenessSlashBps) external pure returns (uint256 amount) {
        // Parameters._setLivenessSlashBps: LIVENESS_SLASH_FLOOR_BPS <= value <= BPS.
        require(livenessSlashBps <= BPS);
        amount = uint256(collateral) * livenessSlashBps / BPS;
        assert(amount <= collateral);
    }

    /// @notice A missed deadline's escalated slash never takes more than the collateral, and its
    /// doubling never overflows.
    /// Source: JobMarket.reportMissedDeadline, the `exponent` / `penalty` / `amounts[0]` lines.
    function missedDeadline(uint96 collateral, uint16 livenessSlashBps, uint256 missed)
        external
        pure
        returns (uint256 amount)
    {
        require(livenessSlashBps <= BPS);
        uint256 exponent = missed < EXPONENT_CAP ? missed : EXPONENT_CAP;
        uint256 penalty = (uint256(collateral) * livenessSlashBps << exponent) / BPS;
        amount = penalty < collateral ? penalty : collateral;
        assert(amount <= collateral);
        assert(exponent <= EXPONENT_CAP);
    }

    /// @notice The escalation's shift keeps every bit: a `<<` is not checked and would wrap
    /// silently, so the product must have room for the largest shift (`missedDeadline` proves
    /// `exponent <= EXPONENT_CAP`). Stated on its own because z3 does not decide a query that
    /// holds the shift by a variable amount within 60 s (`(p << e) >> e == p` timed out).
    function missedDeadlineShiftRoom(uint96 collateral, uint16 livenessSlashBps) external pure {
        require(livenessSlashBps <= BPS);
        assert(uint256(collateral) * livenessSlashBps < 2 ** (256 - EXPONENT_CAP));
    }

    /// @notice A fraud slash's three shares add up to the slashed amount, which never exceeds the
    /// collateral, and no share underflows.
    /// Source: JobMarket._fraudSlash, `slashAmount`, `toChallengers`, `toRequester` and `amounts[0]`.
    function fraudSlash(uint96 collateral, uint16 fraudSlashBps, uint16 challengerShareBps, uint16 requesterShareBps)
        external
        pure
        returns (uint256 toTreasury, uint256 toRequester, uint256 toChallengers)
    {
        // Parameters._setFraudSlashBps: value <= BPS; Parameters._setSlashShares: the shares sum to <= BPS.
        require(fraudSlashBps <= BPS);
        require(uint256(challengerShareBps) + requesterShareBps <= BPS);
        uint256 slashAmount = uint256(collateral) * fraudSlashBps / BPS;
        toChallengers = slashAmount * challengerShareBps / BPS;
        toRequester = slashAmount * requesterShareBps / BPS;
        toTreasury = slashAmount - toChallengers - toRequester;
        assert(toTreasury + toRequester + toChallengers == slashAmount);
        assert(slashAmount <= collateral);
    }

    /// @notice Staking pays each recipient at most what was asked and at most what is left of the
    /// stake: the total slashed from own stake never exceeds the amounts asked (so never the job's
    /// collateral, which the market's amounts never exceed, above) nor the provider's bonded plus
    /// unbonding stake, and stake plus slashed is conserved. The treasury (the fraud path's first
    /// recipient) is paid first; the other two, which may be the provider's sybils, never take own
    /// stake below `reserve` (the penalty floors of the jobs still locked): what stays is at least
    /// the reserve, or all there was after the treasury. What own stake cannot pay is the shortfall,
    /// taken from the delegation pool for the treasury.
    /// Source: Staking._slashOwn, the loop over `recipients` (the market passes at most three; the
    /// loop body is `_take` below, unrolled three times), with `recipients[0] == treasury`.
    function stakingSlash(uint96 bonded0, uint96 unbonding0, uint256 reserve, uint256 ask0, uint256 ask1, uint256 ask2)
        external
        pure
        returns (uint256 slashed, uint256 shortfall)
    {
        uint256 bonded = bonded0;
        uint256 unbonding = unbonding0;
        uint256 paid;
        uint256 missing;
        (bonded, unbonding, paid, missing) = _take(bonded, unbonding, 0, ask0); // the treasury: no reserve
        assert(paid <= ask0);
        slashed += paid;
        shortfall += missing;
        uint256 afterTreasury = bonded + unbonding;
        (bonded, unbonding, paid, missing) = _take(bonded, unbonding, reserve, ask1);
        assert(paid <= ask1);
        slashed += paid;
        shortfall += missing;
        (bonded, unbonding, paid, missing) = _take(bonded, unbonding, reserve, ask2);
        assert(paid <= ask2);
        slashed += paid;
        shortfall += missing;
        assert(slashed <= uint256(bonded0) + unbonding0);
        assert(bonded + unbonding + slashed == uint256(bonded0) + unbonding0);
        assert(slashed + shortfall == ask0 + ask1 + ask2);
        // The sybil-recoverable recipients leave the reserve (or all that was left) in place.
        assert(bonded + unbonding >= (afterTreasury < reserve ? afterTreasury : reserve));
        // Both fit back into their uint96 slots.
        assert(bonded <= bonded0 && unbonding <= unbonding0);
    }

    /// @dev One iteration of Staking._slashOwn's loop, line for line (`reserve` is zero for the treasury).
    function _take(uint256 bonded, uint256 unbonding, uint256 reserve, uint256 amount)
        private
        pure
        returns (uint256, uint256, uint256 take, uint256 shortfall)
    {
        // Loaded from the uint96 slots of `Stake`; each call only lowers them (stakingSlash asserts it).
        require(bonded <= type(uint96).max && unbonding <= type(uint96).max);
        // The market's amounts are parts of one collateral (< 2^96, `fraudSlash` above).
        require(amount <= type(uint96).max);
        take = amount;
        uint256 available = bonded + unbonding;
        available = available > reserve ? available - reserve : 0;
        if (take > available) {
            shortfall = take - available;
            take = available;
        }
        uint256 fromBonded = take > bonded ? bonded : take;
        bonded -= fromBonded;
        unbonding -= take - fromBonded;
        return (bonded, unbonding, take, shortfall);
    }

    /// @notice The own stake a provider must keep for a job (`Staking._ownFloor`, the treasury's
    /// part of a fraud slash computed in basis points, rounded up) is the treasury's actual part
    /// (`fraudSlash` above, three roundings down) to within one wei: own stake pays the penalty
    /// floor, at most one wei of it comes from the pool.
    /// Source: Staking._ownFloor and JobMarket._fraudSlash.
    function ownFloorCoversTheTreasury(
        uint96 collateral,
        uint16 fraudSlashBps,
        uint16 challengerShareBps,
        uint16 requesterShareBps
    ) external pure returns (uint256 ownFloor, uint256 toTreasury) {
        require(fraudSlashBps <= BPS);
        require(uint256(challengerShareBps) + requesterShareBps <= BPS);
        uint256 floorBps = uint256(fraudSlashBps) - uint256(fraudSlashBps) * challengerShareBps / BPS
            - uint256(fraudSlashBps) * requesterShareBps / BPS;
        ownFloor = (uint256(collateral) * floorBps + BPS - 1) / BPS;
        uint256 slashAmount = uint256(collateral) * fraudSlashBps / BPS;
        toTreasury = slashAmount - slashAmount * challengerShareBps / BPS - slashAmount * requesterShareBps / BPS;
        assert(toTreasury <= ownFloor + 1);
    }
}
