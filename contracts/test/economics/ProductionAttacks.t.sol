// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";
import {EconomicsFixture} from "./EconomicsFixture.sol";
import {DenseModel} from "../dispute/utils/DenseModel.sol";

/// @notice The attacks of issue 10, each run on the whole system with the PRODUCTION parameters and
/// the real dispute game: the defence holds, and the test logs what the attack costs and what it
/// gains (run with -vv). docs/economics.md quotes these figures by test name. Attacks already proven
/// elsewhere are referenced there rather than repeated here (fee-on-transfer tokens:
/// EconomicAttacks.t.sol; consumer spoofing: VerityConsumerBase.t.sol; public-chain deploy rules:
/// Deployment.t.sol, Bounds.t.sol; governance timing: Floors.t.sol).
contract ProductionAttacksTest is EconomicsFixture {
    /// @dev What the rules before issue 10 locked and slashed for a 1-wei bid (git 928b791).
    uint256 internal constant OLD_DUST_SLASH = 1e12;

    /* 1. DUST BIDS */

    /// @dev A 1-wei bid never leads: revealed, it loses at once and is unlocked, and the honest bid
    /// wins (before the floor, it won, and a stall cost 1e12 wei). It used to be refused and its
    /// commitment forfeited, but a floor read at reveal also forfeited honest bids committed under a
    /// lower floor when governance raised it mid-auction; a bid under the floor is now a losing bid.
    function test_attack1_dustBidNeverLeads() public {
        uint256 jobId = _postReal(MAX_PRICE, false);
        _commit(jobId, alice, 1);
        _commit(jobId, bob, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 1);
        assertEq(sys.market.getJob(jobId).provider, address(0), "the dust bid does not lead");
        assertEq(sys.staking.stakeOf(alice).locked, 0, "a losing bid is unlocked");
        _reveal(jobId, bob, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        assertEq(sys.market.getJob(jobId).provider, bob, "the honest bid wins");
        assertEq(sys.staking.stakeOf(alice).bonded, STAKE, "a revealed losing bid costs nothing");
        console2.log("a dust bid can win nothing; before the floor a stall cost (VRT wei)", OLD_DUST_SLASH);
    }

    /// @dev Figure: the cost to hold ONE job unassigned for a day by winning at the bid floor and
    /// never delivering, one provider, every round of a re-auctioned job whose execution window is
    /// the longest allowed (1 day; a shorter window makes the hold shorter and no cheaper per round).
    function test_figure_holdJobForADay_noShowsByOneProvider() public {
        (uint256 cost, uint256 held) = _holdThroughAllRounds(false);
        uint256 perDay = cost * 1 days / held;
        uint256 collateral = sys.market.getJob(1).collateral;
        // 20%, 40%, 80%, then the whole collateral five times: 6.4 collaterals over 8 rounds.
        assertEq(cost, collateral * 64 / 10, "escalating no-shows");
        assertGe(perDay, collateral * 3 / 4, "at least 0.75 collateral per day held");
        console2.log("one provider, 8 rounds: total slash (VRT wei)", cost);
        console2.log("  held (s)", held);
        console2.log("  cost per day held (VRT wei)", perDay);
    }

    /// @dev Figure: the same hold through a fresh sybil each round: no escalation, each round costs
    /// the base liveness slash (20% of the collateral) and needs a stake of at least the collateral.
    function test_figure_holdJobForADay_noShowsBySybils() public {
        (uint256 cost, uint256 held) = _holdThroughAllRounds(true);
        uint256 perDay = cost * 1 days / held;
        uint256 collateral = sys.market.getJob(1).collateral;
        assertEq(cost, 8 * collateral * 2000 / 10_000, "8 base slashes");
        assertGe(perDay, collateral / 5 - collateral / 100, "about 0.2 collateral per day held");
        console2.log("8 sybils, 8 rounds: total slash (VRT wei)", cost);
        console2.log("  held (s)", held);
        console2.log("  cost per day held (VRT wei)", perDay);
        console2.log("  before: 8 rounds for (VRT wei)", 8 * OLD_DUST_SLASH);
    }

    /// @dev Figure: a ladder of unrevealed commitments as a way to hold a job. Unrevealed rungs do
    /// not stop an honest bid from winning; with no honest bidder they kill one auction (the job
    /// expires after commit + reveal, 4 min) at a forfeit each. To hold a reposted job a day that way
    /// takes 360 auctions: 360 forfeits of 20% of the collateral.
    function test_figure_holdJobForADay_unrevealedCommitLadder() public {
        uint256 jobId = _postReal(MAX_PRICE, true);
        uint256 start = block.timestamp;
        address rung = _newProvider("rung", 2000e18);
        _commit(jobId, rung, 55e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        _assertStatus(jobId, JobStatus.Expired); // no revealed bid: the escrow goes back at once
        sys.market.forfeitUnrevealedBid(jobId, 0, rung);
        uint256 cost = 2000e18 - sys.staking.stakeOf(rung).bonded;
        uint256 held = block.timestamp - start;
        uint256 perDay = cost * 1 days / held;
        assertEq(cost, sys.market.getJob(jobId).collateral / 5);
        assertGe(perDay, 70 * sys.market.getJob(jobId).collateral, "over 70 collaterals per day");
        console2.log("one unrevealed rung kills one auction for (VRT wei)", cost);
        console2.log("  held (s)", held);
        console2.log("  cost per day held this way (VRT wei)", perDay);
    }

    /// @dev Every round: the attacker wins at the floor and never delivers; the round ends with
    /// `reportMissedDeadline`. Returns what it lost and how long the job was held.
    function _holdThroughAllRounds(bool sybils) internal returns (uint256 cost, uint256 held) {
        IJobMarket.JobRequest memory r = _realRequest(MAX_PRICE, true);
        r.executionWindow = sys.params.maxExecutionWindow();
        vm.prank(requester);
        uint256 jobId = sys.market.postJob(r, _honest[0]);
        uint256 start = block.timestamp;
        uint256 floor = _bidFloor(MAX_PRICE);
        uint256 collateral = sys.market.getJob(jobId).collateral;
        for (uint256 round; round < sys.market.MAX_ROUNDS(); ++round) {
            address who = sybils ? _newProvider(string.concat("sybil", vm.toString(round)), 2 * collateral) : alice;
            uint256 before = sys.staking.stakeOf(who).bonded;
            _win(jobId, who, floor);
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
            cost += before - sys.staking.stakeOf(who).bonded;
        }
        held = block.timestamp - start;
        _assertStatus(jobId, JobStatus.Expired);
        // No job is held longer than its windows allow: rounds x (commit + reveal + execution).
        uint256 perRound = sys.params.commitWindow() + sys.params.revealWindow() + r.executionWindow + 2;
        assertLe(held, sys.market.MAX_ROUNDS() * perRound, "bounded by the windows");
    }

    /* 2. THE LIAR CAPTURES THE CHALLENGER'S REWARD */

    /// @dev The liar's sybil opens a second dispute and convicts first: the honest challenger still
    /// gets half the pot, and the liar loses at least the penalty floor (40% here).
    function test_attack2_sybilConvictsFirst_liarLosesAtLeastTheFloor() public {
        address sybil = makeAddr("liar-sybil");
        _fundChallenger(sybil);
        uint256 jobId = _realJob(MAX_PRICE, alice, _lie);
        uint256 collateral = sys.market.getJob(jobId).collateral;
        (uint256 slash, uint256 floor) = _slashOf(collateral);
        uint256 honest = _challenge(jobId, challenger, _lie);
        uint256 own = _challenge(jobId, sybil, _lie);
        uint256 pot = _convict(own);
        game.closeStaleDispute(honest);
        uint256 bond = sys.params.challengerBond();
        assertEq(game.claimable(challenger), bond + pot - pot / 2, "the honest challenger is paid");
        uint256 liarLoss = slash - pot / 2;
        assertGe(liarLoss, floor);
        assertGe(liarLoss * 10_000, collateral * Parameters(address(sys.params)).PENALTY_FLOOR_BPS());
        assertEq(STAKE - sys.staking.stakeOf(alice).bonded, slash, "the whole collateral was slashed");
        console2.log("100 tUSD job, liar loss with its sybil first (VRT wei)", liarLoss, "floor", floor);
    }

    /// @dev Figure: the loss of a caught liar against the most it can gain (its price, paid only if
    /// nobody convicts it), at 1, 10 and 100 tUSD, with no sybil, with a sybil next to an honest
    /// challenger, and self-convicting alone; and the detection probability above which lying loses
    /// money (gain / (gain + loss)), at VRT_PRICE.
    function test_figure_liarLossAgainstGain() public {
        uint256[3] memory prices = [uint256(1e6), 10e6, 100e6];
        for (uint256 i; i < 3; ++i) {
            _liarFigures(prices[i], makeAddr(string.concat("sybil-of-liar", vm.toString(i))));
        }
        _claimAll();
    }

    struct LiarFigures {
        uint256 collateral;
        uint256 gain;
        uint256 slash;
        uint256 floor;
        uint256 lossNextToSybil;
        uint256 lossSelf;
    }

    function _liarFigures(uint256 maxPrice, address sybil) internal {
        _fundChallenger(sybil);
        LiarFigures memory f;
        uint256 jobId = _realJob(maxPrice, alice, _lie);
        f.collateral = sys.market.getJob(jobId).collateral;
        f.gain = sys.market.getJob(jobId).price;
        (f.slash, f.floor) = _slashOf(f.collateral);
        uint256 before = sys.staking.stakeOf(alice).bonded;
        _convict(_challenge(jobId, challenger, _lie));
        assertEq(before - sys.staking.stakeOf(alice).bonded, f.slash, "no sybil: the whole slash");

        jobId = _realJob(maxPrice, alice, _lie);
        uint256 honest = _challenge(jobId, challenger, _lie);
        uint256 pot = _convict(_challenge(jobId, sybil, _lie));
        game.closeStaleDispute(honest);
        f.lossNextToSybil = f.slash - pot / 2;

        jobId = _realJob(maxPrice, alice, _lie);
        pot = _convict(_challenge(jobId, sybil, _lie));
        f.lossSelf = f.slash - pot;
        assertGe(f.lossSelf, f.floor, "the floor holds");
        assertEq(f.lossSelf, f.collateral * 6 / 10, "treasury 40% + requester 20%");

        uint256 lossTusd = _vrtToTusd(f.lossSelf);
        console2.log("maxPrice (tUSD wei)", maxPrice, "gain if undetected (tUSD wei)", f.gain);
        console2.log("  collateral (VRT wei)", f.collateral, "floor", f.floor);
        console2.log("  liar loss: no sybil", f.slash, "sybil next to honest", f.lossNextToSybil);
        console2.log("  liar loss: self-convicting alone", f.lossSelf, "in tUSD wei", lossTusd);
        console2.log("  break-even detection probability (bps)", f.gain * 10_000 / (f.gain + lossTusd));
    }

    /* 2'. WHAT AN HONEST CHALLENGER EARNS, NET OF GAS */

    /// @dev Assumptions for the figures (named so that a reader can redo the sums).
    uint256 internal constant GAS_PRICE_L2 = 0.1 gwei; // an OP-Stack chain in a busy hour
    uint256 internal constant GAS_PRICE_L1 = 20 gwei; // Ethereum mainnet
    uint256 internal constant ETH_PRICE = 3000e6; // tUSD wei per ETH
    uint256 internal constant VRT_PRICE = 0.1e6; // tUSD wei per VRT: 10 VRT per tUSD of price = 1x cover

    function _vrtToTusd(uint256 vrtWei) internal pure returns (uint256) {
        return vrtWei * VRT_PRICE / 1e18;
    }

    function _gasToTusd(uint256 gas, uint256 gasPrice) internal pure returns (uint256) {
        return gas * gasPrice * ETH_PRICE / 1e18;
    }

    /// @dev Figure: the honest challenger's gross reward (alone, and next to one sybil), the gas of
    /// its moves (challenge, proveNeuron, claim; measured with vm.lastCallGas plus the 21,000 of a
    /// transaction) and the net, at 1, 10 and 100 tUSD.
    function test_figure_honestChallengerNetOfGas() public {
        _fundChallenger(makeAddr("sybil-of-liar"));
        uint256[3] memory prices = [uint256(1e6), 10e6, 100e6];
        for (uint256 i; i < 3; ++i) {
            _challengerFigures(prices[i], makeAddr("sybil-of-liar"));
        }
        _claimAll();
    }

    function _challengerFigures(uint256 maxPrice, address sybil) internal {
        uint256 jobId = _realJob(maxPrice, alice, _lie);
        uint256 id = _challenge(jobId, challenger, _lie);
        uint256 gas = vm.lastCallGas().gasTotalUsed + 21_000;
        _respond(id);
        uint256 before = sys.token.balanceOf(address(game));
        _prove(id, LIE_ELEMENT);
        gas += vm.lastCallGas().gasTotalUsed + 21_000;
        uint256 alone = sys.token.balanceOf(address(game)) - before;
        vm.prank(challenger);
        game.claim();
        gas += vm.lastCallGas().gasTotalUsed + 21_000;

        jobId = _realJob(maxPrice, alice, _lie);
        uint256 honest = _challenge(jobId, challenger, _lie);
        uint256 pot = _convict(_challenge(jobId, sybil, _lie));
        game.closeStaleDispute(honest);
        uint256 nextToSybil = pot - pot / 2;
        assertEq(game.claimable(challenger), sys.params.challengerBond() + nextToSybil);

        uint256 gasL2 = _gasToTusd(gas, GAS_PRICE_L2);
        uint256 gasL1 = _gasToTusd(gas, GAS_PRICE_L1);
        assertGt(_vrtToTusd(nextToSybil), gasL2, "worth watching on an L2 even next to a sybil");
        console2.log("maxPrice (tUSD wei)", maxPrice, "challenger gas", gas);
        console2.log("  reward alone (VRT wei)", alone, "next to one sybil", nextToSybil);
        console2.log("  gas cost L2 (tUSD wei)", gasL2, "L1", gasL1);
        _logNet("  net alone, L2", _vrtToTusd(alone), gasL2);
        _logNet("  net alone, L1", _vrtToTusd(alone), gasL1);
        _logNet("  net next to a sybil, L2", _vrtToTusd(nextToSybil), gasL2);
        _logNet("  net next to a sybil, L1", _vrtToTusd(nextToSybil), gasL1);
    }

    function _logNet(string memory what, uint256 gross, uint256 gas) internal pure {
        if (gross >= gas) console2.log(what, "(tUSD wei) +", gross - gas);
        else console2.log(what, "(tUSD wei) -", gas - gross);
    }

    /* 3. BOUNDS THAT ADMIT UNSAFE VALUES */

    /// @dev The values issue 10 named as reachable are refused on the production deployment.
    function test_attack3_productionBoundsRefuseTheUnsafeValues() public {
        vm.startPrank(admin);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setCollateralRatio(1);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setChallengerBond(1e27);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setMinStake(1e27);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setChallengeWindow(60);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setDisputeMoveTimeout(60);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setCommitWindow(5);
        vm.expectPartialRevert(IParameters.ParametersOutOfBounds.selector);
        sys.params.setRevealWindow(5);
        // challenger share at 100%: the liar's sybil would recover the whole slash
        vm.expectRevert();
        sys.params.setSlashShares(10_000, 0);
        vm.stopPrank();
        assertEq(sys.params.collateralRatio(), 1e31, "nothing changed");
    }

    /* 4. THE PRODUCTION DEPLOYMENT WAS THE DEVNET'S */

    /// @dev On a public chain the devnet bounds are refused at construction, and the production
    /// set deploys (the plan rules are in Deployment.t.sol).
    function test_attack4_devnetBoundsRefusedOnAPublicChain() public {
        vm.chainId(10);
        IParameters.Bounds memory devnet = DeployConfig.devnetBounds(VRT_SUPPLY);
        vm.expectPartialRevert(IParameters.ParametersBoundBelowProductionMinimum.selector);
        new Parameters(admin, DeployConfig.devnetParameters(treasury), devnet);
        Parameters p =
            new Parameters(admin, DeployConfig.productionParameters(treasury), DeployConfig.productionBounds(6));
        assertEq(p.commitWindow(), 2 minutes);
        assertEq(p.challengeWindow(), 2 days);
    }

    /* 6. SYBIL LADDER */

    /// @dev Three sybil rungs commit; the one just under the honest reveal wins; the two others
    /// forfeit 20% of the collateral each to the requester. The ladder's price: 400 VRT on a
    /// 100 tUSD job (before: free), bought for 5 tUSD of price (60 -> 55).
    function test_attack6_sybilLadderPaysForEveryUnrevealedRung() public {
        uint256 jobId = _postReal(MAX_PRICE, false);
        uint256 collateral = sys.market.getJob(jobId).collateral;
        address[3] memory rungs =
            [_newProvider("rung80", 2000e18), _newProvider("rung65", 2000e18), _newProvider("rung55", 2000e18)];
        uint256[3] memory prices = [uint256(80e6), 65e6, 55e6];
        for (uint256 i; i < 3; ++i) {
            _commit(jobId, rungs[i], prices[i]);
        }
        _commit(jobId, bob, 60e6);
        _toReveal(jobId);
        _reveal(jobId, bob, 60e6);
        _reveal(jobId, rungs[2], 55e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        assertEq(sys.market.getJob(jobId).provider, rungs[2]);
        uint256 paid;
        for (uint256 i; i < 2; ++i) {
            sys.market.forfeitUnrevealedBid(jobId, 0, rungs[i]);
            paid += 2000e18 - sys.staking.stakeOf(rungs[i]).bonded;
        }
        assertEq(paid, 2 * collateral / 5);
        assertEq(sys.token.balanceOf(requester), paid, "the requester is paid for the ladder");
        console2.log("ladder: 2 unrevealed rungs cost (VRT wei)", paid, "to win 5 tUSD more than the honest bid");
    }

    /* 8. WITHHELD URI INPUTS */

    /// @dev Not defended on chain (the worker keeps the bytes it checked at bid time): a requester
    /// that withholds a URI input from the winner collects the liveness slash if the winner cannot
    /// deliver. This prices what the requester gains: 20% of the collateral, its escrow refunded.
    function test_attack8_withheldUriInput_requesterGainsTheLivenessSlash() public {
        vm.prank(requester);
        uint256 jobId = sys.market.postJobWithUri(_realRequest(MAX_PRICE, false), "ipfs://input", keccak256(_honest[0]));
        _win(jobId, bob, 60e6);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
        uint256 gain = sys.token.balanceOf(requester);
        assertEq(gain, sys.market.getJob(jobId).collateral / 5);
        assertEq(sys.market.claimable(requester), MAX_PRICE, "escrow refunded");
        console2.log("requester's gain from a withheld URI input (VRT wei)", gain);
    }

    /* 9. WRONG-LENGTH INPUTS */

    function test_attack9_wrongLengthInputRefusedOnTheRealModel() public {
        bytes memory shortInput = new bytes(_honest[0].length - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.MarketBadInputLength.selector, realModel, shortInput.length, _honest[0].length
            )
        );
        vm.prank(requester);
        sys.market.postJob(_realRequest(MAX_PRICE, false), shortInput);
    }

    /* 10. THE REAL GAME AGAINST THE REAL MARKET */

    /// @dev An honest result survives a challenge and is paid; a lie is convicted: the requester is
    /// refunded and paid its share, the treasury holds the floor.
    function test_attack10_realGameOnRealMarket_honestPaidLiarConvicted() public {
        uint256 jobId = _realJob(MAX_PRICE, bob, _honest);
        uint256 id = _challenge(jobId, challenger, _honest);
        _respond(id);
        _prove(id, LIE_ELEMENT);
        assertEq(uint8(game.getDispute(id).phase), uint8(IDisputeGame.DisputePhase.ProviderWon));
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        bytes memory output = _honest[_honest.length - 1];
        sys.market.finalize(jobId, keccak256(output), DenseModel.traceRoot(DenseModel.hashes(_honest)), output);
        _assertStatus(jobId, JobStatus.Finalized);
        assertEq(sys.staking.stakeOf(bob).bonded, STAKE, "the honest provider kept its collateral");

        uint256 refundsBefore = sys.market.claimable(requester);
        uint256 lying = _realJob(MAX_PRICE, alice, _lie);
        uint256 collateral = sys.market.getJob(lying).collateral;
        (, uint256 floor) = _slashOf(collateral);
        _convict(_challenge(lying, challenger, _lie));
        _assertStatus(lying, JobStatus.Rejected);
        assertEq(sys.token.balanceOf(treasury), floor);
        assertEq(sys.market.claimable(requester) - refundsBefore, MAX_PRICE, "the lying job's escrow refunded");
        _claimAll();
    }

    function _claimAll() internal {
        address[4] memory who = [challenger, alice, bob, makeAddr("sybil-of-liar")];
        for (uint256 i; i < who.length; ++i) {
            if (game.claimable(who[i]) != 0) {
                vm.prank(who[i]);
                game.claim();
            }
        }
        for (uint256 i; i < 3; ++i) {
            address s = makeAddr(string.concat("sybil-of-liar", vm.toString(i)));
            if (game.claimable(s) != 0) {
                vm.prank(s);
                game.claim();
            }
        }
        assertEq(sys.token.balanceOf(address(game)), 0, "the game holds nothing once all is claimed");
    }
}
