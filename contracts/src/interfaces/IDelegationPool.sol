// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Delegation pools: token holders back providers and share their earnings and their risk
/// @notice Any holder delegates VRT to a registered provider and receives shares of that
/// provider's pool. The pool's active tokens add to the provider's capacity (up to
/// `maxDelegationRatio` times its own bonded stake, see Staking), earn the provider's
/// delegator share of its job earnings in the payment token, and are slashed pro rata after the
/// provider's own stake is gone. Undelegating moves tokens to the pool's thawing side for one
/// unbonding delay, where they still take slashes but earn nothing. See docs/delegation.md.
interface IDelegationPool {
    /// @notice The caller is not Staking, the only contract allowed to slash a pool and credit earnings.
    error DelegationUnauthorized(address caller);
    /// @notice An amount of zero was given, or shares worth zero tokens were undelegated.
    error DelegationZeroAmount();
    /// @notice `amount` VRT would buy no share of the pool (dust): delegate more.
    error DelegationZeroShares(address provider, uint256 amount);
    /// @notice The provider is not registered in Staking; only registered providers take delegation.
    error DelegationProviderNotRegistered(address provider);
    /// @notice The provider's pool was slashed to zero tokens while shares remain: its shares are
    /// worthless and new delegation would be diluted into them. Delegate to another provider.
    error DelegationPoolWiped(address provider, uint256 shares);
    /// @notice The delegator holds `have` active shares of the provider's pool but `want` were asked.
    error DelegationInsufficientShares(address provider, address delegator, uint256 have, uint256 want);
    /// @notice Nothing is thawing for `delegator` in the provider's pool.
    error DelegationNothingThawing(address provider, address delegator);
    /// @notice The thawing tokens are withdrawable only at `releaseAt`.
    error DelegationStillThawing(address provider, address delegator, uint256 releaseAt);
    /// @notice The delegator share `bps` exceeds 100% (10000 basis points).
    error DelegationShareTooHigh(uint256 bps);
    /// @notice `delegator` has no earnings to claim from the provider's pool.
    error DelegationNothingToClaim(address provider, address delegator);

    /// @notice `delegator` delegated `amount` VRT to `provider` for `shares` pool shares.
    event Delegated(address indexed provider, address indexed delegator, uint256 amount, uint256 shares);
    /// @notice `delegator` undelegated `shares` worth `amount` VRT, now thawing (still slashable) until `releaseAt`.
    event Undelegated(
        address indexed provider, address indexed delegator, uint256 shares, uint256 amount, uint256 releaseAt
    );
    /// @notice `delegator` withdrew `amount` VRT of thawed delegation from `provider`'s pool.
    event DelegationWithdrawn(address indexed provider, address indexed delegator, uint256 amount);
    /// @notice `provider`'s thawing side had no tokens left behind its shares (slashed away): those
    /// shares are void, and thawing starts afresh in `epoch`.
    event ThawingSideReset(address indexed provider, uint256 epoch);
    /// @notice `provider`'s pool lost `fromActive` active and `fromThawing` thawing VRT to a slash of `jobId`.
    event DelegationSlashed(address indexed provider, uint256 indexed jobId, uint256 fromActive, uint256 fromThawing);
    /// @notice Of `earnings` (payment token) `provider` made on a job, `shared` went to its delegators.
    event EarningsShared(address indexed provider, uint256 earnings, uint256 shared);
    /// @notice `delegator` claimed `amount` of payment token earned in `provider`'s pool.
    event EarningsClaimed(address indexed provider, address indexed delegator, uint256 amount);
    /// @notice `provider`'s delegator share is `bps` from now on.
    event DelegatorShareSet(address indexed provider, uint256 bps);
    /// @notice `provider` lowered its delegator share to `bps`, effective at `effectiveAt` (one unbonding delay's notice).
    event DelegatorShareScheduled(address indexed provider, uint256 bps, uint256 effectiveAt);

