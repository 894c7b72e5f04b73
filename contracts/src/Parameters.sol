// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IParameters} from "./interfaces/IParameters.sol";

/// @title Protocol parameters
/// @notice Every tunable of Verity, owned by governance (the timelock). Each value
/// has hard bounds written below; a change outside them reverts, so a vote can
/// never set a value that breaks the protocol's safety.
contract Parameters is IParameters, Ownable2Step {
    /* HARD BOUNDS */

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

    /// @param owner_ the governance timelock in production; the deployer on a devnet
    constructor(address owner_, Init memory init) Ownable(owner_) {
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

    /* INTERNAL */

    function _bounded(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ParametersOutOfBounds(name, value, min, max);
    }

    function _checkUnbonding(uint256 delay, uint256 window, uint256 moveTimeout) private pure {
        uint256 longest = DISPUTE_MOVES * moveTimeout;
        if (delay <= window + longest) revert ParametersUnbondingTooShort(delay, window, longest);
    }

    function _setMinStake(uint256 value) private {
        _bounded("minStake", value, MIN_STAKE_FLOOR, MIN_STAKE_CEILING);
        emit ParameterChanged("minStake", _minStake, value);
        _minStake = uint96(value); // <= MIN_STAKE_CEILING < 2^96
    }

    function _setCollateralRatio(uint256 value) private {
        _bounded("collateralRatio", value, COLLATERAL_RATIO_FLOOR, COLLATERAL_RATIO_CEILING);
        emit ParameterChanged("collateralRatio", _collateralRatio, value);
        _collateralRatio = uint160(value); // <= COLLATERAL_RATIO_CEILING < 2^160
    }

    function _setMinBidBps(uint16 value) private {
        _bounded("minBidBps", value, MIN_BID_FLOOR_BPS, MIN_BID_CEILING_BPS);
        emit ParameterChanged("minBidBps", minBidBps, value);
        minBidBps = value;
    }

    function _setMinJobCollateral(uint256 value) private {
        _bounded("minJobCollateral", value, MIN_JOB_COLLATERAL_FLOOR, MIN_JOB_COLLATERAL_CEILING);
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
        emit ParameterChanged("fraudSlashBps", fraudSlashBps, value);
        fraudSlashBps = value;
    }

    function _setSlashShares(uint16 challengerShare, uint16 requesterShare) private {
        if (uint256(challengerShare) + requesterShare > BPS) {
            revert ParametersSharesExceedTotal(challengerShare, requesterShare);
        }
        emit ParameterChanged("challengerShareBps", challengerShareBps, challengerShare);
        emit ParameterChanged("requesterShareBps", requesterShareBps, requesterShare);
        challengerShareBps = challengerShare;
        requesterShareBps = requesterShare;
    }

    function _setCommitWindow(uint32 value) private {
        _bounded("commitWindow", value, AUCTION_WINDOW_FLOOR, AUCTION_WINDOW_CEILING);
        emit ParameterChanged("commitWindow", commitWindow, value);
        commitWindow = value;
    }

    function _setRevealWindow(uint32 value) private {
        _bounded("revealWindow", value, AUCTION_WINDOW_FLOOR, AUCTION_WINDOW_CEILING);
        emit ParameterChanged("revealWindow", revealWindow, value);
        revealWindow = value;
    }

    function _setMaxExecutionWindow(uint32 value) private {
        _bounded("maxExecutionWindow", value, 1, EXECUTION_WINDOW_CEILING);
        emit ParameterChanged("maxExecutionWindow", maxExecutionWindow, value);
        maxExecutionWindow = value;
    }

    function _setChallengeWindow(uint32 value) private {
        _bounded("challengeWindow", value, CHALLENGE_WINDOW_FLOOR, CHALLENGE_WINDOW_CEILING);
        _checkUnbonding(unbondingDelay, value, disputeMoveTimeout);
        emit ParameterChanged("challengeWindow", challengeWindow, value);
        challengeWindow = value;
    }

    function _setDisputeMoveTimeout(uint32 value) private {
        _bounded("disputeMoveTimeout", value, MOVE_TIMEOUT_FLOOR, MOVE_TIMEOUT_CEILING);
        _checkUnbonding(unbondingDelay, challengeWindow, value);
        emit ParameterChanged("disputeMoveTimeout", disputeMoveTimeout, value);
        disputeMoveTimeout = value;
    }

    function _setUnbondingDelay(uint32 value) private {
        _bounded("unbondingDelay", value, 1, UNBONDING_CEILING);
        _checkUnbonding(value, challengeWindow, disputeMoveTimeout);
        emit ParameterChanged("unbondingDelay", unbondingDelay, value);
        unbondingDelay = value;
    }

    function _setChallengerBond(uint256 value) private {
        _bounded("challengerBond", value, 1, BOND_CEILING);
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
}
