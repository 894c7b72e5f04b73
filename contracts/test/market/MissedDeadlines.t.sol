// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

/// @notice Consecutive missed deadlines per provider: each doubles the liveness slash (up to the
/// whole collateral); a finalized job resets the count.
contract MarketMissedDeadlinesTest is Fixture {
    function _miss(address who) internal returns (uint256 slashed) {
        uint256 jobId = _assigned(who, 60e6);
        uint256 before = sys.staking.stakeOf(who).bonded;
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
        slashed = before - sys.staking.stakeOf(who).bonded;
    }

    function test_missedDeadlines_startsAtZero() public view {
        assertEq(sys.market.missedDeadlines(alice), 0);
    }

    function test_reportMissedDeadline_doublesTheSlashForEachMissInARow() public {
        uint256 base = _collateral() / 10;
        assertEq(_miss(alice), base);
        assertEq(_miss(alice), 2 * base);
        assertEq(_miss(alice), 4 * base);
        assertEq(sys.market.missedDeadlines(alice), 3);
        assertEq(_miss(bob), base, "counted per provider");
    }

    function test_reportMissedDeadline_emitsTheCountInARow() public {
        _miss(alice);
        uint256 jobId = _assigned(alice, 60e6);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.DeadlineMissed(jobId, alice, _collateral() / 5, 2);
        sys.market.reportMissedDeadline(jobId);
    }

    function test_reportMissedDeadline_slashIsCappedAtTheCollateral() public {
        uint256 c = _collateral();
        uint256[6] memory expected = [c / 10, c / 5, 2 * c / 5, 4 * c / 5, c, c];
        for (uint256 i; i < expected.length; ++i) {
            assertEq(_miss(alice), expected[i]);
        }
    }

    /// @dev The exponent is capped, so a long streak neither overflows nor reverts.
    function test_reportMissedDeadline_longStreakStaysAtTheCollateral() public {
        // a streak far beyond the cap, written straight into the counter's storage slot
        bytes32 slot = _missedSlot(alice);
        // the count in a row is the record's last field, the slot's top 64 bits
        vm.store(address(sys.market), slot, bytes32(uint256(1000) << 192));
        assertEq(sys.market.missedDeadlines(alice), 1000);
        assertEq(_miss(alice), _collateral());
        assertEq(sys.market.missedDeadlines(alice), 1001);
    }

    function test_finalize_resetsTheCount() public {
        _miss(alice);
        _miss(alice);
        uint256 jobId = _submitted(alice, 60e6);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.expectEmit(true, true, true, true, address(sys.market));
        emit IJobMarket.MissedDeadlinesReset(alice);
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        assertEq(sys.market.missedDeadlines(alice), 0);
        assertEq(_miss(alice), _collateral() / 10, "back to the base slash");
    }

    function test_finalize_doesNotEmitAResetWithoutMisses() public {
        uint256 jobId = _submitted(alice, 60e6);
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        vm.recordLogs();
        sys.market.finalize(jobId, keccak256(OUTPUT), TRACE, OUTPUT);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertGt(logs.length, 0);
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IJobMarket.MissedDeadlinesReset.selector, "no reset to report");
        }
    }

    /// @dev The storage slot of `who`'s record, found by watching which slot `missedDeadlines` reads.
    function _missedSlot(address who) internal returns (bytes32) {
        vm.record();
        sys.market.missedDeadlines(who);
        (bytes32[] memory reads,) = vm.accesses(address(sys.market));
        return reads[reads.length - 1];
    }
}
