// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice The attacks on delegation listed in docs/economics.md ("Delegation"), each shown to fail
/// or to cost what the document says.
contract DelegationAttacksTest is DelegationBase {
    uint256 internal constant PRICE = 50e6;

    function _earned(uint256 price) internal view returns (uint256) {
        return price - price * sys.params.protocolFeeBps() / 10_000;
    }

    /// A provider cuts its delegators' share in the block before a payout: the cut waits one
    /// unbonding delay, so the payout is shared at the announced rate.
    function test_attack_providerCutsTheShareJustBeforeAPayout() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        uint256 jobId = _submitted(dave, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        _setShare(dave, 0);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        assertEq(sys.market.claimable(address(pool)), _earned(PRICE) / 2, "shared at 50% all the same");
    }

    /// A delegator sees a conviction coming and undelegates: the tokens that back the job cannot
    /// leave, and the rest still takes its pro-rata part of the slash while thawing.
    function test_attack_delegatorUndelegatesAheadOfASlash() public {
        _delegate(d1, dave, 1_000e18);
        _delegate(d2, dave, 1_000e18);
        uint256 jobId = _submitted(dave, PRICE); // locks 1,000 of capacity 2,200

        // All of d1's 1,000 would leave capacity 1,200 >= 1,000: allowed, but still slashable.
        _undelegate(d1, dave, 1_000e18);
        // d2 cannot follow: the remaining 1,000 back the job.
        vm.prank(d2);
        vm.expectRevert();
        pool.undelegate(dave, 1_000e18);

        game.open(jobId);
        game.resolve(jobId, false, challenger); // 800 from the pool, 400 from each side
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(d1);
        assertEq(pool.withdraw(dave), 600e18, "the early leaver lost as much as the stayer");
        (uint256 stayer,,) = pool.balancesOf(dave, d2);
        assertEq(stayer, 600e18, "the stayer");
    }

    /// First-depositor inflation: delegate one wei, then donate a fortune to the pool to make the
    /// one share worth it all. Prices come from the pool's counters, not its balance: the donation
    /// is simply lost and the victim's shares are worth what it paid.
    function test_attack_shareInflationByDonationOnAnEmptyPool() public {
        address attacker = makeAddr("attacker");
        _fund(attacker);
        _delegate(attacker, dave, 1);
        vm.prank(attacker);
        sys.token.transfer(address(pool), 100_000e18);

        uint256 shares = _delegate(d1, dave, 1_000e18);
        assertEq(shares, 1_000e18, "the victim pays the fair price");
        (uint256 victim,,) = pool.balancesOf(dave, d1);
        (uint256 attackers,,) = pool.balancesOf(dave, attacker);
        assertEq(victim, 1_000e18, "victim keeps its stake");
        assertEq(attackers, 1, "attacker's wei is still one wei");
    }

    /// Dust: delegating and undelegating tiny amounts at an odd price, over and over, never
    /// returns more than was put in.
    function test_attack_dustRoundTripsNeverPay() public {
        _delegate(d1, dave, 1_000e18 + 3);
        _convicted(dave); // odd price: 100e18 + 3 tokens for 1,000e18 + 3 shares
        address attacker = makeAddr("attacker");
        _fund(attacker);
        uint256 start = sys.token.balanceOf(attacker);
        for (uint256 i = 1; i <= 30; ++i) {
            uint256 shares = _delegate(attacker, dave, 7 * i);
            (uint256 active,,) = pool.balancesOf(dave, attacker);
            if (active == 0) continue;
            _undelegate(attacker, dave, shares);
        }
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        if (pool.delegationOf(dave, attacker).thawingShares != 0) {
            vm.prank(attacker);
            pool.withdraw(dave);
        }
        (uint256 left,,) = pool.balancesOf(dave, attacker);
        assertLe(sys.token.balanceOf(attacker) + left, start, "no profit from rounding");
    }

    /// Reward sniping: delegate just before a payout and leave right after. The sniper gets its
    /// pro-rata part of that one payout, but its tokens thaw one unbonding delay, slashable and
    /// earning nothing: the price is that delay's worth of capital at risk (docs/economics.md).
    function test_attack_rewardSnipingPaysOnlyProRataAndLocksTheCapital() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        uint256 jobId = _submitted(dave, PRICE);
        vm.warp(uint256(sys.market.getJob(jobId).deadline));
        address sniper = makeAddr("sniper");
        _fund(sniper);
        _delegate(sniper, dave, 1_000e18);
        vm.warp(block.timestamp + 1);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        _undelegate(sniper, dave, 1_000e18);
        (,, uint256 sniped) = pool.balancesOf(dave, sniper);
        assertEq(sniped, _earned(PRICE) / 4, "half of the delegators' half");
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        vm.prank(sniper);
        vm.expectRevert(
            abi.encodeWithSelector(IDelegationPool.DelegationStillThawing.selector, dave, sniper, releaseAt)
        );
        pool.withdraw(dave);
    }

    /// A provider with no own stake cannot use delegation to take jobs: the minimum stake is its own.
    function test_attack_providerWithZeroOwnStake() public {
        address zed = makeAddr("zed");
        vm.prank(zed);
        sys.staking.register("{}");
        _delegate(d1, zed, 10_000e18);
        uint256 jobId = _post(_request());
        bytes32 c = sys.market.bidCommitment(jobId, 0, zed, PRICE, _salt(zed, PRICE));
        uint256 minStake = sys.params.minStake();
        vm.prank(zed);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingBelowMinimumStake.selector, zed, 0, minStake));
        sys.market.commitBid(jobId, c);
    }

    /// Delegating to a provider later slashed to zero: the delegator loses its stake, no more, and
    /// the dead pool takes no new delegation that would be diluted into the worthless shares.
    function test_attack_providerSlashedToZero() public {
        _delegate(d1, dave, 800e18);
        _convicted(dave);
        (uint256 active,,) = pool.balancesOf(dave, d1);
        assertEq(active, 0, "all lost");
        assertEq(sys.token.balanceOf(d1), FUNDS - 800e18, "no more than it delegated");
        vm.prank(d2);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationPoolWiped.selector, dave, 800e18));
        pool.delegate(dave, 1e18);
    }

    /// A provider with a tiny own stake and a full pool lies, and its own sybils are the requester
    /// and the challenger: what the sybils receive is refunded to the liar, so only the treasury's
    /// part is a real loss. Own stake must cover that floor (20% of the collateral at devnet's shares)
    /// on every job it locks, and the pool's part of the slash goes to the treasury, never to a sybil:
    /// the liar and its sybils together lose at least the floor, as without delegation.
    function test_attack_tinyOwnStakeFullPoolLiarLosesTheFloor() public {
        _delegate(d1, dave, 100_000e18); // far more than dave's 200 own could ever use
        uint256 floor = _collateral() * 2000 / 10_000;
        assertEq(OWN, floor, "dave stakes exactly the floor of one job");
        int256 before = _liarAndSybils(dave);
        _convicted(dave); // requester and challenger are dave's sybils
        int256 loss = before - _liarAndSybils(dave);
        assertGe(loss, int256(floor), "the liar and its sybils lose the floor");
        assertEq(loss, int256(OWN), "exactly its own stake: nothing of the pool reached a sybil");
        assertEq(_poolTokens(dave), 100_000e18 - 800e18, "the delegators paid the rest, to the treasury");
    }

    /// Two lies in flight at once, own stake exactly the two floors: the first conviction may pay the
    /// sybils only from own stake above the second job's floor, so the second conviction still costs
    /// the liar its floor.
    function test_attack_twoLiesInFlightEachLosesTheFloor() public {
        address mal = _newProvider("mal", 400e18);
        _delegate(d1, mal, 100_000e18);
        uint256 floor = _collateral() * 2000 / 10_000;
        uint256 first = _submitted(mal, MAX_PRICE / 2);
        uint256 second = _submitted(mal, MAX_PRICE / 2);
        vm.prank(address(sys.market));
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingOwnStakeBelowFloor.selector, mal, 400e18, 400e18 + 1));
        sys.staking.lock(mal, 99, 5); // no third job: own stake covers exactly two floors
        int256 before = _liarAndSybils(mal);
        game.open(first);
        game.resolve(first, false, challenger);
        game.open(second);
        game.resolve(second, false, challenger);
        assertGe(before - _liarAndSybils(mal), int256(2 * floor), "two floors lost");
    }

    /// @dev What the liar and the sybils it may control (requester, challenger, the game's pot for
    /// challengers) hold in VRT, plus the liar's own stake.
    function _liarAndSybils(address provider) internal view returns (int256) {
        IStaking.StakeInfo memory s = sys.staking.stakeOf(provider);
        return int256(
            uint256(s.bonded) + s.unbonding + sys.token.balanceOf(provider) + sys.token.balanceOf(requester)
                + sys.token.balanceOf(challenger) + sys.token.balanceOf(address(game))
        );
    }
}
