// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../../utils/Fixture.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IAskBook} from "../../../src/interfaces/IAskBook.sol";
import {IBatchFinalizer} from "../../../src/interfaces/IBatchFinalizer.sol";

/// @notice Set-up shared by the fast path's suites: standing asks and jobs that take them.
abstract contract FastPathBase is Fixture {
    uint256 internal constant ASK_PRICE = 40e6;
    uint256 internal constant CAPACITY = 2;
    uint256 internal constant ASK_TTL = 1 days;

    IAskBook internal book;
    IBatchFinalizer internal finalizer;

    function setUp() public virtual override {
        super.setUp();
        book = sys.market.askBook();
        finalizer = IBatchFinalizer(sys.market.batchFinalizer());
    }

    /// @dev `who` publishes an ask for the fixture's model at `price` for `capacity` jobs at once,
    /// a day long, letting a job lock any collateral.
    function _ask(address who, uint256 price, uint256 capacity) internal {
        vm.prank(who);
        book.setAsk(modelId, price, capacity, block.timestamp + ASK_TTL, type(uint96).max, 0, type(uint32).max);
    }

    function _fastRequest(uint256 maxPrice) internal view returns (IJobMarket.JobRequest memory r) {
        r = _request();
        r.maxPrice = maxPrice;
    }

    function _postFastWith(IJobMarket.JobRequest memory r, address provider) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = sys.market.postJobWithAsk(r, INPUT, provider);
    }

    /// @dev A fast job of maximum price `MAX_PRICE` taking `provider`'s ask.
    function _postFast(address provider) internal returns (uint256 jobId) {
        jobId = _postFastWith(_request(), provider);
    }

    function _submitFast(uint256 jobId, address provider) internal {
        vm.prank(provider);
        sys.market.submitResult(jobId, OUTPUT, _trace());
    }

    function _active(address provider) internal view returns (uint256) {
        return book.askOf(provider, modelId).active;
    }

    /// @dev Finalizes `jobIds` (all submitted with the fixture's output) in one batch, after the last window.
    function _finalizeMany(uint256[] memory jobIds) internal {
        uint256 n = jobIds.length;
        bytes32[] memory hashes = new bytes32[](n);
        bytes32[] memory roots = new bytes32[](n);
        bytes[] memory outputs = new bytes[](n);
        uint256 last;
        for (uint256 i; i < n; ++i) {
            (hashes[i], roots[i], outputs[i]) = (keccak256(OUTPUT), TRACE, OUTPUT);
            uint256 d = sys.market.getJob(jobIds[i]).deadline;
            if (d > last) last = d;
        }
        vm.warp(last + 1);
        finalizer.finalizeMany(jobIds, hashes, roots, outputs);
    }

    function _record(address provider) internal view returns (IJobMarket.ProviderRecord memory) {
        return sys.market.recordOf(provider);
    }

    function _assertRecord(address provider, uint256 completed, uint256 missed, uint256 convicted, uint256 inARow)
        internal
        view
    {
        IJobMarket.ProviderRecord memory r = sys.market.recordOf(provider);
        assertEq(r.completed, completed, "completed");
        assertEq(r.missed, missed, "missed");
        assertEq(r.convicted, convicted, "convicted");
        assertEq(r.missedInARow, inARow, "missedInARow");
    }
}
