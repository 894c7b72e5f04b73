// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {DisputeGameDouble} from "../utils/mocks/DisputeGameDouble.sol";

/// @notice Every way a job ends credits exactly its escrow: provider payment + fee + refund on
/// finalization, or the whole escrow back on any refund; and claiming empties the market.
contract MarketPayoutFuzzTest is Fixture {
    function setUp() public override {
        super.setUp();
        // collateral at the per-job floor whatever the price, so that any price fits the providers' stake
        vm.prank(admin);
        sys.params.setCollateralRatio(1);
    }

    function _claimAll(address[4] memory who) internal {
        for (uint256 i; i < who.length; ++i) {
            if (sys.market.claimable(who[i]) == 0) continue;
            vm.prank(who[i]);
            sys.market.claim();
        }
    }

    function testFuzz_finalize_paymentFeeAndRefundAddUpToTheEscrow(uint256 maxPrice, uint256 price, uint16 feeBps)
        public
    {
        maxPrice = bound(maxPrice, 1, type(uint96).max);
        price = bound(price, _bidFloor(maxPrice), maxPrice);
        feeBps = uint16(bound(feeBps, 0, 2000));
        vm.prank(admin);
        sys.params.setProtocolFeeBps(feeBps);
        usd.mint(requester, maxPrice);
        uint256 marketBefore = usd.balanceOf(address(sys.market));

        uint256 jobId = _submittedWith(_requestWith(maxPrice, address(0), 0, false), alice, price);
        assertEq(usd.balanceOf(address(sys.market)), marketBefore + maxPrice, "escrowed");
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.recordLogs();
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);

        uint256 payment = sys.market.claimable(alice);
        uint256 fee = sys.market.claimable(treasury);
        uint256 refund = sys.market.claimable(requester);
        assertEq(payment + fee + refund, maxPrice, "adds up to the escrow");
        assertEq(fee, price * feeBps / 10_000, "fee rounds down, in the provider's favour");
        assertEq(payment, price - fee);
        assertEq(refund, maxPrice - price);
        assertLe(fee * 10_000, price * 2000, "fee never above the ceiling");

        _claimAll([alice, treasury, requester, address(0xdead)]);
        assertEq(usd.balanceOf(address(sys.market)), marketBefore, "nothing left behind");
    }

    function testFuzz_refunds_returnExactlyTheEscrow(uint256 maxPrice, uint8 path) public {
        maxPrice = bound(maxPrice, 1, type(uint96).max);
        path = uint8(bound(path, 0, 3));
        usd.mint(requester, maxPrice);
        uint256 jobId;
        if (path == 0) {
            jobId = _post(_requestWith(maxPrice, address(0), 0, false));
            vm.prank(requester);
            sys.market.cancelJob(jobId);
        } else if (path == 1) {
            jobId = _post(_requestWith(maxPrice, address(0), 0, false));
            _toSettle(jobId);
            sys.market.settleAuction(jobId);
        } else if (path == 2) {
            jobId = _assignedWith(_requestWith(maxPrice, address(0), 0, false), alice, _bidFloor(maxPrice));
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
        } else {
            DisputeGameDouble game = _wireDisputeGame();
            jobId = _submittedWith(_requestWith(maxPrice, address(0), 0, false), alice, _bidFloor(maxPrice));
            game.open(jobId);
            game.resolve(jobId, false, challenger);
        }
        assertEq(sys.market.claimable(requester), maxPrice);
        assertEq(sys.market.claimable(alice), 0);
        assertEq(sys.market.claimable(treasury), 0);
        vm.prank(requester);
        sys.market.claim();
        assertEq(usd.balanceOf(address(sys.market)), 0);
    }
}
