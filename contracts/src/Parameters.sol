// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IParameters, IParameterBounds, IDelegationParameters} from "./interfaces/IParameters.sol";

/// @title Protocol parameters
/// @notice Every tunable of Verity, owned by governance (the timelock). Each value has
/// bounds at three levels, so that a vote can never set a value that breaks the protocol's
/// safety:
/// 1. absolute limits (the constants below) that no deployment may cross;
/// 2. the bounds of this deployment (`Bounds`, immutables fixed at construction): on any chain
///    other than the local ones, every floor reaches a production minimum, so a public
///    deployment can never be voted down to a devnet's short windows or dust collateral;
/// 3. coupled rules checked whenever any of their inputs changes: the unbonding delay exceeds
///    the challenge window plus the longest dispute, and a convicted liar loses at least
///    `PENALTY_FLOOR_BPS` of its collateral to the treasury, which its sybils cannot collect.
/// Each rule holds after the constructor and every setter checks it against the state it
/// produces, so no sequence of setter calls reaches a state that breaks it.
contract Parameters is IParameters, IParameterBounds, IDelegationParameters, Ownable2Step {
    /* ABSOLUTE LIMITS (no deployment's bounds may cross them) */

    uint256 public constant MIN_STAKE_FLOOR = 1e18;
    uint256 public constant MIN_STAKE_CEILING = 1e27;
    // Collateral must exist (lying must cost something) and must not be absurd.
    uint256 public constant COLLATERAL_RATIO_FLOOR = 1;
    uint256 public constant COLLATERAL_RATIO_CEILING = 1e40;
    uint256 public constant LIVENESS_SLASH_FLOOR_BPS = 100;
    // A nonzero bid floor makes a 1-wei bid impossible; above half the price it would be a fixed price.
    uint256 public constant MIN_BID_FLOOR_BPS = 1;
    uint256 public constant MIN_BID_CEILING_BPS = 5000;
    uint256 public constant MIN_JOB_COLLATERAL_FLOOR = 1e18;
    uint256 public constant MIN_JOB_COLLATERAL_CEILING = 1e24;
    // A fraud slash below half of the collateral could leave cheating profitable.
    uint256 public constant FRAUD_SLASH_FLOOR_BPS = 5000;
    uint256 public constant BPS = 10_000;
    uint256 public constant AUCTION_WINDOW_FLOOR = 5 seconds;
    uint256 public constant AUCTION_WINDOW_CEILING = 7 days;
    uint256 public constant EXECUTION_WINDOW_CEILING = 30 days;
    uint256 public constant CHALLENGE_WINDOW_FLOOR = 60 seconds;
    uint256 public constant CHALLENGE_WINDOW_CEILING = 30 days;
    uint256 public constant MOVE_TIMEOUT_FLOOR = 60 seconds;
    uint256 public constant MOVE_TIMEOUT_CEILING = 7 days;
    uint256 public constant UNBONDING_CEILING = 365 days;
    uint256 public constant BOND_CEILING = 1e27;
    uint256 public constant PROTOCOL_FEE_CEILING_BPS = 2000;
    /// @notice Move timeouts in the longest dispute: the provider's answer and the challenger's
    /// proof, plus one of slack. Disputes run side by side and open only until the challenge
    /// deadline, which never moves, so every dispute of a result ends by the challenge window
    /// plus two move timeouts after submission (once someone calls `timeout`): the unbonding
    /// delay exceeds the challenge window plus this many timeouts.
    uint256 public constant DISPUTE_MOVES = 3;
    /// @notice The least share of a job's collateral, in basis points, that a convicted liar loses
    /// for good: `fraudSlashBps * (10000 - challengerShareBps - requesterShareBps) / 10000`, the
    /// treasury's part of the fraud slash. A liar can challenge its own result from a second
    /// address and post jobs from a third, so the challenger and requester shares may flow back
    /// to it; only the treasury's part is a penalty whatever its sybils do. 20%: a fifth of what
    /// the liar locked is lost for good whoever collects the rest, while challenger and requester
    /// can still be paid up to 80% between them.
    uint256 public constant PENALTY_FLOOR_BPS = 2000;
    /// @notice The minimum stake may not exceed 0.1% of the protocol token's supply: above, fewer
    /// than a thousand providers could exist at all, and a vote could halt the market by pricing
    /// every provider out.
    uint256 public constant MIN_STAKE_SUPPLY_CEILING_BPS = 10;
    /// @notice The challenger bond may not exceed 0.01% of the supply: a bond near the supply (the
    /// old ceiling) means no dispute can ever open, so every lie would stand.
    uint256 public constant CHALLENGER_BOND_SUPPLY_CEILING_BPS = 1;
    /// @notice Payment tokens with more decimals than this are refused (the collateral ratio floor
    /// is checked per whole payment token, 10**decimals wei).
    uint8 public constant PAYMENT_DECIMALS_CEILING = 36;
    /// @notice Delegated stake may add at most this many times a provider's own stake to its
    /// capacity: at 100 a provider still has 1% of what backs its jobs at stake, below which its
    /// own loss on a lie stops mattering next to its delegators'.
    uint256 public constant DELEGATION_RATIO_CEILING = 100;
    /// @notice The ratio a deployment starts with (The Graph Horizon's default delegation ratio):
    /// governance changes it with `setMaxDelegationRatio`, so it is not part of `Init`.
    uint16 public constant DEFAULT_DELEGATION_RATIO = 16;

    /* PRODUCTION MINIMA (every floor of a deployment on a chain other than 31337 and 1337) */

    /// @notice Commit and reveal phases of at least 60 s: five 12 s L1 blocks, so a bid sent at the
    /// start of a phase lands even when a few blocks in a row are full. (An L2 outage during an
    /// auction only lets it expire and re-auction; nobody loses funds for it.)
    uint32 public constant PRODUCTION_AUCTION_WINDOW_MIN = 60 seconds;
    /// @notice A requester must be able to give providers at least an hour to run a job.
    uint32 public constant PRODUCTION_EXECUTION_WINDOW_MIN = 1 hours;
    /// @notice 30 h: a watcher must get its dispute on chain within the challenge window even
    /// through an L2 sequencer outage. The longest force-inclusion delay among the rollups we
    /// target is Arbitrum's 24 h (OP Stack's sequencer window is 12 h); the other 6 h are for the
    /// watcher to notice the result, re-run the model and get its transaction into the L1 inbox.
    uint32 public constant PRODUCTION_CHALLENGE_WINDOW_MIN = 30 hours;
    /// @notice 30 h per dispute move, for the same reason: an honest party that cannot reach a
    /// stalled sequencer must not lose its dispute by timeout.
    uint32 public constant PRODUCTION_MOVE_TIMEOUT_MIN = 30 hours;
    /// @notice 7 days: at the production minima a result's disputes end within 30 h + 2 x 30 h of
    /// its submission (the unbonding rule also counts a third timeout of slack: 120 h), and the
    /// stake must still be there when the slash comes.
    uint32 public constant PRODUCTION_UNBONDING_MIN = 7 days;
    /// @notice At least 0.1 VRT (1e17 wei) of collateral per whole payment token of price
    /// (`collateralRatioFloor * 10**paymentTokenDecimals / 1e18`): the ratio's absolute floor of 1
    /// means 1e-18 VRT per 1e-6 tUSD, which locks nothing.
    uint256 public constant PRODUCTION_COLLATERAL_PER_PAYMENT_UNIT_MIN = 1e17;
    /// @notice Every job on a public chain locks at least 10 VRT: the floor of what stalling it costs.
    uint256 public constant PRODUCTION_MIN_JOB_COLLATERAL_MIN = 10e18;

    uint256 private constant _LOCAL_CHAIN_ANVIL = 31_337;
    uint256 private constant _LOCAL_CHAIN_GANACHE = 1337;

    /* BOUNDS OF THIS DEPLOYMENT (immutables) */

    uint32 private immutable _commitWindowFloor;
    uint32 private immutable _revealWindowFloor;
    uint32 private immutable _maxExecutionWindowFloor;
    uint32 private immutable _challengeWindowFloor;
    uint32 private immutable _disputeMoveTimeoutFloor;
    uint32 private immutable _unbondingDelayFloor;
    uint256 private immutable _collateralRatioFloor;
    uint256 private immutable _minJobCollateralFloor;
    uint256 private immutable _minStakeCeiling;
    uint256 private immutable _challengerBondCeiling;
    uint256 private immutable _stakeTokenSupply;
    uint8 private immutable _paymentTokenDecimals;

    /* STORAGE */

    /// @notice The initial values of every parameter.
    struct Init {
        uint256 minStake;
        uint256 collateralRatio;
        uint16 minBidBps;
        uint256 minJobCollateral;
        uint16 livenessSlashBps;
        uint16 fraudSlashBps;
        uint16 challengerShareBps;
        uint16 requesterShareBps;
        uint32 commitWindow;
        uint32 revealWindow;
        uint32 maxExecutionWindow;
        uint32 challengeWindow;
        uint32 disputeMoveTimeout;
        uint32 unbondingDelay;
        uint256 challengerBond;
        uint16 protocolFeeBps;
        uint256 modelRegistrationBond;
        address treasury;
    }

    // minStake <= MIN_STAKE_CEILING < 2^96 and collateralRatio <= COLLATERAL_RATIO_CEILING < 2^160 share
    // a slot: a winning bid reads both (the market the ratio, staking the minimum) in one cold read.
    uint96 private _minStake;
    uint160 private _collateralRatio;
    uint256 public challengerBond;
    uint256 public modelRegistrationBond;
    uint256 public minJobCollateral;
    address public treasury;
    uint16 public minBidBps;
    uint16 public livenessSlashBps;
    uint16 public fraudSlashBps;
    uint16 public challengerShareBps;
    uint16 public requesterShareBps;
    uint16 public protocolFeeBps;
    uint32 public commitWindow;
    uint32 public revealWindow;
    uint32 public maxExecutionWindow;
    uint32 public challengeWindow;
    uint32 public disputeMoveTimeout;
    uint32 public unbondingDelay;
    /// @inheritdoc IDelegationParameters
    uint16 public maxDelegationRatio;

    /// @param owner_ the governance timelock in production; the deployer on a devnet
    /// @param init the initial values, each inside `bounds_`
    /// @param bounds_ the bounds of this deployment (see `Bounds`); production-grade on a public chain
    constructor(address owner_, Init memory init, Bounds memory bounds_) Ownable(owner_) {
        _checkBounds(bounds_);
        _commitWindowFloor = bounds_.commitWindowFloor;
        _revealWindowFloor = bounds_.revealWindowFloor;
        _maxExecutionWindowFloor = bounds_.maxExecutionWindowFloor;
        _challengeWindowFloor = bounds_.challengeWindowFloor;
        _disputeMoveTimeoutFloor = bounds_.disputeMoveTimeoutFloor;
        _unbondingDelayFloor = bounds_.unbondingDelayFloor;
        _collateralRatioFloor = bounds_.collateralRatioFloor;
        _minJobCollateralFloor = bounds_.minJobCollateralFloor;
        _minStakeCeiling = bounds_.minStakeCeiling;
        _challengerBondCeiling = bounds_.challengerBondCeiling;
        _stakeTokenSupply = bounds_.stakeTokenSupply;
        _paymentTokenDecimals = bounds_.paymentTokenDecimals;

        _setMinStake(init.minStake);
        _setCollateralRatio(init.collateralRatio);
        _setMinBidBps(init.minBidBps);
        _setMinJobCollateral(init.minJobCollateral);
        _setLivenessSlashBps(init.livenessSlashBps);
        _setFraudSlashBps(init.fraudSlashBps);
        _setSlashShares(init.challengerShareBps, init.requesterShareBps);
        _setCommitWindow(init.commitWindow);
        _setRevealWindow(init.revealWindow);
        _setMaxExecutionWindow(init.maxExecutionWindow);
        // The delay goes first, checked against zero windows; each later setter re-checks it against
        // everything set so far, so the last one checks the complete rule. (Setting the delay to
        // type(uint32).max first would emit that placeholder as the delay's old value.)
        _setUnbondingDelay(init.unbondingDelay);
        _setChallengeWindow(init.challengeWindow);
        _setDisputeMoveTimeout(init.disputeMoveTimeout);
        _setChallengerBond(init.challengerBond);
        _setProtocolFeeBps(init.protocolFeeBps);
        _setModelRegistrationBond(init.modelRegistrationBond);
        _setTreasury(init.treasury);
        _setMaxDelegationRatio(DEFAULT_DELEGATION_RATIO);
    }

    /* VIEWS */

    /// @inheritdoc IParameters
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IParameters
    function collateralRatio() external view returns (uint256) {
        return _collateralRatio;
    }

    /// @inheritdoc IParameters
    function longestDispute() public view returns (uint256) {
        return DISPUTE_MOVES * uint256(disputeMoveTimeout);
    }

    /// @inheritdoc IParameterBounds
    function bounds() external view returns (Bounds memory) {
        return Bounds({
            commitWindowFloor: _commitWindowFloor,
            revealWindowFloor: _revealWindowFloor,
            maxExecutionWindowFloor: _maxExecutionWindowFloor,
            challengeWindowFloor: _challengeWindowFloor,
            disputeMoveTimeoutFloor: _disputeMoveTimeoutFloor,
            unbondingDelayFloor: _unbondingDelayFloor,
            collateralRatioFloor: _collateralRatioFloor,
            minJobCollateralFloor: _minJobCollateralFloor,
            minStakeCeiling: _minStakeCeiling,
            challengerBondCeiling: _challengerBondCeiling,
            stakeTokenSupply: _stakeTokenSupply,
            paymentTokenDecimals: _paymentTokenDecimals
        });
    }

    /// @inheritdoc IParameterBounds
    function isLocalChain() public view returns (bool) {
        return block.chainid == _LOCAL_CHAIN_ANVIL || block.chainid == _LOCAL_CHAIN_GANACHE;
    }

    /* SETTERS (owner = governance timelock) */

    /// @notice Set the minimum bonded stake to bid.
    function setMinStake(uint256 value) external onlyOwner {
        _setMinStake(value);
    }

    /// @notice Set the collateral ratio (protocol-token wei per payment-token wei, scaled by 1e18).
    function setCollateralRatio(uint256 value) external onlyOwner {
        _setCollateralRatio(value);
    }

    /// @notice Set the lowest bid accepted, in basis points of a job's maximum price.
    function setMinBidBps(uint16 value) external onlyOwner {
        _setMinBidBps(value);
    }

    /// @notice Set the least collateral (protocol token) locked for any job.
    function setMinJobCollateral(uint256 value) external onlyOwner {
        _setMinJobCollateral(value);
    }

    /// @notice Set the share of collateral slashed on a missed deadline (basis points).
    function setLivenessSlashBps(uint16 value) external onlyOwner {
        _setLivenessSlashBps(value);
    }

    /// @notice Set the share of collateral slashed on a result proven wrong (basis points).
    function setFraudSlashBps(uint16 value) external onlyOwner {
        _setFraudSlashBps(value);
    }

    /// @notice Set the shares of a fraud slash paid to the challenger and to the requester (basis points).
    function setSlashShares(uint16 challengerShare, uint16 requesterShare) external onlyOwner {
        _setSlashShares(challengerShare, requesterShare);
    }

    /// @notice Set the commit phase length of auctions.
    function setCommitWindow(uint32 value) external onlyOwner {
        _setCommitWindow(value);
    }

    /// @notice Set the reveal phase length of auctions.
    function setRevealWindow(uint32 value) external onlyOwner {
        _setRevealWindow(value);
    }

    /// @notice Set the longest execution window a job may ask for.
    function setMaxExecutionWindow(uint32 value) external onlyOwner {
        _setMaxExecutionWindow(value);
    }

    /// @notice Set the challenge window of results (must stay below the unbonding delay minus the longest dispute).
    function setChallengeWindow(uint32 value) external onlyOwner {
        _setChallengeWindow(value);
    }

    /// @notice Set the time each dispute party has per move.
    function setDisputeMoveTimeout(uint32 value) external onlyOwner {
        _setDisputeMoveTimeout(value);
    }

    /// @notice Set the unbonding delay (must exceed the challenge window plus the longest dispute).
    function setUnbondingDelay(uint32 value) external onlyOwner {
        _setUnbondingDelay(value);
    }

    /// @notice Set the bond a challenger posts.
    function setChallengerBond(uint256 value) external onlyOwner {
        _setChallengerBond(value);
    }

    /// @notice Set the protocol fee (basis points of the price).
    function setProtocolFeeBps(uint16 value) external onlyOwner {
        _setProtocolFeeBps(value);
    }

    /// @notice Set the bond a publisher posts to register a model.
    function setModelRegistrationBond(uint256 value) external onlyOwner {
        _setModelRegistrationBond(value);
    }

    /// @notice Set the treasury.
    function setTreasury(address value) external onlyOwner {
        _setTreasury(value);
    }

    /// @notice Set how many times its own stake a provider's delegated stake may add to its capacity
    /// (0 turns delegation's capacity off; delegated stake still earns and is slashable).
    function setMaxDelegationRatio(uint16 value) external onlyOwner {
        _setMaxDelegationRatio(value);
    }

    /* INTERNAL */

    function _bounded(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ParametersOutOfBounds(name, value, min, max);
    }

    /// @dev Every bound inside the absolute limits; on a public chain every floor at least its
    /// production minimum. Reads no immutable (they are not yet set).
    function _checkBounds(Bounds memory b) private view {
        _inRange("commitWindowFloor", b.commitWindowFloor, AUCTION_WINDOW_FLOOR, AUCTION_WINDOW_CEILING);
        _inRange("revealWindowFloor", b.revealWindowFloor, AUCTION_WINDOW_FLOOR, AUCTION_WINDOW_CEILING);
        _inRange("maxExecutionWindowFloor", b.maxExecutionWindowFloor, 1, EXECUTION_WINDOW_CEILING);
        _inRange("challengeWindowFloor", b.challengeWindowFloor, CHALLENGE_WINDOW_FLOOR, CHALLENGE_WINDOW_CEILING);
        _inRange("disputeMoveTimeoutFloor", b.disputeMoveTimeoutFloor, MOVE_TIMEOUT_FLOOR, MOVE_TIMEOUT_CEILING);
        _inRange("unbondingDelayFloor", b.unbondingDelayFloor, 1, UNBONDING_CEILING);
        _inRange("collateralRatioFloor", b.collateralRatioFloor, COLLATERAL_RATIO_FLOOR, COLLATERAL_RATIO_CEILING);
        _inRange("minJobCollateralFloor", b.minJobCollateralFloor, MIN_JOB_COLLATERAL_FLOOR, MIN_JOB_COLLATERAL_CEILING);
        _inRange("paymentTokenDecimals", b.paymentTokenDecimals, 0, PAYMENT_DECIMALS_CEILING);
        // Bond << supply and stake << supply: the ceilings follow the supply, itself checked by them
        // (a zero supply leaves no room for any minimum stake).
        _inRange(
            "minStakeCeiling",
            b.minStakeCeiling,
            MIN_STAKE_FLOOR,
            Math.min(MIN_STAKE_CEILING, Math.mulDiv(b.stakeTokenSupply, MIN_STAKE_SUPPLY_CEILING_BPS, BPS))
        );
        _inRange(
            "challengerBondCeiling",
            b.challengerBondCeiling,
            1,
            Math.min(BOND_CEILING, Math.mulDiv(b.stakeTokenSupply, CHALLENGER_BOND_SUPPLY_CEILING_BPS, BPS))
        );
        if (isLocalChain()) return;
        _atLeastProduction("commitWindowFloor", b.commitWindowFloor, PRODUCTION_AUCTION_WINDOW_MIN);
        _atLeastProduction("revealWindowFloor", b.revealWindowFloor, PRODUCTION_AUCTION_WINDOW_MIN);
        _atLeastProduction("maxExecutionWindowFloor", b.maxExecutionWindowFloor, PRODUCTION_EXECUTION_WINDOW_MIN);
        _atLeastProduction("challengeWindowFloor", b.challengeWindowFloor, PRODUCTION_CHALLENGE_WINDOW_MIN);
        _atLeastProduction("disputeMoveTimeoutFloor", b.disputeMoveTimeoutFloor, PRODUCTION_MOVE_TIMEOUT_MIN);
        _atLeastProduction("unbondingDelayFloor", b.unbondingDelayFloor, PRODUCTION_UNBONDING_MIN);
        // <= 1e40 * 1e36: no overflow
        _atLeastProduction(
            "collateralPerPaymentUnit",
            b.collateralRatioFloor * 10 ** b.paymentTokenDecimals / 1e18,
            PRODUCTION_COLLATERAL_PER_PAYMENT_UNIT_MIN
        );
        _atLeastProduction("minJobCollateralFloor", b.minJobCollateralFloor, PRODUCTION_MIN_JOB_COLLATERAL_MIN);
    }

    function _inRange(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ParametersBoundOutOfRange(name, value, min, max);
    }

    function _atLeastProduction(bytes32 name, uint256 value, uint256 minimum) private view {
        if (value < minimum) revert ParametersBoundBelowProductionMinimum(name, value, minimum, block.chainid);
    }

    function _checkPenalty(uint256 fraudBps, uint256 challengerShare, uint256 requesterShare) private pure {
        // Shares are checked to sum to at most BPS before this runs.
        if (fraudBps * (BPS - challengerShare - requesterShare) < PENALTY_FLOOR_BPS * BPS) {
            revert ParametersPenaltyBelowFloor(fraudBps, challengerShare, requesterShare, PENALTY_FLOOR_BPS);
        }
    }

    function _checkUnbonding(uint256 delay, uint256 window, uint256 moveTimeout) private pure {
        uint256 longest = DISPUTE_MOVES * moveTimeout;
        if (delay <= window + longest) revert ParametersUnbondingTooShort(delay, window, longest);
    }

    function _setMinStake(uint256 value) private {
        _bounded("minStake", value, MIN_STAKE_FLOOR, _minStakeCeiling);
        emit ParameterChanged("minStake", _minStake, value);
        _minStake = uint96(value); // <= _minStakeCeiling <= MIN_STAKE_CEILING < 2^96
    }

    function _setCollateralRatio(uint256 value) private {
        _bounded("collateralRatio", value, _collateralRatioFloor, COLLATERAL_RATIO_CEILING);
        emit ParameterChanged("collateralRatio", _collateralRatio, value);
        _collateralRatio = uint160(value); // <= COLLATERAL_RATIO_CEILING < 2^160
    }

    function _setMinBidBps(uint16 value) private {
        _bounded("minBidBps", value, MIN_BID_FLOOR_BPS, MIN_BID_CEILING_BPS);
        emit ParameterChanged("minBidBps", minBidBps, value);
        minBidBps = value;
    }

    function _setMinJobCollateral(uint256 value) private {
        _bounded("minJobCollateral", value, _minJobCollateralFloor, MIN_JOB_COLLATERAL_CEILING);
        emit ParameterChanged("minJobCollateral", minJobCollateral, value);
        minJobCollateral = value;
    }

    function _setLivenessSlashBps(uint16 value) private {
        _bounded("livenessSlashBps", value, LIVENESS_SLASH_FLOOR_BPS, BPS);
        emit ParameterChanged("livenessSlashBps", livenessSlashBps, value);
        livenessSlashBps = value;
    }

    function _setFraudSlashBps(uint16 value) private {
        _bounded("fraudSlashBps", value, FRAUD_SLASH_FLOOR_BPS, BPS);
        _checkPenalty(value, challengerShareBps, requesterShareBps);
        emit ParameterChanged("fraudSlashBps", fraudSlashBps, value);
        fraudSlashBps = value;
    }

    function _setSlashShares(uint16 challengerShare, uint16 requesterShare) private {
        if (uint256(challengerShare) + requesterShare > BPS) {
            revert ParametersSharesExceedTotal(challengerShare, requesterShare);
        }
        _checkPenalty(fraudSlashBps, challengerShare, requesterShare);
        emit ParameterChanged("challengerShareBps", challengerShareBps, challengerShare);
        emit ParameterChanged("requesterShareBps", requesterShareBps, requesterShare);
        challengerShareBps = challengerShare;
        requesterShareBps = requesterShare;
    }

    function _setCommitWindow(uint32 value) private {
        _bounded("commitWindow", value, _commitWindowFloor, AUCTION_WINDOW_CEILING);
        emit ParameterChanged("commitWindow", commitWindow, value);
        commitWindow = value;
    }

    function _setRevealWindow(uint32 value) private {
        _bounded("revealWindow", value, _revealWindowFloor, AUCTION_WINDOW_CEILING);
        emit ParameterChanged("revealWindow", revealWindow, value);
        revealWindow = value;
    }

    function _setMaxExecutionWindow(uint32 value) private {
        _bounded("maxExecutionWindow", value, _maxExecutionWindowFloor, EXECUTION_WINDOW_CEILING);
        emit ParameterChanged("maxExecutionWindow", maxExecutionWindow, value);
        maxExecutionWindow = value;
    }

    function _setChallengeWindow(uint32 value) private {
        _bounded("challengeWindow", value, _challengeWindowFloor, CHALLENGE_WINDOW_CEILING);
        _checkUnbonding(unbondingDelay, value, disputeMoveTimeout);
        emit ParameterChanged("challengeWindow", challengeWindow, value);
        challengeWindow = value;
    }

    function _setDisputeMoveTimeout(uint32 value) private {
        _bounded("disputeMoveTimeout", value, _disputeMoveTimeoutFloor, MOVE_TIMEOUT_CEILING);
        _checkUnbonding(unbondingDelay, challengeWindow, value);
        emit ParameterChanged("disputeMoveTimeout", disputeMoveTimeout, value);
        disputeMoveTimeout = value;
    }

    function _setUnbondingDelay(uint32 value) private {
        _bounded("unbondingDelay", value, _unbondingDelayFloor, UNBONDING_CEILING);
        _checkUnbonding(value, challengeWindow, disputeMoveTimeout);
        emit ParameterChanged("unbondingDelay", unbondingDelay, value);
        unbondingDelay = value;
    }

    function _setChallengerBond(uint256 value) private {
        _bounded("challengerBond", value, 1, _challengerBondCeiling);
        emit ParameterChanged("challengerBond", challengerBond, value);
        challengerBond = value;
    }

    function _setProtocolFeeBps(uint16 value) private {
        _bounded("protocolFeeBps", value, 0, PROTOCOL_FEE_CEILING_BPS);
        emit ParameterChanged("protocolFeeBps", protocolFeeBps, value);
        protocolFeeBps = value;
    }

    function _setModelRegistrationBond(uint256 value) private {
        _bounded("modelRegistrationBond", value, 0, BOND_CEILING);
        emit ParameterChanged("modelRegistrationBond", modelRegistrationBond, value);
        modelRegistrationBond = value;
    }

    function _setTreasury(address value) private {
        if (value == address(0)) revert ParametersZeroTreasury();
        emit ParameterChanged("treasury", uint160(treasury), uint160(value));
        treasury = value;
    }

    function _setMaxDelegationRatio(uint16 value) private {
        _bounded("maxDelegationRatio", value, 0, DELEGATION_RATIO_CEILING);
        emit ParameterChanged("maxDelegationRatio", maxDelegationRatio, value);
        maxDelegationRatio = value;
    }
}
