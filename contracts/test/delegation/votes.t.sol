// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DelegationBase} from "./DelegationBase.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice Delegated VRT keeps its governance weight with its delegator (or whomever the delegator
/// chose), through Staking's votes, counted once: what leaves the delegator's liquid votes arrives in
/// its staked votes, and the pool itself never votes.
contract DelegationVotesTest is DelegationBase {
    address internal voter = makeAddr("voter");

    function _selfDelegate(address who) internal {
        vm.prank(who);
        sys.token.delegate(who);
    }

    /// @dev What VerityVotes adds up for the Governor: liquid (token) plus staked (Staking) votes.
    function _votes(address who) internal view returns (uint256) {
        return sys.token.getVotes(who) + sys.staking.getVotes(who);
    }

    function test_votes_delegatingKeepsTheDelegatorsWeight() public {
        _selfDelegate(d1);
        assertEq(_votes(d1), FUNDS, "liquid");
        _delegate(d1, dave, 1_000e18);
        assertEq(_votes(d1), FUNDS, "unchanged: 1,000 left the liquid votes and arrived in the staked");
        assertEq(sys.staking.getVotes(d1), 1_000e18, "through Staking");
        assertEq(sys.staking.getVotes(dave), OWN, "not the provider's");
        assertEq(sys.token.getVotes(address(pool)), 0, "the pool votes nowhere");
    }

    function test_votes_goWhereTheLiquidVotesGo() public {
        vm.prank(d2);
        sys.token.delegate(voter);
        _delegate(d2, dave, 500e18);
        assertEq(_votes(voter), FUNDS, "voter votes d2's liquid and delegated VRT");
        assertEq(_votes(d2), 0, "d2 chose voter");
        assertEq(sys.staking.delegates(d2), voter, "set on the first delegation, as on a first stake");
    }

    function test_votes_delegatorMovesThemInStaking() public {
        _selfDelegate(d1);
        _delegate(d1, dave, 1_000e18);
        vm.prank(d1);
        sys.staking.delegate(voter);
        assertEq(_votes(voter), 1_000e18, "the delegated VRT's weight moved");
        assertEq(_votes(d1), FUNDS - 1_000e18, "the liquid stayed");
    }

    function test_votes_keptWhileThawingAndBackToLiquidOnWithdraw() public {
        _selfDelegate(d1);
        uint256 shares = _delegate(d1, dave, 1_000e18);
        _undelegate(d1, dave, shares);
        assertEq(_votes(d1), FUNDS, "thawing VRT is still at stake and still votes");
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(d1);
        pool.withdraw(dave);
        assertEq(sys.staking.getVotes(d1), 0, "nothing left in the pool");
        assertEq(_votes(d1), FUNDS, "all liquid again");
    }

    function test_votes_countedOnceAcrossDelegators() public {
        _selfDelegate(d1);
        _selfDelegate(d2);
        _delegate(d1, dave, 3_000e18);
        _delegate(d2, dave, 1_000e18);
        _delegate(d1, dave, 7);
        uint256 total = _votes(d1) + _votes(d2) + _votes(dave);
        assertEq(total, 2 * FUNDS + OWN, "each token once");
        assertEq(
            sys.staking.getVotes(d1) + sys.staking.getVotes(d2),
            pool.poolOf(dave).tokens,
            "the delegators' staked votes are the pool's tokens"
        );
    }

    /// A slash lowers every position of the pool without a loop; each is revalued at its delegator's
    /// next action, or by anyone through `syncVotes`.
    function test_votes_revaluedAfterASlashBySyncVotes() public {
        _selfDelegate(d1);
        _delegate(d1, dave, 1_000e18);
        _convicted(dave); // own 200, then 800 of the pool
        assertEq(sys.staking.getVotes(d1), 1_000e18, "stale until revalued");
        vm.expectEmit(address(sys.staking));
        emit IStaking.DelegatorVotesMoved(dave, d1, 1_000e18, 200e18);
        pool.syncVotes(dave, d1); // anyone
        assertEq(sys.staking.getVotes(d1), 200e18, "what the position is worth");
        assertEq(_votes(d1), FUNDS - 800e18, "the slashed 800 no longer vote for d1");
    }

    function test_moveDelegatorVotes_RevertWhen_notThePool() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.StakingNotDelegationPool.selector, address(this)));
        sys.staking.moveDelegatorVotes(dave, d1, 0, 1e18);
    }
}
