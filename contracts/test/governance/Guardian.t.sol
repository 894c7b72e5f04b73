// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobStatus} from "../../src/types/JobStatus.sol";

/// @notice The guardian stops new work (jobs and bids) and nothing else: work under way,
/// payouts, disputes and withdrawals go on while paused, and governance can replace it.
contract GovernanceGuardianTest is GovernanceFixture {
    modifier whenPaused() {
        vm.prank(guardian);
        sys.market.setPaused(true);
        _;
    }

    function _pause() internal {
        vm.prank(guardian);
        sys.market.setPaused(true);
    }

    /// @dev The dispute game if wired, else a stand-in wired now (the test contract deployed the market).
    function _disputeGame() internal returns (address game) {
        game = sys.market.disputeGame();
        if (game == address(0)) {
            game = makeAddr("disputeGame");
            sys.market.wire(game);
        }
    }

    /* WHAT THE GUARDIAN STOPS */

    function test_setPaused_blocksNewJobsAndBids() public {
        uint256 open = _post(_request());
        _pause();
        assertTrue(sys.market.paused());

        vm.prank(requester);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        sys.market.postJob(_request(), INPUT);
        vm.prank(requester);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        sys.market.postJobWithUri(_request(), "ipfs://input", keccak256(INPUT));
        vm.prank(alice);
        vm.expectRevert(IJobMarket.MarketPaused.selector);
        sys.market.commitBid(open, keccak256("bid"));

        vm.prank(guardian);
        sys.market.setPaused(false);
        _commit(open, alice, 50e6);
        assertGt(_post(_request()), open);
    }

    function test_setPaused_RevertWhen_notGuardianNorGovernance() public {
        vm.prank(whale);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, whale));
        sys.market.setPaused(true);
    }

    /* WHAT GOES ON WHILE PAUSED */

    function test_pause_revealAndSettleStillWork() public {
        uint256 jobId = _post(_request());
        _commit(jobId, alice, 50e6);
        _pause();
        _toReveal(jobId);
        _reveal(jobId, alice, 50e6);
        _toSettle(jobId);
        sys.market.settleAuction(jobId);
        assertEq(uint8(sys.market.getJob(jobId).status), uint8(JobStatus.Assigned));
    }

    function test_pause_submitFinalizeAndClaimStillWork() public {
        uint256 jobId = _assigned(alice, 50e6);
        _pause();
        vm.prank(alice);
        sys.market.submitResult(jobId, OUTPUT, _trace());
        _finalize(jobId);
        assertEq(uint8(sys.market.getJob(jobId).status), uint8(JobStatus.Finalized));

        uint256 owed = sys.market.claimable(alice);
        assertGt(owed, 0);
        vm.prank(alice);
        sys.market.claim();
        assertEq(usd.balanceOf(alice), owed);
        vm.prank(requester);
        sys.market.claim();
        assertEq(sys.staking.stakeOf(alice).locked, 0, "collateral unlocked");
    }

    function test_pause_cancelJobStillRefunds() public {
        uint256 jobId = _post(_request());
        _pause();
        vm.prank(requester);
        sys.market.cancelJob(jobId);
        assertEq(sys.market.claimable(requester), MAX_PRICE);
    }

    function test_pause_missedDeadlineStillSlashes() public {
        uint256 jobId = _assigned(alice, 50e6);
        _pause();
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        uint256 balanceBefore = sys.token.balanceOf(requester);
        sys.market.reportMissedDeadline(jobId);
        assertGt(sys.token.balanceOf(requester), balanceBefore, "requester compensated in VRT");
        assertEq(sys.market.claimable(requester), MAX_PRICE, "escrow refunded");
    }

    function test_pause_disputeOpensAndResolves() public {
        address game = _disputeGame();
        uint256 rejected = _submitted(alice, 50e6);
        uint256 upheld = _submitted(bob, 50e6);
        _pause();

        vm.startPrank(game);
        sys.market.openDispute(rejected);
        sys.market.openDispute(upheld);
        sys.market.resolveDispute(rejected, 0, false, challenger);
        sys.market.resolveDispute(upheld, 0, true, challenger);
        vm.stopPrank();
        assertEq(uint8(sys.market.getJob(rejected).status), uint8(JobStatus.Rejected));
        assertLt(sys.staking.stakeOf(alice).bonded, STAKE, "the wrong provider was slashed");
        assertGt(sys.token.balanceOf(game), 0, "the challengers' reward pot was paid to the game");
        _finalize(upheld);
        assertEq(uint8(sys.market.getJob(upheld).status), uint8(JobStatus.Finalized));
    }

    function test_pause_unstakeAndWithdrawStillWork() public {
        _pause();
        vm.startPrank(carol);
        sys.staking.requestUnstake(STAKE);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        sys.staking.withdraw();
        vm.stopPrank();
        assertEq(sys.token.balanceOf(carol), STAKE);
        // Staking is never paused: new stake comes in too.
        vm.startPrank(carol);
        sys.staking.stake(STAKE);
        vm.stopPrank();
        assertEq(sys.staking.stakeOf(carol).bonded, STAKE);
    }

    /* WHAT THE GUARDIAN CANNOT DO */

    function test_guardian_cannotChangeParameters() public {
        bytes[] memory calls = new bytes[](6);
        calls[0] = abi.encodeCall(Parameters.setChallengeWindow, (120));
        calls[1] = abi.encodeCall(Parameters.setUnbondingDelay, (2 hours));
        calls[2] = abi.encodeCall(Parameters.setTreasury, (guardian));
        calls[3] = abi.encodeCall(Parameters.setProtocolFeeBps, (2000));
        calls[4] = abi.encodeCall(Parameters.setFraudSlashBps, (10_000));
        calls[5] = abi.encodeCall(Ownable.transferOwnership, (guardian));
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(guardian);
            (bool ok, bytes memory err) = address(sys.params).call(calls[i]);
            assertFalse(ok);
            assertEq(err, abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        }
    }

    function test_guardian_cannotTakeTheMarketOrReplaceItself() public {
        vm.startPrank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        sys.market.setGuardian(makeAddr("friend"));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        sys.market.transferOwnership(guardian);
        vm.stopPrank();
    }

    function test_guardian_cannotTouchStakeDisputesOrFunds() public {
        uint256 jobId = _submitted(alice, 50e6);
        address[] memory to = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (to[0], amounts[0]) = (guardian, STAKE);

        vm.startPrank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, guardian));
        sys.staking.slash(alice, jobId, 0, to, amounts);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, guardian));
        sys.staking.unlock(alice, jobId, 1);
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingUnauthorized.selector, guardian));
        sys.staking.wire(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, guardian));
        sys.market.openDispute(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, guardian));
        sys.market.resolveDispute(jobId, 0, false, guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, guardian));
        sys.market.wire(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNothingToClaim.selector, guardian));
        sys.market.claim();
        vm.stopPrank();
    }

    function test_guardian_cannotActAsGovernance() public {
        TimelockController t = sys.timelock;
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calls = new bytes[](1);
        targets[0] = address(sys.params);
        calls[0] = abi.encodeCall(Parameters.setChallengeWindow, (120));
        (bytes32 proposerRole, bytes32 cancellerRole, uint256 delay) =
            (t.PROPOSER_ROLE(), t.CANCELLER_ROLE(), t.getMinDelay());

        vm.startPrank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, proposerRole)
        );
        t.scheduleBatch(targets, values, calls, 0, 0, delay);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, cancellerRole)
        );
        t.cancel(bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, guardian));
        t.updateDelay(0);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, guardian));
        sys.governor.relay(address(sys.params), 0, calls[0]);
        vm.stopPrank();
    }

    /* GOVERNANCE OVER THE GUARDIAN */

    function test_setGuardian_governanceReplacesGuardian() public {
        address newGuardian = makeAddr("newGuardian");
        Proposal memory p =
            _proposal(address(sys.market), abi.encodeCall(JobMarket.setGuardian, (newGuardian)), "Rotate the guardian");
        _passAndQueue(p);
        _execute(p);
        assertEq(sys.market.guardian(), newGuardian);

        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, guardian));
        sys.market.setPaused(true);
        vm.prank(newGuardian);
        sys.market.setPaused(true);
        assertTrue(sys.market.paused());
    }

    function test_governance_unpausesAndRemovesGuardian() public {
        _pause();
        Proposal memory p;
        p.targets = new address[](2);
        p.values = new uint256[](2);
        p.calldatas = new bytes[](2);
        (p.targets[0], p.calldatas[0]) = (address(sys.market), abi.encodeCall(JobMarket.setGuardian, (address(0))));
        (p.targets[1], p.calldatas[1]) = (address(sys.market), abi.encodeCall(JobMarket.setPaused, (false)));
        p.description = "The guardian held the market paused: remove it and reopen";
        _passAndQueue(p);
        _execute(p);
        assertFalse(sys.market.paused());
        assertEq(sys.market.guardian(), address(0));
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnauthorized.selector, guardian));
        sys.market.setPaused(true);
        _post(_request());
    }
}
