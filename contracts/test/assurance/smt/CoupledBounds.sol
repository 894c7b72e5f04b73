// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title What the coupled parameter rules imply (SMTChecker harness, never deployed)
/// @notice `Parameters` checks two coupled rules on every change of any of their inputs
/// (`_checkUnbonding`, `_checkPenalty`, replicated here line for line since they are private).
/// Each function assumes only that the rule passed and the values are inside the absolute bounds,
/// and asserts the property the rule exists for. Proven by `npm run assure:smt`; see docs/proofs.md.
contract CoupledBoundsHarness {
    uint256 internal constant BPS = 10_000;
    /// @dev Parameters.DISPUTE_MOVES, PENALTY_FLOOR_BPS, FRAUD_SLASH_FLOOR_BPS
    uint256 internal constant DISPUTE_MOVES = 3;
    uint256 internal constant PENALTY_FLOOR_BPS = 2000;
    uint256 internal constant FRAUD_SLASH_FLOOR_BPS = 5000;

    /// @notice The unbonding argument: a provider that submits a result at `submittedAt` and asks
    /// to unstake at once (or later) can withdraw only after every dispute of that result has
    /// ended, even if nobody calls `timeout` for a further move timeout. Disputes open until the
    /// challenge deadline (`submittedAt + challengeWindow`, which never moves) and each lasts at
    /// most two move timeouts (docs/fraud-proofs.md, "The dispute game").
    /// Source: Parameters._checkUnbonding; Staking.requestUnstake (`releaseAt = now + unbondingDelay`).
    function unbondingOutlastsDisputes(
        uint32 unbondingDelay,
        uint32 challengeWindow,
        uint32 disputeMoveTimeout,
        uint40 submittedAt,
        uint40 unstakeAt
    ) external pure {
        uint256 longest = DISPUTE_MOVES * uint256(disputeMoveTimeout);
        require(!(unbondingDelay <= uint256(challengeWindow) + longest)); // the rule passed
        require(unstakeAt >= submittedAt);
        uint256 releaseAt = uint256(unstakeAt) + unbondingDelay;
        uint256 lastDisputeEnds = uint256(submittedAt) + challengeWindow + 2 * uint256(disputeMoveTimeout);
        assert(releaseAt > lastDisputeEnds);
        // The slack: one more timeout for someone to call `timeout`.
        assert(releaseAt > lastDisputeEnds + disputeMoveTimeout);
    }

    /// @notice The rule's own arithmetic never overflows for any values a setter can pass.
    function unbondingRuleArithmetic(uint32 challengeWindow, uint32 disputeMoveTimeout)
        external
        pure
        returns (uint256)
    {
        return uint256(challengeWindow) + DISPUTE_MOVES * uint256(disputeMoveTimeout);
    }

    /// @notice The penalty floor: whenever the rule holds, the treasury's part of a fraud slash
    /// (which neither the liar nor its sybils can recover) is at least `PENALTY_FLOOR_BPS` of the
    /// collateral, rounded down, for every collateral: the roundings of the three divisions never
    /// take it below.
    /// Source: Parameters._checkPenalty; JobMarket._fraudSlash (the treasury's `amounts[0]`).
    function treasuryKeepsThePenaltyFloor(
        uint96 collateral,
        uint16 fraudSlashBps,
        uint16 challengerShareBps,
        uint16 requesterShareBps
    ) external pure {
        require(fraudSlashBps >= FRAUD_SLASH_FLOOR_BPS && fraudSlashBps <= BPS);
        require(uint256(challengerShareBps) + requesterShareBps <= BPS);
        // _checkPenalty passed:
        require(!(uint256(fraudSlashBps) * (BPS - challengerShareBps - requesterShareBps) < PENALTY_FLOOR_BPS * BPS));
        uint256 slashAmount = uint256(collateral) * fraudSlashBps / BPS;
        uint256 toChallengers = slashAmount * challengerShareBps / BPS;
        uint256 toRequester = slashAmount * requesterShareBps / BPS;
        uint256 toTreasury = slashAmount - toChallengers - toRequester;
        assert(toTreasury >= uint256(collateral) * PENALTY_FLOOR_BPS / BPS);
    }
}
