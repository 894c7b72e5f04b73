// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IAskBook} from "../../../src/interfaces/IAskBook.sol";

/// @notice Properties of the fast path over random prices, capacities and batches.
contract MarketFastPathFuzzTest is FastPathBase {
    /// @dev Takes an ask `n` times: the first `capacity` takes succeed at the ask's price with the
    /// auction's collateral, later ones are refused as full; a price above the maximum never takes.
    function testFuzz_postJobWithAsk_priceCollateralAndCapacity(
        uint256 askPrice,
        uint256 maxPrice,
        uint256 capacity,
        uint256 n
    ) public {
        askPrice = bound(askPrice, 1, 150e6);
        maxPrice = bound(maxPrice, 1, 150e6);
        capacity = bound(capacity, 1, 5);
        n = bound(n, 1, 7);
        _ask(alice, askPrice, capacity);
        uint256 collateral = _collateralFor(maxPrice, 0);
        for (uint256 i; i < n; ++i) {
            if (askPrice > maxPrice) {
                vm.expectRevert(
                    abi.encodeWithSelector(IAskBook.AskBookPriceAboveMax.selector, alice, modelId, askPrice, maxPrice)
                );
            } else if (i >= capacity) {
                vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookFull.selector, alice, modelId, capacity));
            }
            uint256 jobId = _postFastWith(_fastRequest(maxPrice), alice);
            if (askPrice > maxPrice || i >= capacity) continue;
            IJobMarket.Job memory j = sys.market.getJob(jobId);
            assertEq(j.price, askPrice);
            assertEq(j.collateral, collateral);
        }
        uint256 taken = askPrice > maxPrice ? 0 : (n < capacity ? n : capacity);
        assertEq(_active(alice), taken);
        _assertStake(alice, STAKE, taken * collateral, 0, 0);
        assertEq(usd.balanceOf(address(sys.market)), taken * maxPrice, "escrow of each job taken");
    }

    /// @dev Finalizing any mix of fast and auction jobs in one batch credits every payee exactly
    /// what one `finalize` per job credits, and unlocks the same collateral.
    function testFuzz_finalizeMany_equalsSingleFinality(uint256 seed, uint256 n) public {
        n = bound(n, 1, 8);
        _ask(alice, 1 + seed % 100e6, 8);
        uint256[] memory ids = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            if (r % 2 == 0) {
                ids[i] = _postFast(alice);
                _submitFast(ids[i], alice);
            } else {
                ids[i] = _submitted(bob, _bidFloor(MAX_PRICE) + r % (MAX_PRICE - _bidFloor(MAX_PRICE)));
            }
        }
        uint256 snapshot = vm.snapshotState();
        _finalizeMany(ids);
        uint256[4] memory batched = [
            sys.market.claimable(alice),
            sys.market.claimable(bob),
            sys.market.claimable(treasury),
            sys.market.claimable(requester)
        ];
        vm.revertToState(snapshot);
        for (uint256 i; i < n; ++i) {
            _finalize(ids[i]);
        }
        assertEq(batched[0], sys.market.claimable(alice), "alice");
        assertEq(batched[1], sys.market.claimable(bob), "bob");
        assertEq(batched[2], sys.market.claimable(treasury), "treasury");
        assertEq(batched[3], sys.market.claimable(requester), "requester");
        _assertStake(alice, STAKE, 0, 0, 0);
    }

    /// @dev Reliability is completed / ended in bps; a floor at or below it passes, above it fails.
    function testFuzz_commitBid_floorIsTheCompletedShare(uint8 completed, uint8 missed, uint16 floorBps) public {
        completed = uint8(bound(completed, 0, 6));
        missed = uint8(bound(missed, 0, 6));
        floorBps = uint16(bound(floorBps, 1, 10_000));
        for (uint256 i; i < completed; ++i) {
            _finalize(_submitted(alice, 60e6));
        }
        for (uint256 i; i < missed; ++i) {
            uint256 jobId = _assigned(alice, 60e6);
            vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
            sys.market.reportMissedDeadline(jobId);
        }
        uint256 ended = uint256(completed) + missed;
        uint256 reliability = ended == 0 ? 10_000 : uint256(completed) * 10_000 / ended;
        IJobMarket.JobRequest memory r = _request();
        r.minReliabilityBps = floorBps;
        uint256 jobId = _post(r);
        bytes32 c = sys.market.bidCommitment(jobId, 0, alice, 50e6, _salt(alice, 50e6));
        if (reliability < floorBps) {
            vm.expectRevert(
                abi.encodeWithSelector(IJobMarket.MarketBelowReliabilityFloor.selector, alice, reliability, floorBps)
            );
        }
        vm.prank(alice);
        sys.market.commitBid(jobId, c);
    }
}
