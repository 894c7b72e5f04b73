// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDelegationPool} from "../interfaces/IDelegationPool.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IParameters} from "../interfaces/IParameters.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title Delegation pools, one per provider
/// @notice Holds delegated VRT and the delegators' earnings. Each provider's pool has two sides,
/// each a share pool (ERC-4626-style, no loop over delegators): the active side backs capacity and
/// earns; the thawing side holds undelegated tokens for one unbonding delay. A slash takes from both
/// sides pro rata to their tokens, so each share loses the same fraction. Earnings are spread over
/// active shares with a cumulative per-share accumulator and claimed pull-style.
///
/// Rounding always favours the pool, and a side's price (tokens per share) never rises: see `_mint`
/// and `_burn`. The remainders stay here, assigned to nobody, so no delegator gains from another's
/// rounding and the pool's claims never exceed what it holds. The earnings accumulator and each
/// delegator's earnings round down too.
///
/// No inflation by donation: share prices come from the pool's own counters, never from its token
/// balance, so VRT sent here by plain transfer changes nothing (and is lost to the sender); and since
/// a price starts at one token per share and never rises, a first delegator cannot price later ones
/// out, and a wei always buys a share.
/// @dev The pool never delegates its token votes: delegated VRT votes through Staking instead, for
/// its delegator (`_revalue`, then `Staking.syncDelegation` or `Staking.moveDelegatorVotes`), so it
/// is counted once.
contract DelegationPool is IDelegationPool, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /* CONSTANTS AND IMMUTABLES */

    uint256 private constant _BPS = 10_000;
    /// @dev Scale of the earnings accumulator: a payment of one wei over 1e27 shares (a billion VRT)
    /// still moves it by 1e9.
    uint256 private constant _ACC_SCALE = 1e36;

    IStaking public immutable staking;
    IParameters public immutable params;
    IERC20 private immutable _token;
    /// @notice The payment token delegators earn in.
    IERC20 public immutable paymentToken;
    /// @notice The job market that credits the delegators' share of earnings to this pool.
    IJobMarket public immutable market;

    /* STORAGE */

    /// @dev A provider's pool as stored: `PoolInfo` laid out so that a delegation, an undelegation and
    /// a slash find both sides' tokens and the thawing epoch in one slot. Token counters fit 96 bits:
    /// together they are at most the pool's VRT, part of the supply (Staking mirrors `tokens` in 96
    /// bits too); shares stay 256 bits, since a side slashed near zero sells very many per token.
    struct Pool {
        // slot 0: read by every delegator action, by `slash`, and by `shareEarnings` (tokens, share)
        uint96 tokens;
        uint96 thawingTokens;
        uint32 thawEpoch;
        uint16 delegatorShareBps;
        uint16 pendingShareBps;
        // slot 1
        uint256 shares;
        // slot 2
        uint256 thawingShares;
        // slot 3
        uint256 rewardPerShare;
        // slot 4: read by `shareEarnings` and `setDelegatorShare` only
        uint40 pendingAt;
    }

    /// @dev A delegator's position as stored: `DelegationInfo` laid out so that what every action of
    /// the delegator settles and revalues (earnings, votes, the thawing epoch) is one slot. Unclaimed
    /// earnings share the slot of the votes, which are nonzero while the position is worth anything:
    /// settling earnings after a claim rewrites a live slot (2,900 gas) instead of filling an empty
    /// one (20,000). 128 bits of payment token, as Uniswap v3 keeps the fees a position is owed.
    struct Position {
        // slot 0
        uint256 shares;
        // slot 1
        uint256 thawingShares;
        // slot 2
        uint256 rewardPerSharePaid;
        // slot 3
        uint128 unclaimed;
        uint96 votes;
        uint32 thawEpoch;
        // slot 4: written by `undelegate`, read by `withdraw`
        uint40 releaseAt;
    }

    mapping(address provider => Pool) private _pools;
    mapping(address provider => mapping(address delegator => Position)) private _positions;

    /// @param staking_ a Staking already wired to its job market; it is wired to this pool afterwards
    constructor(IStaking staking_, IParameters params_) {
        staking = staking_;
        params = params_;
        _token = IERC20(staking_.token());
        IJobMarket market_ = IJobMarket(IMarketOf(address(staking_)).market());
        market = market_;
        paymentToken = IPaymentTokenOf(address(market_)).paymentToken();
    }

    modifier onlyStaking() {
        if (msg.sender != address(staking)) revert DelegationUnauthorized(msg.sender);
        _;
    }

    /* DELEGATORS */

    /// @inheritdoc IDelegationPool
    function delegate(address provider, uint256 amount) external nonReentrant returns (uint256 shares) {
        if (amount == 0) revert DelegationZeroAmount();
        Pool storage p = _pools[provider];
        uint256 poolTokens = p.tokens;
        uint256 poolShares = p.shares;
        if (poolTokens == 0) {
            // Shares of a side whose tokens were all slashed are worth nothing; minting at any price
            // would hand part of the new tokens to them.
            if (poolShares != 0) revert DelegationPoolWiped(provider, poolShares);
            // Asked of Staking only here: active tokens came in through this check, and registration
            // is never undone, so a pool that has them has a registered provider.
            if (!staking.stakeOf(provider).registered) revert DelegationProviderNotRegistered(provider);
        }
        uint256 tokensIn;
        (shares, tokensIn) = _mint(poolTokens, poolShares, amount);
        if (shares == 0) revert DelegationZeroShares(provider, amount);
        if (poolShares == 0) poolTokens = 0;
        uint256 tokensAfter = poolTokens + tokensIn;

        Position storage d = _positions[provider][msg.sender];
        _settle(p, d);
        d.shares += shares;
        p.tokens = SafeCast.toUint96(tokensAfter);
        p.shares = poolShares + shares;
        emit Delegated(provider, msg.sender, amount, shares);
        (uint256 votesBefore, uint256 votesAfter) = _revalue(p, d);
        staking.syncDelegation(provider, tokensAfter, msg.sender, votesBefore, votesAfter);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IDelegationPool
    function undelegate(address provider, uint256 shares) external nonReentrant returns (uint256 amount) {
        if (shares == 0) revert DelegationZeroAmount();
        Pool storage p = _pools[provider];
        Position storage d = _positions[provider][msg.sender];
        uint256 mine = d.shares;
        if (shares > mine) revert DelegationInsufficientShares(provider, msg.sender, mine, shares);
        _settle(p, d);
        uint256 poolTokens = p.tokens;
        uint256 poolShares = p.shares;
        uint256 tokensOut;
        (amount, tokensOut) = _burn(poolTokens, poolShares, shares);
        // Shares worth less than a wei (or of a wiped pool) would be burned for nothing.
        if (amount == 0) revert DelegationZeroAmount();
        unchecked {
            // shares <= mine <= poolShares; tokensOut <= poolTokens (see `_burn`)
            d.shares = mine - shares;
            p.shares = poolShares - shares;
            p.tokens = uint96(poolTokens - tokensOut);
        }
        _thaw(provider, p, d, amount);
        uint256 releaseAt = block.timestamp + params.unbondingDelay();
        d.releaseAt = SafeCast.toUint40(releaseAt);
        emit Undelegated(provider, msg.sender, shares, amount, releaseAt);
        (uint256 votesBefore, uint256 votesAfter) = _revalue(p, d);
        // Reverts if these tokens back collateral of jobs in flight.
        staking.syncDelegation(provider, poolTokens - tokensOut, msg.sender, votesBefore, votesAfter);
    }

    /// @inheritdoc IDelegationPool
    function withdraw(address provider) external nonReentrant returns (uint256 amount) {
        Position storage d = _positions[provider][msg.sender];
        uint256 thawShares = d.thawingShares;
        if (thawShares == 0) revert DelegationNothingThawing(provider, msg.sender);
        if (block.timestamp < d.releaseAt) revert DelegationStillThawing(provider, msg.sender, d.releaseAt);
        Pool storage p = _pools[provider];
        // Shares of an emptied epoch were slashed to nothing: clear them, pay nothing.
        if (d.thawEpoch == p.thawEpoch) {
            uint256 poolThawTokens = p.thawingTokens;
            uint256 poolThawShares = p.thawingShares;
            uint256 tokensOut;
            (amount, tokensOut) = _burn(poolThawTokens, poolThawShares, thawShares);
            unchecked {
                // thawShares <= poolThawShares; tokensOut <= poolThawTokens (see `_burn`)
                p.thawingShares = poolThawShares - thawShares;
                p.thawingTokens = uint96(poolThawTokens - tokensOut);
            }
        }
        d.thawingShares = 0;
        d.releaseAt = 0;
        emit DelegationWithdrawn(provider, msg.sender, amount);
        _syncVotes(provider, p, d, msg.sender);
        if (amount != 0) _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IDelegationPool
    function claimEarnings(address provider) external nonReentrant returns (uint256 amount) {
        Pool storage p = _pools[provider];
        Position storage d = _positions[provider][msg.sender];
        _settle(p, d);
        amount = d.unclaimed;
        if (amount == 0) revert DelegationNothingToClaim(provider, msg.sender);
        d.unclaimed = 0;
        emit EarningsClaimed(provider, msg.sender, amount);
        // Earnings are credited to this pool in the market; collect them when the balance here runs
        // short. Every credited share is in one place or the other, so the two together cover it.
        if (paymentToken.balanceOf(address(this)) < amount) market.claim();
        paymentToken.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IDelegationPool
    function syncVotes(address provider, address delegator) external nonReentrant {
        _syncVotes(provider, _pools[provider], _positions[provider][delegator], delegator);
    }

    /* PROVIDERS */

    /// @inheritdoc IDelegationPool
    function setDelegatorShare(uint16 bps) external {
        if (bps > _BPS) revert DelegationShareTooHigh(bps);
        Pool storage p = _pools[msg.sender];
        _applyPendingShare(msg.sender, p);
        if (bps >= p.delegatorShareBps) {
            // Better or equal for delegators: at once, and it cancels a scheduled cut.
            p.delegatorShareBps = bps;
            p.pendingShareBps = 0;
            p.pendingAt = 0;
            emit DelegatorShareSet(msg.sender, bps);
        } else {
            // Worse for delegators: only after one unbonding delay, so that a delegator who leaves
            // at once is out (thawing, earning nothing either way) before the cut applies.
            uint256 effectiveAt = block.timestamp + params.unbondingDelay();
            p.pendingShareBps = bps;
            p.pendingAt = SafeCast.toUint40(effectiveAt);
            emit DelegatorShareScheduled(msg.sender, bps, effectiveAt);
        }
    }

    /* STAKING */

    /// @inheritdoc IDelegationPool
    function slash(address provider, uint256 jobId, uint256 amount)
        external
        onlyStaking
        returns (uint256 taken, uint256 activeLeft)
    {
        Pool storage p = _pools[provider];
        uint256 active = p.tokens;
        uint256 thawing = p.thawingTokens;
        uint256 total = active + thawing;
        taken = amount < total ? amount : total;
        if (taken == 0) return (0, active);
        // The thawing side's part rounds down, so it keeps at least one wei unless the whole pool
        // goes.
        uint256 fromThawing = taken * thawing / total;
        uint256 fromActive = taken - fromThawing;
        activeLeft = active - fromActive;
        // Both at most what the slot held.
        p.tokens = uint96(activeLeft);
        p.thawingTokens = uint96(thawing - fromThawing);
        emit DelegationSlashed(provider, jobId, fromActive, fromThawing);
        _token.safeTransfer(msg.sender, taken);
    }

    /// @inheritdoc IDelegationPool
    function shareEarnings(address provider, uint256 earnings) external onlyStaking returns (uint256 shared) {
        Pool storage p = _pools[provider];
        _applyPendingShare(provider, p);
        uint256 poolShares = p.shares;
        // Nobody active to pay (all thawing, or wiped): the provider keeps everything.
        if (poolShares == 0 || p.tokens == 0) return 0;
        shared = earnings * p.delegatorShareBps / _BPS;
        if (shared == 0) return 0;
        // The accumulator rounds down, so claims never exceed the credit. The pool is credited what
        // it assigns, rounded up (never above `shared`, and never below what its positions can
        // claim, summed over payouts); the rest stays the provider's. Otherwise a pool whose shares
        // are very cheap (a conviction that left its active side a few wei: about 1e21 shares per
        // VRT for later delegators) would be credited payouts assigned to nobody, for good.
        uint256 perShare = Math.mulDiv(shared, _ACC_SCALE, poolShares);
        if (perShare == 0) return 0;
        p.rewardPerShare += perShare;
        shared = Math.mulDiv(perShare, poolShares, _ACC_SCALE, Math.Rounding.Ceil);
        emit EarningsShared(provider, earnings, shared);
    }

    /* VIEWS */

    /// @inheritdoc IDelegationPool
    function poolOf(address provider) external view returns (PoolInfo memory) {
        Pool storage p = _pools[provider];
        return PoolInfo({
            tokens: p.tokens,
            shares: p.shares,
            thawingTokens: p.thawingTokens,
            thawingShares: p.thawingShares,
            rewardPerShare: p.rewardPerShare,
            delegatorShareBps: p.delegatorShareBps,
            pendingShareBps: p.pendingShareBps,
            pendingAt: p.pendingAt,
            thawEpoch: p.thawEpoch
        });
    }

    /// @inheritdoc IDelegationPool
    function delegationOf(address provider, address delegator) external view returns (DelegationInfo memory) {
        Position storage d = _positions[provider][delegator];
        return DelegationInfo({
            shares: d.shares,
            thawingShares: d.thawingShares,
            rewardPerSharePaid: d.rewardPerSharePaid,
            unclaimed: d.unclaimed,
            releaseAt: d.releaseAt,
            thawEpoch: d.thawEpoch,
            votes: d.votes
        });
    }

    /// @inheritdoc IDelegationPool
    function balancesOf(address provider, address delegator)
        external
        view
        returns (uint256 active, uint256 thawing, uint256 earnings)
    {
        Pool storage p = _pools[provider];
        Position storage d = _positions[provider][delegator];
        if (d.shares != 0) active = Math.mulDiv(d.shares, p.tokens, p.shares);
        if (d.thawingShares != 0 && d.thawEpoch == p.thawEpoch) {
            thawing = Math.mulDiv(d.thawingShares, p.thawingTokens, p.thawingShares);
        }
        earnings = d.unclaimed + Math.mulDiv(d.shares, p.rewardPerShare - d.rewardPerSharePaid, _ACC_SCALE);
    }

    /// @inheritdoc IDelegationPool
    function delegatorShareOf(address provider) external view returns (uint256) {
        Pool storage p = _pools[provider];
        uint256 pendingAt = p.pendingAt;
        return pendingAt != 0 && block.timestamp >= pendingAt ? p.pendingShareBps : p.delegatorShareBps;
    }

    /* INTERNAL */

    /// @dev Revalues `d` and moves its voting units in Staking to match (`syncVotes`, `withdraw`;
    /// `delegate` and `undelegate` pass the two values with their `Staking.syncDelegation` call).
    function _syncVotes(address provider, Pool storage p, Position storage d, address delegator) private {
        (uint256 before, uint256 value) = _revalue(p, d);
        if (value != before) staking.moveDelegatorVotes(provider, delegator, before, value);
    }

    /// @dev Sets `d`'s recorded votes to what its shares are worth now (active and thawing, rounded
    /// down, as `balancesOf`) and returns the old and new record; the caller moves the difference in
    /// Staking. A slash lowers every position of a pool without touching them (no loop): each is
    /// revalued at its delegator's next action here, or by anyone through `syncVotes`.
    function _revalue(Pool storage p, Position storage d) private returns (uint256 before, uint256 value) {
        uint256 shares = d.shares;
        if (shares != 0) value = Math.mulDiv(shares, p.tokens, p.shares);
        uint256 thawShares = d.thawingShares;
        if (thawShares != 0 && d.thawEpoch == p.thawEpoch) {
            value += Math.mulDiv(thawShares, p.thawingTokens, p.thawingShares);
        }
        before = d.votes;
        if (value != before) d.votes = uint96(value); // at most the pool's tokens, part of the VRT supply (< 2^96)
    }

    /// @dev Moves what `d`'s active shares earned since its last settlement into `unclaimed`, so
    /// that its shares may change. Rounds down: the remainders stay in the pool. The accumulator is
    /// kept per delegator as a snapshot, not as `shares * rewardPerShare` (a "reward debt"): that
    /// product overflows once a pool of a few wei of shares has been paid, and would then lock
    /// every later delegator out.
    function _settle(Pool storage p, Position storage d) private {
        uint256 perShare = p.rewardPerShare;
        uint256 paid = d.rewardPerSharePaid;
        if (perShare == paid) return;
        uint256 shares = d.shares;
        if (shares != 0) {
            d.unclaimed = SafeCast.toUint128(d.unclaimed + Math.mulDiv(shares, perShare - paid, _ACC_SCALE));
        }
        d.rewardPerSharePaid = perShare;
    }

    /// @dev Shares and tokens a side takes in for `amount`: shares rounded down, and of `amount`
    /// the side keeps only what those shares are worth, rounded down. The rest (under one share's
    /// worth) stays in this contract, nobody's. So a side's price (tokens per share) never rises:
    /// no holder gains from another's rounding, and no first delegator can inflate the price. An
    /// empty side (no shares) starts at one token per share and drops leftover remainders.
    function _mint(uint256 tokens, uint256 shares, uint256 amount)
        private
        pure
        returns (uint256 minted, uint256 tokensIn)
    {
        if (shares == 0) return (amount, amount);
        minted = Math.mulDiv(amount, shares, tokens);
        tokensIn = Math.mulDiv(minted, tokens, shares);
    }

    /// @dev What `burned` shares of a side pay (rounded down) and what the side gives up for them
    /// (rounded up, at most `tokens` since `burned <= shares`): the price never rises, as in `_mint`.
    function _burn(uint256 tokens, uint256 shares, uint256 burned)
        private
        pure
        returns (uint256 paid, uint256 tokensOut)
    {
        paid = Math.mulDiv(burned, tokens, shares);
        tokensOut = Math.mulDiv(burned, tokens, shares, Math.Rounding.Ceil);
    }

    /// @dev Moves `amount` undelegated tokens into the thawing side for `d`. A thawing side whose
    /// tokens are gone (slashed or rounded away) while shares remain starts a new epoch: its old
    /// shares are void, and selling new ones into them would hand their holders these tokens.
    function _thaw(address provider, Pool storage p, Position storage d, uint256 amount) private {
        uint256 thawTokens = p.thawingTokens;
        uint256 thawShares = p.thawingShares;
        uint32 epoch = p.thawEpoch;
        if (thawTokens == 0 && thawShares != 0) {
            epoch += 1;
            thawShares = 0;
            p.thawEpoch = epoch;
            emit ThawingSideReset(provider, epoch);
        }
        if (d.thawEpoch != epoch) {
            d.thawingShares = 0;
            d.thawEpoch = epoch;
        }
        (uint256 minted, uint256 tokensIn) = _mint(thawTokens, thawShares, amount);
        if (thawShares == 0) thawTokens = 0;
        p.thawingTokens = SafeCast.toUint96(thawTokens + tokensIn);
        p.thawingShares = thawShares + minted;
        d.thawingShares += minted;
    }

    /// @dev Applies a scheduled cut whose notice has run out (announced by `DelegatorShareScheduled`).
    function _applyPendingShare(address provider, Pool storage p) private {
        uint256 pendingAt = p.pendingAt;
        if (pendingAt == 0 || block.timestamp < pendingAt) return;
        uint16 bps = p.pendingShareBps;
        p.delegatorShareBps = bps;
        p.pendingShareBps = 0;
        p.pendingAt = 0;
        emit DelegatorShareSet(provider, bps);
    }
}

/// @dev The one Staking getter this contract needs beyond IStaking.
interface IMarketOf {
    function market() external view returns (address);
}

/// @dev The one JobMarket getter this contract needs beyond IJobMarket.
interface IPaymentTokenOf {
    function paymentToken() external view returns (IERC20);
}
