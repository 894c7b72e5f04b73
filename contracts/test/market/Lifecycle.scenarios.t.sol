// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

contract MarketLifecycleScenariosTest is Fixture {
    function test_lifecycle_lowestBidWinsAndIsPaid() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 60e6);
        _commit(jobId, bob, 40e6);
        _toReveal(jobId);
        _reveal(jobId, alice, 60e6);
        _reveal(jobId, bob, 40e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        IJobMarket.Job memory job = sys.market.getJob(jobId);
        assertEq(job.provider, bob);
        assertEq(uint8(job.status), uint8(JobStatus.Assigned));
        assertEq(sys.staking.stakeOf(alice).locked, 0, "loser unlocked");
        assertEq(sys.staking.stakeOf(bob).locked, job.collateral, "winner locked");

        vm.prank(bob);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        uint256 fee = 40e6 * sys.params.protocolFeeBps() / 10_000;
        assertEq(sys.market.claimable(bob), 40e6 - fee);
        assertEq(sys.market.claimable(treasury), fee);
        assertEq(sys.market.claimable(requester), MAX_PRICE - 40e6);
        assertEq(sys.staking.stakeOf(bob).locked, 0);
        assertEq(usd.balanceOf(address(sys.market)), MAX_PRICE);
    }
}
