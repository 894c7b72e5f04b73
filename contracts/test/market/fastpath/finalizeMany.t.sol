// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IBatchFinalizer} from "../../../src/interfaces/IBatchFinalizer.sol";
import {JobStatus} from "../../../src/types/JobStatus.sol";

/// @notice Batched finality: the same payouts as one `finalize` per job, in one transaction.
contract MarketFinalizeManyTest is FastPathBase {
    function setUp() public override {
        super.setUp();
        _ask(alice, ASK_PRICE, 64);
        _ask(bob, ASK_PRICE / 2, 64);
    }

    /// @dev `n` submitted jobs, alternating between a fast job of alice's and an auction job of bob's.
    function _submittedJobs(uint256 n) internal returns (uint256[] memory ids) {
        ids = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (i % 2 == 0) {
                ids[i] = _postFast(alice);
                _submitFast(ids[i], alice);
            } else {
                ids[i] = _submitted(bob, 30e6 + i);
            }
        }
    }

    function _balances() internal view returns (uint256[5] memory b) {
        b = [
            sys.market.claimable(alice),
            sys.market.claimable(bob),
            sys.market.claimable(treasury),
            sys.market.claimable(requester),
            sys.staking.stakeOf(alice).locked + sys.staking.stakeOf(bob).locked
        ];
    }

    function test_finalizeMany_paysExactlyWhatSingleFinalityPays() public {
        uint256[] memory ids = _submittedJobs(6);
        uint256 snapshot = vm.snapshotState();
        _finalizeMany(ids);
        uint256[5] memory batched = _balances();
        IJobMarket.ProviderRecord memory batchedRecord = sys.market.recordOf(alice);

        vm.revertToState(snapshot);
        for (uint256 i; i < ids.length; ++i) {
            _finalize(ids[i]);
        }
        uint256[5] memory single = _balances();
        for (uint256 k; k < 5; ++k) {
            assertEq(batched[k], single[k]);
        }
        assertEq(batched[4], 0, "every collateral unlocked");
        assertEq(batchedRecord.completed, sys.market.recordOf(alice).completed);
        for (uint256 i; i < ids.length; ++i) {
            _assertStatus(ids[i], JobStatus.Finalized);
        }
    }

    function test_finalizeMany_emitsWhatSingleFinalityEmits() public {
        uint256[] memory ids = _submittedJobs(2);
        uint256 fee = ASK_PRICE * sys.params.protocolFeeBps() / 10_000;
        IJobMarket.Job memory second = sys.market.getJob(ids[1]);
        uint256 fee2 = uint256(second.price) * sys.params.protocolFeeBps() / 10_000;
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobFinalized(ids[0], alice, ASK_PRICE - fee, fee, MAX_PRICE - ASK_PRICE);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.JobFinalized(ids[1], bob, second.price - fee2, fee2, MAX_PRICE - second.price);
        _finalizeMany(ids);
    }

    function test_finalizeMany_tenJobsWarm() public {
        // the steady state: every payee already has a balance
        uint256[] memory warmUp = new uint256[](1);
        warmUp[0] = _postFastWith(_fastRequest(ASK_PRICE), alice);
        _submitFast(warmUp[0], alice);
        _finalizeMany(warmUp);

        uint256[] memory ids = new uint256[](10);
        bytes32[] memory hashes = new bytes32[](10);
        bytes32[] memory roots = new bytes32[](10);
        bytes[] memory outputs = new bytes[](10);
        for (uint256 i; i < 10; ++i) {
            ids[i] = _postFastWith(_fastRequest(ASK_PRICE), alice);
            _submitFast(ids[i], alice);
            (hashes[i], roots[i], outputs[i]) = (keccak256(OUTPUT), TRACE, OUTPUT);
        }
        vm.warp(uint256(sys.market.getJob(ids[9]).deadline) + 1);
        finalizer.finalizeMany(ids, hashes, roots, outputs);
        vm.snapshotGasLastCall("market", "finalizeMany_10_warm");
        _assertRecord(alice, 11, 0, 0, 0);
    }

    function test_finalizeMany_emptyBatchDoesNothing() public {
        uint256[] memory none = new uint256[](0);
        finalizer.finalizeMany(none, new bytes32[](0), new bytes32[](0), new bytes[](0));
    }

    function test_finalizeMany_RevertWhen_tooManyJobs() public {
        uint256 n = finalizer.MAX_BATCH() + 1;
        vm.expectRevert(abi.encodeWithSelector(IBatchFinalizer.BatchFinalizerTooLarge.selector, n, n - 1));
        finalizer.finalizeMany(new uint256[](n), new bytes32[](n), new bytes32[](n), new bytes[](n));
    }

    function test_finalizeMany_RevertWhen_lengthsDiffer() public {
        bytes4 mismatch = IBatchFinalizer.BatchFinalizerLengthMismatch.selector;
        vm.expectRevert(abi.encodeWithSelector(mismatch, 2));
        finalizer.finalizeMany(new uint256[](2), new bytes32[](1), new bytes32[](2), new bytes[](2));
        vm.expectRevert(abi.encodeWithSelector(mismatch, 2));
        finalizer.finalizeMany(new uint256[](2), new bytes32[](2), new bytes32[](3), new bytes[](2));
        vm.expectRevert(abi.encodeWithSelector(mismatch, 2));
        finalizer.finalizeMany(new uint256[](2), new bytes32[](2), new bytes32[](2), new bytes[](0));
    }

    /// @dev All or nothing: one job still in its window reverts the batch with the market's error.
    function test_finalizeMany_RevertWhen_oneJobCannotBeFinalized() public {
        uint256[] memory ids = _submittedJobs(2);
        uint256[] memory withOpen = new uint256[](3);
        (withOpen[0], withOpen[1]) = (ids[0], ids[1]);
        withOpen[2] = _postFast(alice); // assigned, never submitted
        bytes32[] memory hashes = new bytes32[](3);
        bytes32[] memory roots = new bytes32[](3);
        bytes[] memory outputs = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            (hashes[i], roots[i], outputs[i]) = (keccak256(OUTPUT), TRACE, OUTPUT);
        }
        vm.warp(uint256(sys.market.getJob(ids[1]).deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, withOpen[2], JobStatus.Assigned));
        finalizer.finalizeMany(withOpen, hashes, roots, outputs);
        _assertStatus(ids[0], JobStatus.Submitted);
    }
}
