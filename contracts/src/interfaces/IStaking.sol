// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Provider staking
/// @notice Providers bond the protocol token. Free stake can be locked as job
/// collateral by the job market, or requested for withdrawal through an
/// unbonding delay. A slash reaches bonded (locked or free) and unbonding stake
/// alike, so nobody escapes a slash by unbonding; only when both are gone does it
/// reach the provider's delegation pool. Delegated stake adds to a provider's
/// capacity up to a cap per unit of its own stake.
interface IStaking {
    /// @notice The caller is not the job market, the only contract allowed to lock, unlock and slash.
    error StakingUnauthorized(address caller);
    /// @notice The protocol contracts were already wired.
    error StakingAlreadyWired();
    /// @notice An amount of zero was given where a positive amount is required.
    error StakingZeroAmount();
    /// @notice The provider has `free` unlocked bonded stake but `need` is required.
    error StakingInsufficientFreeStake(address provider, uint256 free, uint256 need);
    /// @notice Locking would leave the provider's own bonded stake `have` below `need`, the part of a
    /// fraud slash of all its locked collateral that goes to the treasury: delegation adds capacity,
    /// but a provider's own stake must always cover that floor. Stake more, or take a smaller job.
    error StakingOwnStakeBelowFloor(address provider, uint256 have, uint256 need);
    /// @notice The provider's bonded stake `have` is below the minimum stake `need`.
    error StakingBelowMinimumStake(address provider, uint256 have, uint256 need);
    /// @notice The provider is not registered.
    error StakingNotRegistered(address provider);
    /// @notice The provider is already registered.
    error StakingAlreadyRegistered(address provider);
    /// @notice Nothing is unbonding for the provider.
    error StakingNothingUnbonding(address provider);
    /// @notice The unbonding stake is released only at `releaseAt`.
    error StakingStillUnbonding(address provider, uint256 releaseAt);
    /// @notice More would be unlocked than is locked.
    error StakingUnlockExceedsLocked(address provider, uint256 locked, uint256 amount);
    /// @notice An amount does not fit the 96 bits stake is stored in.
    error StakingAmountTooLarge(uint256 amount);
    /// @notice The caller is not the delegation pool.
    error StakingNotDelegationPool(address caller);
    /// @notice Undelegating would leave the provider's `locked` collateral above its capacity
    /// `capacity` (own stake plus capped delegation): these tokens back jobs in flight.
    error StakingDelegationBacksCollateral(address provider, uint256 locked, uint256 capacity);

    /// @notice A provider registered with its metadata (endpoint, hardware, models served; JSON).
    event ProviderRegistered(address indexed provider, string metadata);
    /// @notice A provider changed its metadata.
    event ProviderMetadataUpdated(address indexed provider, string metadata);
    /// @notice `amount` was bonded by `provider`; `bonded` is its new bonded total.
    event Staked(address indexed provider, uint256 amount, uint256 bonded);
    /// @notice `amount` moved from bonded to unbonding, withdrawable at `releaseAt`; `unbonding` is the new total.
    event UnstakeRequested(address indexed provider, uint256 amount, uint256 unbonding, uint256 releaseAt);
    /// @notice `amount` of unbonded stake was withdrawn to the provider.
    event Withdrawn(address indexed provider, uint256 amount);
    /// @notice `amount` of free stake was locked as collateral for `jobId`.
    event StakeLocked(address indexed provider, uint256 indexed jobId, uint256 amount);
    /// @notice `amount` of collateral for `jobId` was unlocked.
    event StakeUnlocked(address indexed provider, uint256 indexed jobId, uint256 amount);
    /// @notice `amount` of `provider`'s own stake was slashed for `jobId` and paid to `recipient`. What
    /// the provider's delegation pool paid (to the treasury) is the pool's `DelegationSlashed`.
    event Slashed(address indexed provider, uint256 indexed jobId, uint256 amount, address indexed recipient);
    /// @notice The delegation pool was wired.
    event DelegationPoolWired(address pool);
    /// @notice `provider`'s active delegated stake is now `delegated`.
    event DelegationSynced(address indexed provider, uint256 delegated);
    /// @notice `delegator`'s position in `provider`'s pool was revalued from `before` to `after_` VRT,
    /// and its voting units (here, through `delegates(delegator)`) moved with it.
    event DelegatorVotesMoved(address indexed provider, address indexed delegator, uint256 before, uint256 after_);

