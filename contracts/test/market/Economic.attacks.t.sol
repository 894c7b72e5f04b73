// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {console2} from "forge-std/console2.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Fixture} from "../utils/Fixture.sol";
import {FeeOnTransferToken} from "../utils/mocks/FeeOnTransferToken.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

/// @notice The attacks of issue 10 on the market side, each as it would be run against the old
/// rules (where each one succeeded), now refused or made to cost stake sized by the job's value.
/// Devnet parameters: 100 tUSD escrow, collateral ratio 10 VRT per tUSD (1000 VRT per job),
/// bid floor 1%, liveness slash 10%.
contract MarketEconomicAttacksTest is Fixture {
    /// @dev What the old rules locked and slashed for a 1-wei bid (collateral ratio times the bid).
    uint256 internal constant OLD_DUST_COLLATERAL = 1e13;
    uint256 internal constant OLD_DUST_SLASH = 1e12;

    /* (a) DUST BIDS */

    /// @dev Old: a 1-wei bid won every auction. Now it never leads: revealed, it loses at once.
    function test_attack_dustBidNeverLeads() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 1);
        _commit(jobId, bob, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 1);
        _reveal(jobId, bob, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        assertEq(sys.market.getJob(jobId).provider, bob, "the honest bid wins");
        assertEq(sys.market.getJob(jobId).price, 60e6);
    }

    /// @dev A floor raised by governance between an honest commit and its reveal (an execution any
    /// requester can time into its own job's reveal phase) must not turn a bid legal at commit into
    /// one that can only be forfeited: it reveals as a losing bid, unlocked, not slashed. Found by an
    /// attack review; the old rule slashed the bidder 10% of the collateral, to the requester.
    function test_attack_floorRaisedMidAuctionDoesNotSlashAnHonestBid() public {
        uint256 jobId = _post(_request());
        uint256 price = MAX_PRICE * 2 / 100; // 2%: above the 1% floor when committed
        _commit(jobId, alice, price);
        vm.prank(admin);
        sys.params.setMinBidBps(500); // 5%, executed during the auction
        _toReveal(jobId);
        _reveal(jobId, alice, price);
        assertEq(sys.market.getJob(jobId).provider, address(0), "under the new floor it cannot lead");
        _assertStake(alice, STAKE, 0, 0, 0);
        _toSettle(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNoCommitment.selector, jobId, 0, alice));
        sys.market.forfeitUnrevealedBid(jobId, 0, alice);
    }

    /// @dev Old: stalling a 100 tUSD job with a 1-wei bid cost 1e12 wei of VRT. Now the cheapest
    /// winning bid (the floor) locks the collateral the escrow sets, and the stall costs 10% of it.
    function test_attack_dustStallCostsTheLivenessSlashOfTheEscrowsCollateral() public {
        uint256 floor = _bidFloor(MAX_PRICE);
        uint256 jobId = _assigned(alice, floor);
        assertEq(sys.market.getJob(jobId).collateral, MAX_PRICE * sys.params.collateralRatio() / 1e18);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
        uint256 cost = STAKE - sys.staking.stakeOf(alice).bonded;
        assertEq(cost, _collateral() * sys.params.livenessSlashBps() / 10_000, "10% of 1000 VRT");
        assertEq(cost, 100e18);
        assertGe(cost, OLD_DUST_SLASH * 1e8, "at least 1e8 times the old cost");
        console2.log("stall of one 100 tUSD job, VRT wei: old", OLD_DUST_SLASH, "new", cost);
    }

    /* (b) REPEATED NO-SHOWS */

    /// @dev One provider holds a re-auctioned job through all 8 rounds by winning at the floor and
    /// never delivering. Old: 8 x 1e12 wei. Now each miss in a row doubles: 10%, 20%, 40%, 80%,
    /// then the whole collateral, 5.5 collaterals in all. A sybil that uses a fresh address each
    /// round pays 8 x 10% of the collateral instead, and needs 8 stakes of at least the collateral.
    function test_attack_repeatedNoShowsCostMoreEachRound() public {
        uint256 jobId = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        uint256 floor = _bidFloor(MAX_PRICE);
        uint256 total;
        uint256 previous;
        for (uint256 r; r < sys.market.MAX_ROUNDS(); ++r) {
            uint256 before = sys.staking.stakeOf(alice).bonded;
            _commit(jobId, alice, floor);
            _toReveal(jobId);
            _reveal(jobId, alice, floor);
            _toSettle(jobId);
            sys.market.settleAuction(jobId);
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
            uint256 cost = before - sys.staking.stakeOf(alice).bonded;
            assertGe(cost, previous, "never cheaper than the miss before");
            if (cost < _collateral()) assertEq(cost, previous == 0 ? _collateral() / 10 : previous * 2, "doubles");
            console2.log("round", r, "slash, VRT wei", cost);
            previous = cost;
            total += cost;
        }
        _assertStatus(jobId, JobStatus.Expired);
        assertEq(total, _collateral() * 55 / 10);
        assertEq(sys.token.balanceOf(requester), total, "all of it compensates the requester");
        console2.log("8 rounds held by one provider, VRT wei: old", 8 * OLD_DUST_SLASH, "new", total);
    }

    /// @dev The same hold-up through 8 fresh sybil addresses: the escalation does not apply, but
    /// every round still costs the liveness slash of the escrow's collateral.
    function test_attack_repeatedNoShowsBySybilsCostTheBaseSlashEachRound() public {
        uint256 jobId = _post(_requestWith(MAX_PRICE, address(0), 0, true));
        uint256 floor = _bidFloor(MAX_PRICE);
        uint256 total;
        for (uint256 r; r < sys.market.MAX_ROUNDS(); ++r) {
            address sybil = _newProvider(string.concat("sybil", vm.toString(r)), _collateral() + 100e18);
            _commit(jobId, sybil, floor);
            _toReveal(jobId);
            _reveal(jobId, sybil, floor);
            _toSettle(jobId);
            sys.market.settleAuction(jobId);
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
            total += _collateral() + 100e18 - sys.staking.stakeOf(sybil).bonded;
        }
        assertEq(total, 8 * _collateral() / 10);
        console2.log("8 rounds held by 8 sybils, VRT wei:", total);
    }

    /* (c) SYBIL LADDER */

    /// @dev Old: a sybil committed a ladder of prices from several addresses for free, watched the
    /// honest reveal, and revealed only the rung just under it. Now every rung locked the job's
    /// collateral, and each rung left unrevealed forfeits 10% of it to the requester.
    function test_attack_sybilLadderForfeitsTheUnrevealedRungs() public {
        uint256 jobId = _post(_request());
        address[3] memory rungs =
            [_newProvider("rung80", 2000e18), _newProvider("rung65", 2000e18), _newProvider("rung55", 2000e18)];
        uint256[3] memory prices = [uint256(80e6), 65e6, 55e6];
        for (uint256 i; i < 3; ++i) {
            _commit(jobId, rungs[i], prices[i]);
        }
        _commit(jobId, bob, 60e6); // honest
        _toReveal(jobId);
        _reveal(jobId, bob, 60e6);
        _reveal(jobId, rungs[2], 55e6); // the rung just under the honest bid
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        assertEq(sys.market.getJob(jobId).provider, rungs[2], "the ladder still wins the auction");

        uint256 forfeit = _collateral() * sys.params.livenessSlashBps() / 10_000;
        for (uint256 i; i < 2; ++i) {
            vm.expectEmit(true, true, true, true, address(sys.market));
            emit IJobMarket.BidForfeited(jobId, 0, rungs[i], forfeit);
            vm.prank(requester);
            sys.market.forfeitUnrevealedBid(jobId, 0, rungs[i]);
            _assertStake(rungs[i], 2000e18 - forfeit, 0, 0, 0);
        }
        assertEq(sys.token.balanceOf(requester), 2 * forfeit, "the requester is paid for the ladder");
        console2.log("ladder of 3 rungs, cost of the 2 unrevealed, VRT wei:", 2 * forfeit);
    }

    /* (d) FEE-ON-TRANSFER PAYMENT TOKEN */

    /// @dev Old: the market credited maxPrice and held less, so the last claimant could not claim.
    function test_attack_feeOnTransferPaymentTokenIsRefused() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(100); // 1% burnt per transfer
        JobMarket market = new JobMarket(admin, IERC20(address(fot)), sys.staking, sys.models, sys.params, guardian);
        fot.mint(requester, MAX_PRICE);
        vm.startPrank(requester);
        fot.approve(address(market), MAX_PRICE);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketPaymentTokenShortfall.selector, MAX_PRICE, MAX_PRICE * 99 / 100)
        );
        market.postJob(_request(), INPUT);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketPaymentTokenShortfall.selector, MAX_PRICE, MAX_PRICE * 99 / 100)
        );
        market.postJobWithUri(_request(), "ipfs://input", keccak256(INPUT));
        vm.stopPrank();
        assertEq(market.jobCount(), 0);
    }

    /// @dev The same market code takes a token that moves exact amounts (a zero fee).
    function test_postJob_exactTransferTokenIsAccepted() public {
        FeeOnTransferToken exact = new FeeOnTransferToken(0);
        JobMarket market = new JobMarket(admin, IERC20(address(exact)), sys.staking, sys.models, sys.params, guardian);
        exact.mint(requester, MAX_PRICE);
        vm.startPrank(requester);
        exact.approve(address(market), MAX_PRICE);
        market.postJob(_request(), INPUT);
        vm.stopPrank();
        assertEq(exact.balanceOf(address(market)), MAX_PRICE);
    }

    /* (f) WRONG-LENGTH INPUT AND OUTPUT */

    /// @dev Old: a 7-byte input for an 8-wide integer model was accepted, and a wrong result on
    /// it could not be convicted at layer 1.
    function test_attack_wrongLengthInlineInputIsRefused() public {
        vm.startPrank(requester);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadInputLength.selector, modelId, 7, 8));
        sys.market.postJob(_request(), hex"01020304050607");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadInputLength.selector, modelId, 9, 8));
        sys.market.postJob(_request(), hex"010203040506070809");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadInputLength.selector, modelId, 0, 8));
        sys.market.postJob(_request(), "");
        vm.stopPrank();
    }

    function test_attack_wrongLengthInlineOutputIsRefused() public {
        uint256 jobId = _assigned(alice, 60e6);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadOutputLength.selector, jobId, 5, 4));
        sys.market.submitResult(jobId, hex"0102030405", _trace());
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketBadOutputLength.selector, jobId, 3, 4));
        sys.market.submitResult(jobId, hex"010203", _trace());
        sys.market.submitResult(jobId, OUTPUT, _trace());
        vm.stopPrank();
        _assertStatus(jobId, JobStatus.Submitted);
    }

    /// @dev A URI cannot be checked on chain: the market takes it, the worker checks the bytes.
    function test_postJobWithUri_lengthIsNotCheckedOnChain() public {
        vm.prank(requester);
        uint256 jobId = sys.market.postJobWithUri(_request(), "ipfs://seven", keccak256(hex"01020304050607"));
        _assertStatus(jobId, JobStatus.Bidding);
    }

    /// @dev A float model has no fraud proofs and no byte-per-element encoding: any length goes.
    function test_postJob_floatModelTakesAnyLength() public {
        IJobMarket.JobRequest memory r = _request();
        r.modelId = _registerFloatModel(publisher, keccak256("float"));
        vm.prank(requester);
        uint256 jobId = sys.market.postJob(r, hex"01020304050607");
        _commit(jobId, alice, 60e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        vm.prank(alice);
        sys.market.submitResult(jobId, hex"0102030405", new bytes32[](0));
        _assertStatus(jobId, JobStatus.Submitted);
    }
}