    /// @notice One provider's pool.
    struct PoolInfo {
        uint256 tokens; // active VRT: adds to capacity, earns, slashable
        uint256 shares; // active shares
        uint256 thawingTokens; // undelegated VRT waiting out the unbonding delay: slashable, earns nothing
        uint256 thawingShares; // shares of the thawing side
        uint256 rewardPerShare; // cumulative payment-token wei per active share, scaled by 1e36
        uint16 delegatorShareBps; // share of the provider's job earnings paid to delegators, now
        uint16 pendingShareBps; // a lower share scheduled by the provider
        uint40 pendingAt; // when `pendingShareBps` applies; 0 if nothing is scheduled
        uint32 thawEpoch; // bumped when the thawing side is found without tokens but with shares: those are void
    }

    /// @notice One delegator's position in one provider's pool.
    struct DelegationInfo {
        uint256 shares; // active shares
        uint256 thawingShares; // shares of the thawing side
        uint256 rewardPerSharePaid; // the pool's rewardPerShare when last settled
        uint256 unclaimed; // earnings settled and not yet claimed
        uint40 releaseAt; // when the thawing shares can be withdrawn
        uint32 thawEpoch; // the pool's thawEpoch the thawing shares belong to
        uint96 votes; // the VRT this position votes with in Staking: its value at its last revaluation
    }

    /// @notice Delegate `amount` VRT (pulled from the caller, who must have approved it) to `provider`.
    /// Rounds the shares down, in the pool's favour (the remainder, under one share's worth, is
    /// assigned to nobody). Returns the shares received.
    function delegate(address provider, uint256 amount) external returns (uint256 shares);
    /// @notice Start undelegating `shares` of the caller's active shares in `provider`'s pool: their
    /// VRT (rounded down) stops earning and thaws for one unbonding delay, slashable all along.
    /// Adding to a thawing amount restarts its delay. Reverts while the tokens back locked collateral.
    function undelegate(address provider, uint256 shares) external returns (uint256 amount);
    /// @notice Withdraw the caller's thawed VRT from `provider`'s pool once its delay has passed
    /// (less any slash taken while thawing).
    function withdraw(address provider) external returns (uint256 amount);
    /// @notice Claim the caller's earnings (payment token) from `provider`'s pool.
    function claimEarnings(address provider) external returns (uint256 amount);
    /// @notice Revalue `delegator`'s position in `provider`'s pool and move its voting units to match
    /// (anyone may call it: after a slash of the pool, positions vote with their old value until
    /// their delegator acts or someone calls this).
    function syncVotes(address provider, address delegator) external;
    /// @notice Set the share of the caller's job earnings (basis points) paid to its delegators. A
    /// raise applies at once; a cut applies after one unbonding delay, so that delegators can leave
    /// before it bites.
    function setDelegatorShare(uint16 bps) external;

    /// @notice Take up to `amount` VRT from `provider`'s pool, pro rata from its active and thawing
    /// sides, and send it to Staking (Staking only). Returns what was taken and the active tokens left.
    function slash(address provider, uint256 jobId, uint256 amount) external returns (uint256 taken, uint256 activeLeft);
    /// @notice Credit the delegators' share of `earnings` (payment token, credited to this pool in the
    /// job market by the caller's market) to `provider`'s pool (Staking only). Returns the share.
    function shareEarnings(address provider, uint256 earnings) external returns (uint256 shared);

    /// @notice The pool of `provider`.
    function poolOf(address provider) external view returns (PoolInfo memory);
    /// @notice The position of `delegator` in `provider`'s pool.
    function delegationOf(address provider, address delegator) external view returns (DelegationInfo memory);
    /// @notice What `delegator` could get out of `provider`'s pool now: active and thawing VRT (rounded
    /// down) and unclaimed earnings.
    function balancesOf(address provider, address delegator)
        external
        view
        returns (uint256 active, uint256 thawing, uint256 earnings);
    /// @notice The delegator share (basis points) that applies to `provider`'s next earnings.
    function delegatorShareOf(address provider) external view returns (uint256);
}