    /// @notice The stake of one provider.
    struct StakeInfo {
        uint96 bonded; // includes `locked`
        uint96 locked; // collateral of jobs in flight
        uint96 unbonding; // requested for withdrawal, still slashable
        uint40 releaseAt; // when `unbonding` can be withdrawn
        bool registered;
    }

    /// @notice Register the caller as a provider with `metadata` (JSON: endpoint, hardware, models served).
    function register(string calldata metadata) external;
    /// @notice Replace the caller's provider metadata.
    function updateMetadata(string calldata metadata) external;
    /// @notice Bond `amount` of the protocol token (pulled from the caller, who must have approved it).
    function stake(uint256 amount) external;
    /// @notice Move `amount` of free bonded stake to unbonding. Adding to an unbonding amount restarts its delay.
    function requestUnstake(uint256 amount) external;
    /// @notice Withdraw the caller's unbonded stake once its delay has passed.
    function withdraw() external;

    /// @notice Lock `amount` of the provider's free stake as collateral for `jobId` (job market only).
    /// @dev Reverts unless the provider is registered and keeps at least the minimum stake.
    function lock(address provider, uint256 jobId, uint256 amount) external;
    /// @notice Unlock `amount` of the provider's collateral for `jobId` (job market only).
    function unlock(address provider, uint256 jobId, uint256 amount) external;
    /// @notice Unlock `collateral` for `jobId`, delivered and paid with `earnings` (payment token),
    /// and return the part of the earnings owed to the provider's delegators and the pool to credit
    /// it to (job market only). Nothing is owed (zero, zero) when the provider has no delegation.
    function release(address provider, uint256 jobId, uint256 collateral, uint256 earnings)
        external
        returns (address pool, uint256 delegatorsShare);
    /// @notice Record `provider`'s active delegated stake `delegated` and move `delegator`'s voting
    /// units for its position in that pool from `votesBefore` to `votesAfter` VRT, as
    /// `moveDelegatorVotes` does (nothing moves when they are equal), in one call (delegation pool
    /// only, on a delegation or an undelegation). A decrease of `delegated` reverts if the
    /// collateral locked would exceed the capacity left.
    function syncDelegation(
        address provider,
        uint256 delegated,
        address delegator,
        uint256 votesBefore,
        uint256 votesAfter
    ) external;
    /// @notice Move `delegator`'s voting units for its position in `provider`'s pool from `before` to
    /// `after_` VRT (delegation pool only). The first units go to the delegate of its liquid VRT (or
    /// itself), as on a first stake; the delegator moves them later with `delegate` here.
    function moveDelegatorVotes(address provider, address delegator, uint256 before, uint256 after_) external;
    /// @notice Unlock `collateral` for `jobId` and slash `amount` of it to each recipient in turn, from
    /// the provider's own stake (job market only); own stake that backs the penalty floors of other
    /// jobs in flight goes to the treasury only. What own stake cannot pay comes out of the delegation
    /// pool and goes to the treasury. Returns the total slashed.
    function slash(
        address provider,
        uint256 jobId,
        uint256 collateral,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external returns (uint256 slashed);

    /// @notice The stake of `provider`.
    function stakeOf(address provider) external view returns (StakeInfo memory);
    /// @notice Capacity not locked: own bonded stake plus active delegation (capped at
    /// `maxDelegationRatio` times own bonded stake) minus locked collateral.
    function freeStakeOf(address provider) external view returns (uint256);
    /// @notice What can back `provider`'s collateral: own bonded stake plus active delegated stake,
    /// the latter capped at `maxDelegationRatio` times the former.
    function capacityOf(address provider) external view returns (uint256);
    /// @notice `provider`'s active delegated stake (all of it, whether or not under the cap).
    function delegatedOf(address provider) external view returns (uint256);
    /// @notice The delegation pool, or zero before it is wired.
    function delegationPool() external view returns (address);
    /// @notice Whether `provider` may bid: registered and bonded at least the minimum stake.
    function isEligible(address provider) external view returns (bool);
    /// @notice The protocol token staked here.
    function token() external view returns (address);
}
