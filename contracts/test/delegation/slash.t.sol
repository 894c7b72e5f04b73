// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice A slash takes the provider's own stake first (bonded, then unbonding), and only then
/// its pool, pro rata over the active and thawing sides.
contract DelegationSlashTest is DelegationBase {
    function test_slash_ownStakeAloneWhenItSuffices() public {
        address big = _newProvider("big", 5_000e18);
        _delegate(d1, big, 1_000e18);
        _convicted(big);
        assertEq(sys.staking.stakeOf(big).bonded, 4_000e18, "own stake paid");
        assertEq(_poolTokens(big), 1_000e18, "the pool untouched");
    }

    function test_slash_takesThePoolAfterOwnStake() public {
        _delegate(d1, dave, 2_000e18);
        uint256 treasuryBefore = sys.token.balanceOf(treasury);
        uint256 requesterBefore = sys.token.balanceOf(requester);
        uint256 gameBefore = sys.token.balanceOf(address(game));
        uint256 pooled = sys.token.balanceOf(address(pool));
        vm.recordLogs();
        _convicted(dave); // 1,000 = own 200 + 800 pooled
        _assertPoolSlashLogged(dave, 800e18, 0);
        assertEq(sys.staking.stakeOf(dave).bonded, 0, "own stake gone");
        assertEq(pool.poolOf(dave).tokens, 1_200e18, "the pool paid the rest");
        assertEq(sys.token.balanceOf(address(pool)), pooled - 800e18, "tokens left the pool");
        assertEq(sys.staking.delegatedOf(dave), 1_200e18, "mirror follows");
        // Own stake pays the market's recipients in order (treasury 200 first, the penalty floor);
        // the pool's 800 goes to the treasury only, never to a party that could be dave's sybil.
        assertEq(sys.token.balanceOf(treasury) - treasuryBefore, 1_000e18, "treasury: 200 own + 800 pooled");
        assertEq(sys.token.balanceOf(requester) - requesterBefore, 0, "requester: own stake ran out");
        assertEq(sys.token.balanceOf(address(game)) - gameBefore, 0, "challengers' pot: own stake ran out");
    }

    /// A missed deadline's liveness slash is the requester's alone: own stake pays what it can, and
    /// the pool is never touched (it could pay only the treasury, so a provider whose sybil requests
    /// its jobs would burn its delegators' VRT at no cost to itself: RealGame.attacks.t.sol).
    function test_slash_livenessNeverReachesThePool() public {
        _delegate(d1, dave, 2_000e18);
        sys.token.transfer(dave, 10_000e18); // liquid VRT to stake the floor again after each slash
        uint256 missed;
        uint256 requesterBefore = sys.token.balanceOf(requester);
        uint256 treasuryBefore = sys.token.balanceOf(treasury);
        // Misses in a row double the slash up to the whole 1,000 of collateral; own stake is 200.
        for (uint256 i; i < 5; ++i) {
            uint256 bonded = sys.staking.stakeOf(dave).bonded;
            if (bonded < OWN) {
                vm.prank(dave);
                sys.staking.stake(OWN - bonded);
            }
            uint256 jobId = _assigned(dave, MAX_PRICE / 2);
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
            ++missed;
        }
        assertEq(_poolTokens(dave), 2_000e18, "the pool untouched by every liveness slash");
        assertEq(sys.token.balanceOf(treasury), treasuryBefore, "nothing to the treasury");
        assertGt(sys.token.balanceOf(requester) - requesterBefore, 0, "the requester got own stake");
        assertLe(sys.token.balanceOf(requester) - requesterBefore, missed * OWN, "own stake only");
    }

    function test_slash_ownUnbondingStakeGoesBeforeThePool() public {
        address erin = _newProvider("erin", 600e18);
        _delegate(d1, erin, 1_000e18);
        uint256 jobId = _submitted(erin, MAX_PRICE / 2); // locks 1,000 of 1,600
        vm.prank(erin);
        sys.staking.requestUnstake(200e18); // erin tries to get ahead of the slash
        game.open(jobId);
        game.resolve(jobId, false, challenger);
        IStaking.StakeInfo memory s = sys.staking.stakeOf(erin);
        assertEq(s.bonded + s.unbonding, 0, "own bonded and unbonding both gone");
        assertEq(_poolTokens(erin), 600e18, "the pool paid only what own stake could not");
    }

    function test_slash_burnsOnlyTheProvidersOwnVotes() public {
        _delegate(d1, dave, 2_000e18);
        vm.roll(block.number + 1);
        assertEq(sys.staking.getVotes(dave), OWN, "delegated VRT is not the provider's vote");
        _convicted(dave);
        assertEq(sys.staking.getVotes(dave), 0, "own units burned, no more");
    }

    function test_slash_leavesOtherJobsCollateralLocked() public {
        address fay = _newProvider("fay", 400e18);
        _delegate(d1, fay, 1_600e18); // capacity 2,000: two jobs of 1,000, own 400 = both floors
        uint256 first = _submitted(fay, MAX_PRICE / 2);
        uint256 second = _submitted(fay, MAX_PRICE / 2);
        game.open(first);
        // The treasury's 200 from own stake; the requester and the challengers only from own stake
        // above the second job's floor (200), so nothing; the pool's 800 to the treasury.
        game.resolve(first, false, challenger);
        assertEq(sys.staking.stakeOf(fay).locked, _collateral(), "the second job's collateral stays locked");
        assertEq(sys.staking.stakeOf(fay).bonded, 200e18, "own stake kept for the second job's floor");
        assertEq(sys.staking.capacityOf(fay), 1_000e18, "own 200 + the pool's 800");
        assertEq(sys.staking.freeStakeOf(fay), 0, "nothing free");

        uint256 collateral = _collateral();
        vm.prank(d1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStaking.StakingDelegationBacksCollateral.selector, fay, collateral, collateral - 1e18
            )
        );
        pool.undelegate(fay, 2e18); // shares at half a token each

        _finalize(second); // still unlocks and pays
        assertEq(sys.staking.stakeOf(fay).locked, 0, "unlocked");
        _undelegate(d1, fay, 1_600e18);
        assertEq(pool.poolOf(fay).thawingTokens, 800e18, "what is left may leave");
    }

    function _assertPoolSlashLogged(address provider, uint256 fromActive, uint256 fromThawing) private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(pool) || logs[i].topics[0] != IDelegationPool.DelegationSlashed.selector) {
                continue;
            }
            assertEq(logs[i].topics[1], bytes32(uint256(uint160(provider))), "provider");
            (uint256 a, uint256 t) = abi.decode(logs[i].data, (uint256, uint256));
            assertEq(a, fromActive, "fromActive");
            assertEq(t, fromThawing, "fromThawing");
            return;
        }
        fail();
    }
}
