// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {EconomicsFixture} from "../economics/EconomicsFixture.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {DenseModel} from "../dispute/utils/DenseModel.sol";
import {DelegationPool} from "../../src/staking/DelegationPool.sol";
import {IDelegationPool} from "../../src/interfaces/IDelegationPool.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

/// @notice Attacks on delegation through the REAL dispute game in the REAL job market, with real
/// Staking, DelegationPool, VRT and Parameters (devnet parameters: unbonding delay 1 h, challenge
/// window and move timeout 60 s, fraud slash 100%, challenger 50%, requester 30%, so a 1,000 VRT job
/// has a 200 VRT own-stake floor). Each test asserts that the defence holds and prices the attack.
/// `dave` stakes exactly that floor, so delegation decides what he can take on.
contract RealGameDelegationAttacksTest is EconomicsFixture {
    uint256 internal constant OWN = 200e18;
    uint256 internal constant COLLATERAL = 1_000e18; // a job of MAX_PRICE at the devnet collateral ratio
    uint256 internal constant PRICE = MAX_PRICE * 60 / 100; // what `_realJob` bids
    uint256 internal constant FUNDS = 1_000_000e18;

    DelegationPool internal pool;
    address internal dave;
    address internal d1 = makeAddr("delegator1");
    address internal d2 = makeAddr("delegator2");
    address internal d3 = makeAddr("delegator3");

    function setUp() public override {
        _deploy(false);
        pool = sys.delegationPool;
        dave = _newProvider("dave", OWN);
        _fund(d1);
        _fund(d2);
        _fund(d3);
    }

    /* HELPERS */

    /// @dev Funds `who` with liquid VRT that votes for itself, approved to the pool.
    function _fund(address who) internal {
        sys.token.transfer(who, FUNDS);
        vm.startPrank(who);
        sys.token.approve(address(pool), type(uint256).max);
        sys.token.delegate(who);
        vm.stopPrank();
    }

    function _delegate(address who, address provider, uint256 amount) internal returns (uint256 shares) {
        vm.prank(who);
        shares = pool.delegate(provider, amount);
    }

    function _undelegate(address who, address provider, uint256 shares) internal returns (uint256 amount) {
        vm.prank(who);
        amount = pool.undelegate(provider, shares);
    }

    function _withdraw(address who, address provider) internal returns (uint256 amount) {
        vm.prank(who);
        amount = pool.withdraw(provider);
    }

    function _setShare(address provider, uint16 bps) internal {
        vm.prank(provider);
        pool.setDelegatorShare(bps);
    }

    function _active(address provider, address who) internal view returns (uint256 active) {
        (active,,) = pool.balancesOf(provider, who);
    }

    function _thawing(address provider, address who) internal view returns (uint256 thawing) {
        (, thawing,) = pool.balancesOf(provider, who);
    }

    function _earnings(address provider, address who) internal view returns (uint256 earnings) {
        (,, earnings) = pool.balancesOf(provider, who);
    }

    /// @dev What a provider earns on a job at `price`: the price less the protocol fee.
    function _earned(uint256 price) internal view returns (uint256) {
        return price - price * sys.params.protocolFeeBps() / 10_000;
    }

    /// @dev An honest job of `provider` on the real model, finalized after its challenge window.
    function _paidJob(address provider) internal returns (uint256 jobId) {
        jobId = _realJob(MAX_PRICE, provider, _honest);
        _finalizeHonest(jobId);
    }

    function _finalizeHonest(uint256 jobId) internal {
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        bytes memory output = _honest[_honest.length - 1];
        sys.market.finalize(jobId, keccak256(output), DenseModel.traceRoot(DenseModel.hashes(_honest)), output);
    }

    /// @dev A lying job of `provider`, challenged and convicted by the real game.
    function _convictedJob(address provider) internal returns (uint256 jobId) {
        jobId = _realJob(MAX_PRICE, provider, _lie);
        _convict(_challenge(jobId, challenger, _lie));
        _assertStatus(jobId, JobStatus.Rejected);
    }

    function _poolTokens(address provider) internal view returns (uint256) {
        IDelegationPool.PoolInfo memory p = pool.poolOf(provider);
        return p.tokens + p.thawingTokens;
    }

    /// @dev Liquid plus staked votes, as VerityVotes adds them.
    function _votes(address who) internal view returns (uint256) {
        return sys.token.getVotes(who) + sys.staking.getVotes(who);
    }

    function _pastVotes(address who, uint256 blockNumber) internal view returns (uint256) {
        return sys.token.getPastVotes(who, blockNumber) + sys.staking.getPastVotes(who, blockNumber);
    }

    /* THE ISSUE'S LIST */

    /// Reward sniping: delegate just before a finalize, undelegate right after. The sniper is paid
    /// its pro-rata part of that one payout and nothing more, and its VRT then thaws one unbonding
    /// delay, slashable: a lie convicted meanwhile takes from it as from the stayer.
    /// Price at devnet parameters: 1,000 VRT next to 1,000 others at a 50% share of a 60 tUSD job
    /// earns 14.85 tUSD; one conviction in the thawing hour costs it 400 VRT. In production the
    /// thawing period is 14 days of the same exposure, earning nothing.
    function test_attack_rewardSnipingAroundARealFinalize() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        uint256 jobId = _realJob(MAX_PRICE, dave, _honest);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        uint256 shares = _delegate(d2, dave, 1_000e18); // the block before the payout
        uint256 credited = sys.market.claimable(address(pool));
        _finalizeHonest(jobId);
        uint256 shared = sys.market.claimable(address(pool)) - credited;
        assertEq(shared, _earned(PRICE) / 2, "the pool is credited the announced 50%");
        _undelegate(d2, dave, shares); // right after

        uint256 sniped = _earnings(dave, d2);
        assertLe(sniped, shared / 2, "the sniper is paid at most its pro-rata half");
        assertGe(sniped + 1, shared / 2, "and no less, to a wei");
        assertEq(_earnings(dave, d1), sniped, "the stayer earned the same");
        uint256 releaseAt = block.timestamp + sys.params.unbondingDelay();
        vm.prank(d2);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationStillThawing.selector, dave, d2, releaseAt));
        pool.withdraw(dave);

        // A lie convicted while the sniper thaws: 800 from the pool, 400 from each side.
        _convictedJob(dave);
        assertEq(_thawing(dave, d2), 600e18, "the sniper's thawing VRT took its pro-rata part");
        assertEq(_active(dave, d1), 600e18, "as the stayer's");
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        assertEq(_withdraw(d2, dave), 600e18);
        vm.prank(d2);
        assertEq(pool.claimEarnings(dave), sniped, "what sniping paid");
        console2.log("sniper earned (tUSD units)", sniped);
        console2.log("sniper lost (VRT wei)", uint256(400e18));
    }

    /// Undelegating with a lie submitted and a dispute open: the tokens that back the job cannot
    /// leave at all; the rest may, but thaw for longer than the game can take to convict
    /// (Parameters requires unbondingDelay > challengeWindow + longestDispute), so they take the same
    /// fraction of the slash as the stayers. Gain: none; cost: the earnings of the thawing period.
    function test_attack_undelegateWithTheDisputeOpen() public {
        _delegate(d1, dave, 800e18);
        _delegate(d2, dave, 4_000e18);
        uint256 jobId = _realJob(MAX_PRICE, dave, _lie); // locks 1,000: 200 own, 800 delegated
        uint256 id = _challenge(jobId, challenger, _lie);
        uint256 undelegatedAt = block.timestamp;

        _undelegate(d2, dave, pool.delegationOf(dave, d2).shares); // capacity 200 + 800: still 1,000
        vm.prank(d1);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.StakingDelegationBacksCollateral.selector, dave, COLLATERAL, COLLATERAL - 1)
        );
        pool.undelegate(dave, 1);

        // The game runs to its longest: the provider and the challenger each move at their deadline.
        vm.warp(game.getDispute(id).deadline);
        _respond(id);
        vm.warp(game.getDispute(id).deadline);
        uint256 releaseAt = undelegatedAt + sys.params.unbondingDelay();
        vm.prank(d2);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationStillThawing.selector, dave, d2, releaseAt));
        pool.withdraw(dave);
        _prove(id, LIE_ELEMENT);
        _assertStatus(jobId, JobStatus.Rejected);

        // 800 of 4,800: one sixth of each side.
        uint256 leaver = _thawing(dave, d2);
        uint256 stayer = _active(dave, d1);
        assertApproxEqAbs(leaver, 4_000e18 - 4_000e18 / uint256(6), 2, "the leaver lost a sixth");
        assertApproxEqAbs(stayer, 800e18 - 800e18 / uint256(6), 2, "as the stayer");
        assertLe(leaver * 800e18, (stayer + 1) * 4_000e18, "leaving did not lose a smaller fraction");
    }

    /// The same leaver, but undelegating as soon as the lying job is assigned, before its result:
    /// the thawing clock then starts before the execution window, which Parameters' unbonding check
    /// (delay > challengeWindow + longestDispute) does not count. At devnet parameters (execution up
    /// to 1 h, challenge 60 s, two 60 s moves: 3,780 s against a 3,600 s delay) the leaver withdraws
    /// before the conviction, and the stayers who back the job pay the pool's whole part.
    /// What holds: the treasury still receives the whole slash (the backing tokens could not leave),
    /// and nobody loses more than the tokens it has in the pool at the slash. Price: the leaver saves
    /// its pro-rata part (667 of its 4,000 VRT here), the stayer pays 800 instead of 133. In
    /// production the margin is 14 days against 1 + 2 + 3 days, so this needs governance to raise
    /// maxExecutionWindow or lower the unbonding delay past it.
    function test_attack_undelegateBeforeTheResultWithdrawsBeforeTheConviction() public {
        _delegate(d1, dave, 800e18);
        _delegate(d2, dave, 4_000e18);
        uint256 treasuryBefore = sys.token.balanceOf(treasury);
        uint256 jobId = _postReal(MAX_PRICE, false);
        _win(jobId, dave, PRICE);
        _undelegate(d2, dave, pool.delegationOf(dave, d2).shares);
        uint256 releaseAt = pool.delegationOf(dave, d2).releaseAt;

        vm.warp(sys.market.getJob(jobId).deadline); // the lie comes at the end of the execution window
        _submitTrace(jobId, dave, _lie);
        vm.warp(sys.market.getJob(jobId).deadline); // the challenge at the end of its window
        uint256 id = _challenge(jobId, challenger, _lie);
        vm.warp(game.getDispute(id).deadline);
        _respond(id);
        vm.warp(game.getDispute(id).deadline);
        assertGe(block.timestamp, releaseAt, "the leaver's delay ran out before the conviction");
        assertEq(_withdraw(d2, dave), 4_000e18, "the leaver takes everything out");
        _prove(id, LIE_ELEMENT);

        assertEq(_active(dave, d1), 0, "the stayers backing the job pay the pool's part");
        assertEq(sys.token.balanceOf(treasury) - treasuryBefore, COLLATERAL, "the treasury got the whole slash");
        uint256 longest = sys.params.maxExecutionWindow() + sys.params.challengeWindow() + sys.params.longestDispute();
        assertGt(longest, sys.params.unbondingDelay(), "devnet: execution + challenge + dispute > unbonding");
    }

    /// A provider cuts its delegators' share in the block before a payout: the real finalize still
    /// shares at the old rate (a cut waits one unbonding delay, announced). A raise applies at once
    /// and cancels the cut. Gain from the late cut: none. A cut announced a delay ahead is the
    /// provider's right, and every delegator can be out (thawing, earning nothing) before it bites.
    function test_attack_providerCutsOrRaisesTheShareJustBeforeAPayout() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 1_000e18);
        uint256 jobId = _realJob(MAX_PRICE, dave, _honest);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        _setShare(dave, 0);
        uint256 credited = sys.market.claimable(address(pool));
        _finalizeHonest(jobId);
        assertEq(sys.market.claimable(address(pool)) - credited, _earned(PRICE) / 2, "shared at 50% all the same");

        // A raise before the next payout applies to it, and cancels the scheduled cut.
        _setShare(dave, 10_000);
        assertEq(pool.poolOf(dave).pendingAt, 0, "the cut is cancelled");
        credited = sys.market.claimable(address(pool));
        _paidJob(dave);
        assertEq(sys.market.claimable(address(pool)) - credited, _earned(PRICE), "shared at 100%");

        // The cut, a full delay later, applies to the payout after it.
        _setShare(dave, 0);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        credited = sys.market.claimable(address(pool));
        _paidJob(dave);
        assertEq(sys.market.claimable(address(pool)) - credited, 0, "the announced cut, once due");
    }

    /// First-depositor inflation and dust, then a real conviction at an odd price: the attacker's
    /// wei and its 100,000 VRT donation buy it nothing (prices come from the counters, not the
    /// balance); the victim's shares lose exactly the slash's fraction; dust round trips at the odd
    /// price end with no more than they began. Cost: the donation; gain: none.
    function test_attack_firstDepositorInflationAndDustAcrossAConviction() public {
        address attacker = makeAddr("attacker");
        _fund(attacker);
        _delegate(attacker, dave, 1);
        vm.prank(attacker);
        sys.token.transfer(address(pool), 100_000e18);
        assertEq(_delegate(d1, dave, 1_000e18), 1_000e18, "the victim buys a share per token");

        _convictedJob(dave); // 800 of 1,000e18 + 1 wei: the price drops to about 0.2
        uint256 victim = _active(dave, d1);
        assertApproxEqAbs(victim, 200e18, 1, "the victim keeps its fraction");

        uint256 before = sys.token.balanceOf(attacker);
        uint256 ops;
        for (uint256 i = 1; i <= 30; ++i) {
            uint256 shares = _delegate(attacker, dave, i);
            ++ops;
            if (shares > 1) {
                vm.prank(attacker);
                try pool.undelegate(dave, shares - 1) {
                    ++ops;
                } catch {}
            }
        }
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(attacker);
        try pool.withdraw(dave) {} catch {}
        uint256 left = _active(dave, attacker);
        assertLe(sys.token.balanceOf(attacker) + left, before, "dust round trips never pay");
        // Each operation at an odd price leaves its remainder (under a wei) to nobody, out of the
        // side: the price never rises, but it may fall by a wei per transaction, shared by every holder.
        assertGe(_active(dave, d1) + ops, victim, "the victim loses at most a wei per attacker transaction");
        console2.log("attacker transactions", ops);
        console2.log("victim's loss (VRT wei)", victim - _active(dave, d1));
        assertGe(sys.token.balanceOf(address(pool)) - 100_000e18, _poolTokens(dave), "the pool covers its counters");
    }

    /// A registered provider with no stake of its own takes 10,000 VRT of delegation: its capacity is
    /// zero (a multiple of own stake) and it cannot bid. Gain: none; the delegators earn nothing.
    function test_attack_providerWithZeroOwnStake() public {
        address zed = makeAddr("zed");
        vm.prank(zed);
        sys.staking.register("{}");
        _delegate(d1, zed, 10_000e18);
        assertEq(sys.staking.capacityOf(zed), 0, "no own stake, no capacity");
        assertFalse(sys.staking.isEligible(zed));
        uint256 jobId = _postReal(MAX_PRICE, false);
        uint8 round = sys.market.getJob(jobId).round;
        bytes32 c = sys.market.bidCommitment(jobId, round, zed, PRICE, _salt(zed, PRICE));
        vm.prank(zed);
        vm.expectRevert();
        sys.market.commitBid(jobId, c);
    }

    /// Delegating to a provider the real game then slashes to zero: own 200 and the pool's 800 pay the
    /// 1,000 VRT slash, all to the treasury; the delegator loses its 800 and no more; the dead pool
    /// refuses new delegation (it would be diluted into worthless shares); the provider stays
    /// registered, and its votes and the delegator's, once synced, are gone with the VRT. The honest
    /// challenger's reward is what own stake could pay after the treasury's floor: nothing here.
    function test_attack_providerSlashedToZeroByTheRealGame() public {
        _delegate(d1, dave, 800e18);
        uint256 treasuryBefore = sys.token.balanceOf(treasury);
        uint256 jobId = _realJob(MAX_PRICE, dave, _lie);
        uint256 pot = _convict(_challenge(jobId, challenger, _lie));
        assertEq(sys.token.balanceOf(treasury) - treasuryBefore, COLLATERAL, "all 1,000 to the treasury");
        assertEq(pot, 0, "the challenger's share: own stake above the floor, none");
        assertEq(sys.staking.stakeOf(dave).bonded, 0);
        assertEq(_active(dave, d1), 0, "the delegator lost its 800");
        assertEq(sys.token.balanceOf(d1), FUNDS - 800e18, "and no more");
        assertTrue(sys.staking.stakeOf(dave).registered, "registration is never undone");
        assertEq(sys.staking.delegatedOf(dave), 0);

        vm.prank(d2);
        vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationPoolWiped.selector, dave, 800e18));
        pool.delegate(dave, 1_000e18);
        vm.prank(d1);
        vm.expectRevert(IDelegationPool.DelegationZeroAmount.selector);
        pool.undelegate(dave, 800e18);

        assertEq(_votes(d1), FUNDS, "stale until revalued");
        pool.syncVotes(dave, d1);
        assertEq(_votes(d1), FUNDS - 800e18, "the slashed VRT no longer votes");
        assertEq(_votes(dave), 0);
    }

    /// A provider tries to burn its delegators' VRT at no cost to itself through liveness slashes:
    /// it posts jobs from a sybil requester, wins them, and lets each deadline pass.
    /// `reportMissedDeadline` slashes the collateral times livenessSlashBps, doubled for each deadline
    /// missed in a row (capped at the collateral), to the requester only; own stake pays it, and all
    /// of that goes back to the provider through the sybil. Before the fix, what own stake could not
    /// pay came from the pool, to the treasury: from the third miss in a row (40% of 1,000 against
    /// 200 own) the pool paid, and over six rounds the delegator lost 2,400 VRT while the provider
    /// and its sybil lost nothing but gas (found by this test). Now a liveness slash never reaches the
    /// pool (Staking._slashOwn: only a conviction, which names the treasury first, does). Price now:
    /// the provider's side loses nothing in VRT (its own stake round-trips through the sybil), gains
    /// nothing, and the delegators lose nothing: the attack is pointless. Asserted: the provider's
    /// side loses at least the floor share of whatever is slashed (here nothing reaches the pool).
    function test_attack_missedDeadlinesRequestedByASybilCannotBurnThePool() public {
        address sybil = makeAddr("sybil requester");
        usd.mint(sybil, 1_000_000e6);
        vm.prank(sybil);
        usd.approve(address(sys.market), type(uint256).max);
        sys.token.transfer(dave, 10_000e18); // liquid VRT to stake the floor again each round
        _delegate(d1, dave, 4_000e18);
        uint256 providerSide = sys.token.balanceOf(dave) + sys.staking.stakeOf(dave).bonded;
        uint256 poolBefore = _poolTokens(dave);
        uint256 treasuryBefore = sys.token.balanceOf(treasury);

        for (uint256 round; round < 6; ++round) {
            uint256 bonded = sys.staking.stakeOf(dave).bonded;
            if (bonded < OWN) {
                vm.prank(dave);
                sys.staking.stake(OWN - bonded);
            }
            vm.prank(sybil);
            uint256 jobId = sys.market.postJob(_realRequest(MAX_PRICE, false), _honest[0]);
            _win(jobId, dave, PRICE); // locks 1,000: 200 own, 800 delegated
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
            uint256 got = sys.token.balanceOf(sybil);
            vm.prank(sybil);
            sys.token.transfer(dave, got); // the sybil hands the own-stake part back
        }

        uint256 providerLoss = providerSide - sys.token.balanceOf(dave) - sys.staking.stakeOf(dave).bonded;
        uint256 poolLoss = poolBefore - _poolTokens(dave);
        assertEq(poolLoss, 0, "the pool lost nothing to the liveness slashes");
        assertEq(sys.token.balanceOf(treasury) - treasuryBefore, poolLoss, "the pool's part went to the treasury");
        console2.log("provider and sybil lost (VRT wei)", providerLoss);
        console2.log("delegators lost (VRT wei)", poolLoss);
        (, uint256 floorBps) = _slashOf(10_000);
        assertGe(
            providerLoss * 10_000,
            (providerLoss + poolLoss) * floorBps,
            "the provider's side pays at least the floor share of what is slashed"
        );
    }

    /* THE NEW CODE'S OWN RISKS */

    /// The packed counters: the VRT supply is fixed at deployment (no mint) and capped at 2^96 - 1
    /// wei by the token (VerityToken._maxSupply; the devnet's is 1e27, 79x below), so no pool or
    /// stake counter can exceed uint96; the whole circulating supply
    /// delegated to one pool is counted exactly. Earnings: a job's price fits 96 bits (the market
    /// checks it), so even a pool of one wei of shares paid a 2^96 - 1 price each time needs 2^32
    /// payouts to fill one position's uint128; the accumulator (1e36 per share and wei) then stands
    /// at 2^96 * 1e36 per payout, 1.5e12 payouts from uint256's end. Test: a maximum-price job on
    /// the real market (collateral ratio lowered to its floor) shared with a one-wei pool.
    function test_packedCounters_holdAtTheSupplyAndTheLargestPrice() public {
        assertLt(sys.token.totalSupply(), type(uint96).max, "the VRT supply fits 96 bits");

        // A one-wei pool earns a maximum price.
        _setShare(dave, 10_000);
        _delegate(d1, dave, 1);
        vm.prank(admin);
        sys.params.setCollateralRatio(1);
        uint256 maxPrice = type(uint96).max;
        usd.mint(requester, maxPrice);
        uint256 jobId = _realJob(maxPrice, dave, _honest);
        _finalizeHonest(jobId);
        uint256 price = maxPrice * 60 / 100;
        assertEq(_earnings(dave, d1), _earned(price), "a one-wei position holds a maximum payout");
        vm.prank(d1);
        assertEq(pool.claimEarnings(dave), _earned(price));

        // The whole rest of the supply delegated to one pool.
        uint256 rest = sys.token.balanceOf(address(this));
        sys.token.approve(address(pool), rest);
        pool.delegate(dave, rest);
        assertEq(pool.poolOf(dave).tokens, rest + 1);
        assertEq(sys.staking.delegatedOf(dave), rest + 1, "Staking's mirror is exact");
        assertEq(pool.delegationOf(dave, address(this)).votes, rest, "the recorded votes are exact");
        assertEq(sys.staking.capacityOf(dave), OWN + OWN * 16, "capacity capped by the ratio");
    }

    /// Registration is never undone: a provider that exits completely (own stake unbonded and
    /// withdrawn) stays registered, so a pool with tokens always has a registered provider, and new
    /// delegation to it is accepted but adds no capacity and earns nothing.
    function test_registration_neverUndoneByAnExit() public {
        _delegate(d1, dave, 1_000e18);
        vm.prank(dave);
        sys.staking.requestUnstake(OWN);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(dave);
        sys.staking.withdraw();
        assertTrue(sys.staking.stakeOf(dave).registered);
        _delegate(d2, dave, 1_000e18);
        assertEq(sys.staking.capacityOf(dave), 0, "no own stake, no capacity");
        assertFalse(sys.staking.isEligible(dave));
    }

    /// Votes counted once across delegate, undelegate, a real conviction, syncVotes, a
    /// Staking.delegate change and withdraw, each in its own block; getPastVotes at every earlier
    /// block still reads what it read then, and no block's votes exceed the supply.
    function test_votes_countedOnceAcrossEveryMove() public {
        address[6] memory who = [d1, d2, d3, dave, treasury, address(this)];
        uint256[8] memory blocks;
        uint256[8][6] memory seen;
        uint256 n;

        _delegate(d1, dave, 800e18);
        _delegate(d2, dave, 800e18);
        (blocks, seen, n) = _record(who, blocks, seen, n); // d1 votes FUNDS: liquid 999,200 + 800 delegated
        assertEq(_votes(d1), FUNDS);
        _undelegate(d1, dave, 400e18);
        (blocks, seen, n) = _record(who, blocks, seen, n);
        assertEq(_votes(d1), FUNDS, "thawing still votes");
        _convictedJob(dave); // the pool's 1,600 lose 800: every position half
        (blocks, seen, n) = _record(who, blocks, seen, n);
        assertEq(_votes(d1), FUNDS, "stale until revalued");
        pool.syncVotes(dave, d1);
        pool.syncVotes(dave, d2);
        (blocks, seen, n) = _record(who, blocks, seen, n);
        assertEq(_votes(d1), FUNDS - 400e18, "d1 votes what is left of its 800");
        assertEq(_votes(d2), FUNDS - 400e18);
        vm.prank(d1);
        sys.staking.delegate(d3);
        (blocks, seen, n) = _record(who, blocks, seen, n);
        assertEq(sys.staking.getVotes(d1), 0, "d1's delegated VRT now votes for d3");
        assertEq(sys.staking.getVotes(d3), 400e18);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        uint256 out = _withdraw(d1, dave);
        (blocks, seen, n) = _record(who, blocks, seen, n);
        assertEq(out, 200e18);
        assertEq(sys.staking.getVotes(d3), 200e18, "the withdrawn half left d3");
        assertEq(_votes(d1), FUNDS - 800e18 + 200e18, "and is liquid with d1 again");

        vm.roll(block.number + 1);
        for (uint256 b; b < n; ++b) {
            uint256 total;
            for (uint256 i; i < who.length; ++i) {
                assertEq(_pastVotes(who[i], blocks[b]), seen[i][b], "getPastVotes reads what was");
                total += seen[i][b];
            }
            assertLe(total, sys.token.totalSupply(), "counted once");
        }
    }

    /// Stale votes after a conviction: a slash lowers positions without touching them, so until
    /// someone calls `syncVotes` the slashed VRT votes twice if the treasury that received it votes
    /// (documented, delegation.md "Votes"). Price of the attack: nothing to run, and anyone (a
    /// governance keeper, the SDK's syncDelegationVotes) undoes it for one transaction's gas; the
    /// double count is at most what the treasury received from pools since the last sync.
    function test_votes_staleAfterAConvictionUntilAnyoneSyncs() public {
        vm.prank(treasury);
        sys.token.delegate(treasury);
        _delegate(d1, dave, 800e18);
        _convictedJob(dave); // 1,000 to the treasury: 200 own, 800 from d1's position
        uint256 real = sys.token.balanceOf(d1) + sys.token.balanceOf(treasury);
        assertEq(_votes(d1) + _votes(treasury), real + 800e18, "the pool's 800 vote twice while stale");
        vm.prank(makeAddr("passer-by"));
        pool.syncVotes(dave, d1);
        assertEq(_votes(d1) + _votes(treasury), real, "counted once after anyone syncs");
    }

    /// Records each account's votes in this block and moves to the next.
    function _record(address[6] memory who, uint256[8] memory blocks, uint256[8][6] memory seen, uint256 n)
        internal
        returns (uint256[8] memory, uint256[8][6] memory, uint256)
    {
        blocks[n] = block.number;
        for (uint256 i; i < who.length; ++i) {
            seen[i][n] = _votes(who[i]);
        }
        vm.roll(block.number + 1);
        return (blocks, seen, n + 1);
    }

    /// Only the pool moves Staking's mirror and delegated votes, and only Staking slashes the pool or
    /// shares earnings into it: an attacker, the provider and the market are refused.
    function test_onlyThePoolAndStakingCallEachOther() public {
        address attacker = makeAddr("attacker");
        address[3] memory callers = [attacker, dave, address(sys.market)];
        for (uint256 i; i < callers.length; ++i) {
            vm.startPrank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotDelegationPool.selector, callers[i]));
            sys.staking.syncDelegation(dave, 1e27, callers[i], 0, 1e27);
            vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotDelegationPool.selector, callers[i]));
            sys.staking.moveDelegatorVotes(dave, callers[i], 0, 1e27);
            vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationUnauthorized.selector, callers[i]));
            pool.slash(dave, 1, 1e18);
            vm.expectRevert(abi.encodeWithSelector(IDelegationPool.DelegationUnauthorized.selector, callers[i]));
            pool.shareEarnings(dave, 1e6);
            vm.stopPrank();
        }
    }

    /// Conservation through a real lifecycle (delegations, a paid job, an undelegation, a real
    /// conviction, withdrawals, claims): the pool's VRT is what delegators can still withdraw plus
    /// rounding remainders of a few wei, and deposits = withdrawals + what the pool paid the
    /// treasury + the pool's VRT, exactly. The pool's payment tokens cover every unclaimed earning.
    function test_conservation_poolVrtIsClaimsPlusSlashed() public {
        _setShare(dave, 5000);
        uint256 deposited = 1_000e18 + 777e18 + 333e18 + 7;
        _delegate(d1, dave, 1_000e18);
        _delegate(d2, dave, 777e18);
        _delegate(d3, dave, 333e18 + 7);
        _paidJob(dave);
        _undelegate(d2, dave, pool.delegationOf(dave, d2).shares / 3);
        uint256 treasuryBefore = sys.token.balanceOf(treasury);
        uint256 bondedBefore = sys.staking.stakeOf(dave).bonded;
        _convictedJob(dave);
        uint256 toTreasury = sys.token.balanceOf(treasury) - treasuryBefore;
        uint256 fromPool = toTreasury - (bondedBefore - sys.staking.stakeOf(dave).bonded);
        assertEq(fromPool, 800e18, "the pool paid the shortfall, to the treasury");
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        uint256 withdrawn = _withdraw(d2, dave);

        uint256 claims;
        address[3] memory ds = [d1, d2, d3];
        uint256 unclaimed;
        for (uint256 i; i < ds.length; ++i) {
            (uint256 a, uint256 t, uint256 e) = pool.balancesOf(dave, ds[i]);
            claims += a + t;
            unclaimed += e;
        }
        uint256 held = sys.token.balanceOf(address(pool));
        assertEq(deposited, withdrawn + fromPool + held, "every wei deposited is withdrawn, slashed or held");
        assertGe(held, claims, "the pool covers every claim");
        assertLe(held - claims, 10, "remainders of a few wei");
        assertGe(
            sys.paymentToken.balanceOf(address(pool)) + sys.market.claimable(address(pool)),
            unclaimed,
            "earnings owed are held or credited"
        );
        for (uint256 i; i < ds.length; ++i) {
            vm.prank(ds[i]);
            pool.claimEarnings(dave);
        }
    }

    /// A conviction that leaves the active side a wei makes a share worth ~1e-21 VRT, and the pool
    /// stays open (only a side with no tokens counts as wiped). Later delegators buy ~1e21 shares per
    /// VRT, and the earnings accumulator (1e36 per share) rounds away up to poolShares / 1e36 payment
    /// units per payout: here 100,000 VRT delegated after the slash make 8e43 shares, and a 29.7 tUSD
    /// payout moves the accumulator by 0.37. Before the fix the market credited the pool the whole
    /// delegators' share anyway, assigned to nobody, stranded for good (found by this test). Now the
    /// pool is credited only what the accumulator assigns and the rounding stays the provider's.
    /// Price: a lie (the provider's 200 VRT floor and the pool's 800) to make delegators who join a
    /// visibly dust-priced pool earn nothing; nothing is stranded, nobody gains.
    function test_attack_dustPricedPoolStrandsNoEarnings() public {
        _setShare(dave, 5000);
        _delegate(d1, dave, 800e18 + 1); // the slash of 800 leaves one wei active
        _convictedJob(dave);
        assertEq(pool.poolOf(dave).tokens, 1, "a wei of active tokens, 800e18 + 1 shares");
        _delegate(d2, dave, 100_000e18);
        sys.token.transfer(dave, OWN);
        vm.prank(dave);
        sys.staking.stake(OWN); // dave stakes his floor again to work
        uint256 credited = sys.market.claimable(address(pool));
        _paidJob(dave);
        uint256 shared = sys.market.claimable(address(pool)) - credited;
        uint256 paid = _earnings(dave, d1) + _earnings(dave, d2);
        console2.log("shared (tUSD units)", shared);
        console2.log("assigned to delegators", paid);
        console2.log("pool shares", pool.poolOf(dave).shares);
        assertLe(paid, shared, "never more than credited");
        assertApproxEqAbs(paid, shared, 2, "the delegators are assigned what the market credited, to a wei each");
    }
}
