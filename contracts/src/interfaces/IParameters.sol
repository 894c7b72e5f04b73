// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Protocol parameters
/// @notice Every tunable of the protocol in one place. Each setter enforces hard
/// bounds written here, so that no vote can set a value that breaks safety.
interface IParameters {
    /// @notice The bounds of one deployment, fixed at construction (immutables): governance moves
    /// each parameter between its floor here (or the absolute floor) and its ceiling here (or the
    /// absolute ceiling). A devnet may use the absolute limits; on any chain other than the local
    /// ones (31337, 1337) every floor must reach its production minimum.
    struct Bounds {
        uint32 commitWindowFloor; // seconds
        uint32 revealWindowFloor; // seconds
        uint32 maxExecutionWindowFloor; // seconds
        uint32 challengeWindowFloor; // seconds
        uint32 disputeMoveTimeoutFloor; // seconds
        uint32 unbondingDelayFloor; // seconds
        uint256 collateralRatioFloor; // protocol-token wei per payment-token wei, scaled by 1e18
        uint256 minJobCollateralFloor; // protocol-token wei
        uint256 minStakeCeiling; // protocol-token wei
        uint256 challengerBondCeiling; // protocol-token wei
        uint256 stakeTokenSupply; // the protocol token's (fixed) supply, which the two ceilings stay far below
        uint8 paymentTokenDecimals; // gives the collateral ratio floor its meaning on a public chain
    }

    /// @notice A value is outside the hard bounds of its parameter.
    error ParametersOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice The unbonding delay would not exceed the challenge window plus the longest dispute.
    error ParametersUnbondingTooShort(uint256 unbondingDelay, uint256 challengeWindow, uint256 longestDispute);
    /// @notice The fraud-slash shares of challenger and requester add up to more than 100%.
    error ParametersSharesExceedTotal(uint256 challengerShareBps, uint256 requesterShareBps);
    /// @notice The treasury cannot be the zero address.
    error ParametersZeroTreasury();
    /// @notice The part of a fraud slash that goes to the treasury (the only part a liar's sybils
    /// cannot collect as challenger or requester), `fraudSlashBps * (10000 - challengerShareBps -
    /// requesterShareBps) / 10000`, would fall below `floorBps` of the collateral.
    error ParametersPenaltyBelowFloor(
        uint256 fraudSlashBps, uint256 challengerShareBps, uint256 requesterShareBps, uint256 floorBps
    );
    /// @notice The deployment bound `name` is `value`, outside the absolute range [`min`, `max`].
    error ParametersBoundOutOfRange(bytes32 name, uint256 value, uint256 min, uint256 max);
    /// @notice On chain `chainId` (not a local one) the deployment bound `name` is `value`, below its
    /// production minimum `minimum`: local-only (devnet) bounds.
    error ParametersBoundBelowProductionMinimum(bytes32 name, uint256 value, uint256 minimum, uint256 chainId);

    /// @notice A parameter changed from `oldValue` to `newValue` (addresses as uint160).
    event ParameterChanged(bytes32 indexed name, uint256 oldValue, uint256 newValue);

    /// @notice Minimum bonded stake (protocol token) for a provider to bid.
    function minStake() external view returns (uint256);
    /// @notice Collateral locked per job: `maxPrice * collateralRatio / 1e18` (at least
    /// `minJobCollateral`), in protocol-token wei per payment-token wei (scaled by 1e18), so that
    /// lying is never profitable.
    function collateralRatio() external view returns (uint256);
    /// @notice Lowest bid the market accepts, in basis points of the job's maximum price: no dust bid
    /// can win an auction.
    function minBidBps() external view returns (uint16);
    /// @notice Least collateral (protocol token) locked for any job, whatever its price: the floor
    /// of what stalling or lying on one job costs.
    function minJobCollateral() external view returns (uint256);
    /// @notice Fraction of a job's collateral slashed to the requester on a missed execution deadline, in basis points.
    function livenessSlashBps() external view returns (uint16);
    /// @notice Fraction of a job's collateral slashed when its result is proven wrong, in basis points.
    function fraudSlashBps() external view returns (uint16);
    /// @notice Share of a fraud slash paid to the winning challenger, in basis points.
    function challengerShareBps() external view returns (uint16);
    /// @notice Share of a fraud slash paid to the wronged requester, in basis points; the rest goes to the treasury.
    function requesterShareBps() external view returns (uint16);
    /// @notice Length of the commit phase of a job auction, in seconds.
    function commitWindow() external view returns (uint32);
    /// @notice Length of the reveal phase of a job auction, in seconds.
    function revealWindow() external view returns (uint32);
    /// @notice Longest execution window a requester may ask for, in seconds.
    function maxExecutionWindow() external view returns (uint32);
    /// @notice Time during which a submitted result can be challenged, in seconds.
    function challengeWindow() external view returns (uint32);
    /// @notice Time each party of a dispute has for its move, in seconds.
    function disputeMoveTimeout() external view returns (uint32);
    /// @notice Delay between an unstake request and the withdrawal, in seconds.
    function unbondingDelay() external view returns (uint32);
    /// @notice Bond (protocol token) a challenger posts to open a dispute.
    function challengerBond() external view returns (uint256);
    /// @notice Protocol fee on each paid job, in basis points of the price.
    function protocolFeeBps() external view returns (uint16);
    /// @notice Bond (protocol token) a publisher posts to register a model, returned when it retires the model.
    function modelRegistrationBond() external view returns (uint256);
    /// @notice Receiver of protocol fees and of the unassigned part of slashes.
    function treasury() external view returns (address);
    /// @notice The longest a dispute can last: its two timed moves, each with a full timeout, plus
    /// one of slack. Disputes open only until the fixed challenge deadline, so every dispute of a
    /// result ends within the challenge window plus this, however many there are.
    function longestDispute() external view returns (uint256);
}

/// @title The bounds of one Parameters deployment, for the SDK and CLI to show
/// @dev Apart from IParameters so that the contracts reading parameters (and their test doubles)
/// need not implement it.
interface IParameterBounds {
    /// @notice The bounds of this deployment, fixed at construction: the least (floors) and most
    /// (ceilings) governance may set.
    function bounds() external view returns (IParameters.Bounds memory);
    /// @notice Whether this deployment runs on a local chain (31337, 1337), where devnet bounds are allowed.
    function isLocalChain() external view returns (bool);
}

/// @title The delegation parameters
/// @dev Apart from IParameters so that the contracts reading parameters (and their test doubles)
/// need not implement it; only Staking reads it.
interface IDelegationParameters {
    /// @notice How many times its own bonded stake a provider's delegated stake may add to its
    /// capacity (collateral it can lock), so that a provider always has skin in the game.
    function maxDelegationRatio() external view returns (uint16);
}
