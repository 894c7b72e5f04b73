// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Provider staking
/// @notice Providers bond the protocol token. Free stake can be locked as job
/// collateral by the job market, or requested for withdrawal through an
/// unbonding delay. A slash reaches bonded (locked or free) and unbonding stake
/// alike, so nobody escapes a slash by unbonding.
interface IStaking {
    /// @notice The caller is not the job market, the only contract allowed to lock, unlock and slash.
    error StakingUnauthorized(address caller);
    /// @notice The protocol contracts were already wired.
    error StakingAlreadyWired();
    /// @notice An amount of zero was given where a positive amount is required.
    error StakingZeroAmount();
    /// @notice The provider has `free` unlocked bonded stake but `need` is required.
    error StakingInsufficientFreeStake(address provider, uint256 free, uint256 need);
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
    /// @notice `amount` was slashed from `provider` for `jobId` and paid to `recipient`.
    event Slashed(address indexed provider, uint256 indexed jobId, uint256 amount, address indexed recipient);

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
    /// @notice Unlock `collateral` for `jobId` and slash `amount` of it (capped at the provider's stake)
    /// to each recipient in turn (job market only). Returns the total slashed.
    function slash(
        address provider,
        uint256 jobId,
        uint256 collateral,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external returns (uint256 slashed);

    /// @notice The stake of `provider`.
    function stakeOf(address provider) external view returns (StakeInfo memory);
    /// @notice Bonded stake that is not locked.
    function freeStakeOf(address provider) external view returns (uint256);
    /// @notice Whether `provider` may bid: registered and bonded at least the minimum stake.
    function isEligible(address provider) external view returns (bool);
    /// @notice The protocol token staked here.
    function token() external view returns (address);
}
