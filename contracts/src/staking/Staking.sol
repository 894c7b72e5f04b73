// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IParameters} from "../interfaces/IParameters.sol";

/// @title Provider staking
/// @notice Holds providers' bonded protocol tokens. Bonded and unbonding stake
/// keep their voting power here (checkpointed like ERC20Votes), while the tokens
/// themselves sit in this contract, which never delegates: a staked token is
/// therefore counted once, through this contract, and never through the token.
contract Staking is IStaking, Votes, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* IMMUTABLES */

    IERC20 private immutable _token;
    IParameters public immutable params;
    /// @dev The deployer, allowed to wire the job market exactly once.
    address private immutable _wirer;

    /* STORAGE */

    /// @notice The only contract allowed to lock, unlock and slash. Set once, never changed:
    /// no role can later point it elsewhere and take deposits.
    address public market;

    /// @dev The stake of one provider as stored: `IStaking.StakeInfo` reordered so that everything
    /// `lock` and `isEligible` read (bonded, locked, registered) sits in one slot, and unbonding
    /// state in the other. Saves a cold storage read on every bid and every lock.
    struct Stake {
        // slot 0
        uint96 bonded; // includes `locked`
        uint96 locked;
        bool registered;
        // slot 1
        uint96 unbonding;
        uint40 releaseAt;
    }

    mapping(address provider => Stake) private _stakes;

    constructor(IERC20 token_, IParameters params_) EIP712("Verity Staking", "1") {
        _token = token_;
        params = params_;
        _wirer = msg.sender;
    }

    /// @notice Wire the job market (deployer only, once).
    function wire(address market_) external {
        if (msg.sender != _wirer) revert StakingUnauthorized(msg.sender);
        if (market != address(0)) revert StakingAlreadyWired();
        market = market_;
    }

    modifier onlyMarket() {
        if (msg.sender != market) revert StakingUnauthorized(msg.sender);
        _;
    }

    /* PROVIDERS */

    /// @inheritdoc IStaking
    function register(string calldata metadata) external {
        Stake storage s = _stakes[msg.sender];
        if (s.registered) revert StakingAlreadyRegistered(msg.sender);
        s.registered = true;
        emit ProviderRegistered(msg.sender, metadata);
    }

    /// @inheritdoc IStaking
    function updateMetadata(string calldata metadata) external {
        if (!_stakes[msg.sender].registered) revert StakingNotRegistered(msg.sender);
        emit ProviderMetadataUpdated(msg.sender, metadata);
    }

    /// @inheritdoc IStaking
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert StakingZeroAmount();
        // A first-time staker's votes go where its liquid tokens' votes go (itself by default),
        // so staking never silently drops voting power. Delegate before the units change,
        // since delegating moves the units the account already has.
        if (delegates(msg.sender) == address(0)) {
            address tokenDelegate = IVotes(address(_token)).delegates(msg.sender);
            _delegate(msg.sender, tokenDelegate == address(0) ? msg.sender : tokenDelegate);
        }
        Stake storage s = _stakes[msg.sender];
        uint256 bonded = uint256(s.bonded) + amount;
        s.bonded = _to96(bonded);
        _transferVotingUnits(address(0), msg.sender, amount);
        emit Staked(msg.sender, amount, bonded);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStaking
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert StakingZeroAmount();
        Stake storage s = _stakes[msg.sender];
        uint256 free = uint256(s.bonded) - s.locked;
        if (amount > free) revert StakingInsufficientFreeStake(msg.sender, free, amount);
        uint256 releaseAt = block.timestamp + params.unbondingDelay();
        uint256 unbonding = uint256(s.unbonding) + amount;
        // checked above: amount <= free <= bonded
        unchecked {
            s.bonded -= uint96(amount);
        }
        s.unbonding = _to96(unbonding);
        s.releaseAt = SafeCast.toUint40(releaseAt);
        emit UnstakeRequested(msg.sender, amount, unbonding, releaseAt);
    }

    /// @inheritdoc IStaking
    function withdraw() external nonReentrant {
        Stake storage s = _stakes[msg.sender];
        uint256 amount = s.unbonding;
        if (amount == 0) revert StakingNothingUnbonding(msg.sender);
        if (block.timestamp < s.releaseAt) revert StakingStillUnbonding(msg.sender, s.releaseAt);
        s.unbonding = 0;
        s.releaseAt = 0;
        _transferVotingUnits(msg.sender, address(0), amount);
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /* JOB MARKET */

    /// @inheritdoc IStaking
    function lock(address provider, uint256 jobId, uint256 amount) external onlyMarket {
        Stake storage s = _stakes[provider];
        uint256 bonded = s.bonded;
        uint256 locked = s.locked;
        if (!s.registered) revert StakingNotRegistered(provider);
        uint256 minStake = params.minStake();
        if (bonded < minStake) revert StakingBelowMinimumStake(provider, bonded, minStake);
        if (bonded - locked < amount) revert StakingInsufficientFreeStake(provider, bonded - locked, amount);
        // fits: locked + amount <= bonded < 2^96
        s.locked = uint96(locked + amount);
        emit StakeLocked(provider, jobId, amount);
    }

    /// @inheritdoc IStaking
    function unlock(address provider, uint256 jobId, uint256 amount) external onlyMarket {
        _unlock(provider, jobId, amount);
    }

    /// @inheritdoc IStaking
    function slash(
        address provider,
        uint256 jobId,
        uint256 collateral,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external onlyMarket nonReentrant returns (uint256 slashed) {
        _unlock(provider, jobId, collateral);
        Stake storage s = _stakes[provider];
        uint256 bonded = s.bonded;
        uint256 unbonding = s.unbonding;
        uint256[] memory paid = new uint256[](recipients.length);
        // The market passes at most three recipients; this loop is not user-grown.
        for (uint256 i; i < recipients.length; ++i) {
            uint256 take = amounts[i];
            uint256 available = bonded + unbonding;
            if (take > available) take = available;
            // Bonded first; what is still missing comes out of unbonding stake.
            uint256 fromBonded = take > bonded ? bonded : take;
            bonded -= fromBonded;
            unbonding -= take - fromBonded;
            paid[i] = take;
            slashed += take;
        }
        s.bonded = uint96(bonded);
        s.unbonding = uint96(unbonding);
        // Collateral is always part of bonded stake, but a slash may exceed it only by taking
        // unbonding stake; locked stays <= bonded whatever happens.
        if (s.locked > bonded) s.locked = uint96(bonded);
        if (slashed != 0) _transferVotingUnits(provider, address(0), slashed);
        for (uint256 i; i < recipients.length; ++i) {
            if (paid[i] == 0) continue;
            emit Slashed(provider, jobId, paid[i], recipients[i]);
            _token.safeTransfer(recipients[i], paid[i]);
        }
    }

    /* VIEWS */

    /// @inheritdoc IStaking
    function stakeOf(address provider) external view returns (StakeInfo memory) {
        Stake storage s = _stakes[provider];
        return StakeInfo({
            bonded: s.bonded, locked: s.locked, unbonding: s.unbonding, releaseAt: s.releaseAt, registered: s.registered
        });
    }

    /// @inheritdoc IStaking
    function freeStakeOf(address provider) external view returns (uint256) {
        Stake storage s = _stakes[provider];
        return uint256(s.bonded) - s.locked;
    }

    /// @inheritdoc IStaking
    function isEligible(address provider) external view returns (bool) {
        Stake storage s = _stakes[provider];
        return s.registered && s.bonded >= params.minStake();
    }

    /// @inheritdoc IStaking
    function token() external view returns (address) {
        return address(_token);
    }

    /* INTERNAL */

    function _unlock(address provider, uint256 jobId, uint256 amount) private {
        Stake storage s = _stakes[provider];
        uint256 locked = s.locked;
        if (amount > locked) revert StakingUnlockExceedsLocked(provider, locked, amount);
        unchecked {
            s.locked = uint96(locked - amount);
        }
        emit StakeUnlocked(provider, jobId, amount);
    }

    /// @dev Voting units of a provider: everything still at stake here, unbonding included.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        Stake storage s = _stakes[account];
        return uint256(s.bonded) + s.unbonding;
    }

    function _to96(uint256 amount) private pure returns (uint96) {
        if (amount > type(uint96).max) revert StakingAmountTooLarge(amount);
        return uint96(amount);
    }
}
