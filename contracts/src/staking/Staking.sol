// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IParameters, IDelegationParameters} from "../interfaces/IParameters.sol";
import {IDelegationPool} from "../interfaces/IDelegationPool.sol";

/// @title Provider staking
/// @notice Holds providers' bonded protocol tokens. Bonded and unbonding stake
/// keep their voting power here (checkpointed like ERC20Votes), while the tokens
/// themselves sit in this contract, which never delegates: a staked token is
/// therefore counted once, through this contract, and never through the token.
/// Delegated VRT votes here too, for its delegator: the delegation pool (which never delegates
/// its token votes either) reports each delegator's VRT in pools via `moveDelegatorVotes`.
/// Delegated stake lives in the delegation pool, which reports each provider's active
/// delegation here: it adds to the provider's capacity up to `maxDelegationRatio` times its
/// own bonded stake, and a slash reaches it only once the provider's own stake is gone.
contract Staking is IStaking, Votes, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* CONSTANTS AND IMMUTABLES */

    uint256 private constant _BPS = 10_000;

    IERC20 private immutable _token;
    IParameters public immutable params;
    /// @dev The deployer, allowed to wire the job market exactly once.
    address private immutable _wirer;

    /* STORAGE */

    /// @notice The only contract allowed to lock, unlock and slash. Set once, never changed:
    /// no role can later point it elsewhere and take deposits.
    address public market;
    /// @inheritdoc IStaking
    address public delegationPool;

    /// @dev The stake of one provider as stored: `IStaking.StakeInfo` reordered so that everything
    /// `lock` and `isEligible` read (bonded, locked, registered) sits in one slot, and unbonding
    /// state in the other. Saves a cold storage read on every bid and every lock.
    struct Stake {
        // slot 0
        uint96 bonded; // includes `locked`
        uint96 locked;
        bool registered;
        // Whether the pool has active delegation for this provider: `release` reads it from the
        // slot it already reads, so a provider without delegators pays nothing more per job.
        bool delegated;
        // slot 1
        uint96 unbonding;
        uint40 releaseAt;
        // The provider's active delegated stake, as the pool last reported it (a mirror, so that
        // a lock that needs delegated capacity reads it without calling the pool).
        uint96 delegation;
    }

    mapping(address provider => Stake) private _stakes;
    /// @dev VRT each delegator has in delegation pools, as the pool last valued it: voting units of
    /// the delegator here, besides any stake of its own.
    mapping(address delegator => uint256) private _delegatedVotes;

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

    /// @notice Wire the delegation pool (deployer only, once).
    function wireDelegationPool(address pool) external {
        if (msg.sender != _wirer) revert StakingUnauthorized(msg.sender);
        if (delegationPool != address(0)) revert StakingAlreadyWired();
        delegationPool = pool;
        emit DelegationPoolWired(pool);
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
        uint256 free = _unstakable(s);
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
        uint256 needed = locked + amount;
        // Own stake first: delegated capacity (a cold slot and a parameter read) only when it falls short.
        if (needed > bonded) {
            uint256 capacity = _capacity(s, bonded);
            if (needed > capacity) {
                revert StakingInsufficientFreeStake(provider, capacity > locked ? capacity - locked : 0, amount);
            }
            // Whatever delegation adds, the provider's own stake covers the unrecoverable part of a
            // fraud slash of everything it has locked, so that a convicted liar always loses it.
            uint256 ownFloor = _ownFloor(needed);
            if (bonded < ownFloor) revert StakingOwnStakeBelowFloor(provider, bonded, ownFloor);
        }
        // fits: needed <= capacity <= bonded + delegation, both parts of the VRT supply, which fits 96 bits
        s.locked = uint96(needed);
        emit StakeLocked(provider, jobId, amount);
    }

    /// @inheritdoc IStaking
    function unlock(address provider, uint256 jobId, uint256 amount) external onlyMarket {
        _unlock(provider, jobId, amount);
    }

    /// @inheritdoc IStaking
    function release(address provider, uint256 jobId, uint256 collateral, uint256 earnings)
        external
        onlyMarket
        returns (address pool, uint256 delegatorsShare)
    {
        _unlock(provider, jobId, collateral);
        if (!_stakes[provider].delegated) return (address(0), 0);
        pool = delegationPool;
        delegatorsShare = IDelegationPool(pool).shareEarnings(provider, earnings);
    }

    /* DELEGATION POOL */

    /// @inheritdoc IStaking
    function syncDelegation(
        address provider,
        uint256 delegated,
        address delegator,
        uint256 votesBefore,
        uint256 votesAfter
    ) external {
        if (msg.sender != delegationPool) revert StakingNotDelegationPool(msg.sender);
        Stake storage s = _stakes[provider];
        uint256 before = s.delegation;
        s.delegation = _to96(delegated);
        // `delegated` is `delegation != 0` (both are only ever set together), and it shares its slot
        // with the bonded and locked stake: written only when it flips, so that a delegation to a
        // pool that already has some touches only the mirror's slot.
        if ((before == 0) != (delegated == 0)) s.delegated = delegated != 0;
        emit DelegationSynced(provider, delegated);
        // Delegated tokens that back collateral stay until the jobs end, as own locked stake does:
        // a job may be slashed later than one unbonding delay after it was locked.
        if (delegated < before) {
            uint256 capacity = _capacity(s, s.bonded);
            if (s.locked > capacity) revert StakingDelegationBacksCollateral(provider, s.locked, capacity);
        }
        if (votesAfter != votesBefore) _moveDelegatorVotes(provider, delegator, votesBefore, votesAfter);
    }

    /// @inheritdoc IStaking
    function moveDelegatorVotes(address provider, address delegator, uint256 before, uint256 after_) external {
        if (msg.sender != delegationPool) revert StakingNotDelegationPool(msg.sender);
        _moveDelegatorVotes(provider, delegator, before, after_);
    }

    /* JOB MARKET */

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
        // Own stake pays every recipient, except that only the treasury (which no party to a job can
        // recover) may take the own stake that backs the penalty floors of the provider's other jobs
        // in flight: otherwise a liar convicted by its own sybil on one job would spend, on itself,
        // the floor another conviction must cost it. The reserve can only bind with delegation (own
        // stake below what is locked); without it, own stake covers every slash, as before.
        (uint256 reserve, address treasury) = _slashReserve(s, amounts);
        uint256[] memory paid;
        uint256 shortfall;
        (paid, slashed, shortfall) = _slashOwn(s, recipients, amounts, reserve, treasury);
        if (slashed != 0) _transferVotingUnits(provider, address(0), slashed);
        // What own stake could not pay comes out of the delegation pool, pro rata over its active and
        // thawing tokens, and goes to the treasury only: paid to a requester or a challenger, which
        // may be the provider's own sybils, delegators' tokens would refund the liar's penalty.
        // `locked` stays as it is, even above the capacity left: it is the collateral of other jobs in
        // flight, each unlocked (or slashed) when its job ends. Meanwhile nothing more can be locked,
        // no own stake unbonded and no delegation withdrawn while locked exceeds capacity.
        if (shortfall != 0) slashed += _slashDelegation(provider, jobId, shortfall, treasury);
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
        uint256 capacity = _capacity(s, s.bonded);
        return capacity > s.locked ? capacity - s.locked : 0;
    }

    /// @inheritdoc IStaking
    function capacityOf(address provider) external view returns (uint256) {
        Stake storage s = _stakes[provider];
        return _capacity(s, s.bonded);
    }

    /// @inheritdoc IStaking
    function delegatedOf(address provider) external view returns (uint256) {
        return _stakes[provider].delegation;
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

    /// @dev Moves `delegator`'s voting units for its position in `provider`'s pool from `before` to
    /// `after_`. The other side of each move is the pool's delegate here, which is always nobody: the
    /// pool has no code path that calls `delegate` and cannot sign for `delegateBySig`. So units
    /// added vote nowhere until now and units removed vote nowhere after, as `_transferVotingUnits`
    /// with the pool would move them, without reading the pool's empty delegate; and the units come
    /// with the pool's VRT, not new supply, so Staking's total is left alone.
    function _moveDelegatorVotes(address provider, address delegator, uint256 before, uint256 after_) private {
        if (after_ > before) {
            // As on a first stake: the votes go where the delegator's liquid tokens' votes go.
            // Delegate before the units change, since delegating moves the units it already has.
            address delegatee = delegates(delegator);
            if (delegatee == address(0)) {
                address tokenDelegate = IVotes(address(_token)).delegates(delegator);
                delegatee = tokenDelegate == address(0) ? delegator : tokenDelegate;
                _delegate(delegator, delegatee);
            }
            uint256 added = after_ - before;
            _delegatedVotes[delegator] += added;
            _moveDelegateVotes(address(0), delegatee, added);
        } else if (before > after_) {
            uint256 removed = before - after_;
            _delegatedVotes[delegator] -= removed;
            _moveDelegateVotes(delegates(delegator), address(0), removed);
        }
        emit DelegatorVotesMoved(provider, delegator, before, after_);
    }

    function _unlock(address provider, uint256 jobId, uint256 amount) private {
        Stake storage s = _stakes[provider];
        uint256 locked = s.locked;
        if (amount > locked) revert StakingUnlockExceedsLocked(provider, locked, amount);
        unchecked {
            s.locked = uint96(locked - amount);
        }
        emit StakeUnlocked(provider, jobId, amount);
    }

    /// @dev Takes each amount in turn from `s`'s own stake, bonded first and then unbonding, leaving
    /// `reserve` to the treasury: what each recipient gets, their total, and what was missing.
    function _slashOwn(
        Stake storage s,
        address[] calldata recipients,
        uint256[] calldata amounts,
        uint256 reserve,
        address treasury
    ) private returns (uint256[] memory paid, uint256 slashed, uint256 shortfall) {
        uint256 bonded = s.bonded;
        uint256 unbonding = s.unbonding;
        paid = new uint256[](recipients.length);
        // The market passes at most three recipients; this loop is not user-grown.
        for (uint256 i; i < recipients.length; ++i) {
            uint256 take = amounts[i];
            uint256 available = bonded + unbonding;
            if (recipients[i] != treasury) available = available > reserve ? available - reserve : 0;
            if (take > available) {
                shortfall += take - available;
                take = available;
            }
            // Bonded first; what is still missing comes out of unbonding stake.
            uint256 fromBonded = take > bonded ? bonded : take;
            bonded -= fromBonded;
            unbonding -= take - fromBonded;
            paid[i] = take;
            slashed += take;
        }
        s.bonded = uint96(bonded);
        s.unbonding = uint96(unbonding);
    }

    /// @dev Takes `shortfall` (or what there is) from `provider`'s delegation pool and pays it to the
    /// treasury (read here if `slash` did not need it). Returns what the pool gave.
    function _slashDelegation(address provider, uint256 jobId, uint256 shortfall, address treasury)
        private
        returns (uint256 taken)
    {
        address pool = delegationPool;
        if (pool == address(0)) return 0;
        uint256 activeLeft;
        (taken, activeLeft) = IDelegationPool(pool).slash(provider, jobId, shortfall);
        Stake storage s = _stakes[provider];
        s.delegation = uint96(activeLeft); // activeLeft <= the mirrored delegation, which fit 96 bits
        s.delegated = activeLeft != 0;
        emit DelegationSynced(provider, activeLeft);
        if (taken == 0) return 0;
        if (treasury == address(0)) treasury = params.treasury();
        // Logged by the pool (`DelegationSlashed`); `Slashed` stays the provider's own stake.
        _token.safeTransfer(treasury, taken);
    }

    /// @dev The own stake that only the treasury may take in a slash (the penalty floors of the jobs
    /// still locked) and the treasury, both zero when `own` covers what is asked plus everything still
    /// locked, which is always so without delegation (so that path reads no parameter).
    function _slashReserve(Stake storage s, uint256[] calldata amounts)
        private
        view
        returns (uint256 reserve, address treasury)
    {
        uint256 own = uint256(s.bonded) + s.unbonding;
        uint256 asked;
        // At most three amounts, as in `slash`.
        for (uint256 i; i < amounts.length; ++i) {
            asked += amounts[i];
        }
        uint256 locked = s.locked;
        if (own >= locked + asked) return (0, address(0));
        return (_ownFloor(locked), params.treasury());
    }

    /// @dev The own bonded stake that must back `locked` collateral: the part of a fraud slash of it
    /// that neither the requester nor a challenger receives (the treasury's, at least
    /// `PENALTY_FLOOR_BPS`), rounded up. A liar's sybils can recover everything else.
    function _ownFloor(uint256 locked) private view returns (uint256) {
        uint256 fraudBps = params.fraudSlashBps();
        uint256 floorBps =
            fraudBps - fraudBps * params.challengerShareBps() / _BPS - fraudBps * params.requesterShareBps() / _BPS;
        return Math.mulDiv(locked, floorBps, _BPS, Math.Rounding.Ceil);
    }

    /// @dev Own bonded stake plus active delegation, the latter capped at `maxDelegationRatio` times
    /// the former. Without delegation it is `bonded`, read with no parameter call.
    function _capacity(Stake storage s, uint256 bonded) private view returns (uint256) {
        uint256 delegation = s.delegation;
        if (delegation == 0) return bonded;
        uint256 cap = bonded * IDelegationParameters(address(params)).maxDelegationRatio();
        return bonded + (delegation < cap ? delegation : cap);
    }

    /// @dev The most own bonded stake that can leave while the rest still backs the locked
    /// collateral: the least bonded `y` with `y + min(delegation, ratio * y) >= locked` is
    /// `max(ceil(locked / (1 + ratio)), locked - delegation)`, and at least the own floor of
    /// `locked` (`_ownFloor`) stays too; everything above it is free.
    /// Without delegation that is `bonded - locked`, as before delegation existed.
    function _unstakable(Stake storage s) private view returns (uint256) {
        uint256 bonded = s.bonded;
        uint256 locked = s.locked;
        uint256 delegation = s.delegation;
        uint256 floor = locked;
        if (delegation != 0) {
            uint256 ratio = IDelegationParameters(address(params)).maxDelegationRatio();
            uint256 byRatio = (locked + ratio) / (1 + ratio);
            uint256 byDelegation = locked > delegation ? locked - delegation : 0;
            floor = byRatio > byDelegation ? byRatio : byDelegation;
            uint256 ownFloor = _ownFloor(locked);
            if (ownFloor > floor) floor = ownFloor;
        }
        return bonded > floor ? bonded - floor : 0;
    }

    /// @dev Voting units of an account: everything it still has at stake here, unbonding included,
    /// plus the VRT it has in delegation pools (as last valued by the pool).
    function _getVotingUnits(address account) internal view override returns (uint256) {
        Stake storage s = _stakes[account];
        return uint256(s.bonded) + s.unbonding + _delegatedVotes[account];
    }

    function _to96(uint256 amount) private pure returns (uint96) {
        if (amount > type(uint96).max) revert StakingAmountTooLarge(amount);
        return uint96(amount);
    }
}
