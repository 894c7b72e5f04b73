// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";
import {DelegationPool} from "../../src/staking/DelegationPool.sol";

/// @notice Drives delegation pools through random delegations, undelegations, withdrawals, slashes
/// (through Staking's real slash path), earnings (through Staking's real release path) and claims,
/// and keeps the ghost totals the invariants compare against.
contract DelegationHandler is CommonBase, StdCheats, StdUtils {
    DeploySystem.System internal sys;
    DelegationPool internal pool;
    TestStablecoin internal usd;

    address[] public providers;
    address[] public delegators;

    /// @notice Payment token credited to delegators (minted to the pool, as the market would credit it).
    uint256 public ghostShared;
    /// @notice Payment token paid out by `claimEarnings`.
    uint256 public ghostClaimed;
    /// @notice VRT each delegator put in and took out.
    mapping(address => uint256) public ghostDeposited;
    mapping(address => uint256) public ghostWithdrawn;

    constructor(DeploySystem.System memory sys_, address[] memory providers_, address[] memory delegators_) {
        sys = sys_;
        pool = sys_.delegationPool;
        usd = TestStablecoin(address(sys_.paymentToken));
        providers = providers_;
        delegators = delegators_;
    }

    function delegate(uint256 p, uint256 d, uint256 amount) external {
        address provider = providers[p % providers.length];
        address delegator = delegators[d % delegators.length];
        amount = bound(amount, 1, 10_000e18);
        if (sys.token.balanceOf(delegator) < amount) return;
        vm.prank(delegator);
        try pool.delegate(provider, amount) {
            ghostDeposited[delegator] += amount;
        } catch {} // a wiped pool refuses: fine
    }

    function undelegate(uint256 p, uint256 d, uint256 fraction) external {
        address provider = providers[p % providers.length];
        address delegator = delegators[d % delegators.length];
        uint256 shares = pool.delegationOf(provider, delegator).shares;
        if (shares == 0) return;
        uint256 part = bound(fraction, 1, shares);
        vm.prank(delegator);
        try pool.undelegate(provider, part) {} catch {} // worth zero: refused
    }

    function withdraw(uint256 p, uint256 d) external {
        address provider = providers[p % providers.length];
        address delegator = delegators[d % delegators.length];
        if (pool.delegationOf(provider, delegator).thawingShares == 0) return;
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(delegator);
        ghostWithdrawn[delegator] += pool.withdraw(provider);
    }

    function slash(uint256 p, uint256 amount) external {
        address provider = providers[p % providers.length];
        amount = bound(amount, 0, 20_000e18);
        address[] memory r = new address[](1);
        uint256[] memory a = new uint256[](1);
        (r[0], a[0]) = (address(0xdead), amount);
        vm.prank(address(sys.market));
        sys.staking.slash(provider, 0, 0, r, a);
    }

    function earn(uint256 p, uint256 earnings, uint16 bps) external {
        address provider = providers[p % providers.length];
        vm.prank(provider);
        pool.setDelegatorShare(uint16(bound(bps, 0, 10_000)));
        earnings = bound(earnings, 0, 1e15);
        vm.prank(address(sys.market));
        (, uint256 shared) = sys.staking.release(provider, 0, 0, earnings);
        usd.mint(address(pool), shared);
        ghostShared += shared;
    }

    function claim(uint256 p, uint256 d) external {
        address provider = providers[p % providers.length];
        address delegator = delegators[d % delegators.length];
        (,, uint256 earned) = pool.balancesOf(provider, delegator);
        if (earned == 0) return;
        vm.prank(delegator);
        ghostClaimed += pool.claimEarnings(provider);
    }

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function delegatorCount() external view returns (uint256) {
        return delegators.length;
    }
}
