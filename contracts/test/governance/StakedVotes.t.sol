// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernanceFixture} from "./utils/GovernanceFixture.sol";

/// @notice Voting power = liquid VRT (through the token) + staked VRT (through Staking),
/// each token counted exactly once.
contract GovernanceStakedVotesTest is GovernanceFixture {
    uint256 internal constant LIQUID = 600e18;
    uint256 internal constant STAKED = 400e18;

    address internal dana = makeAddr("dana"); // holds liquid and staked VRT
    address internal eve = makeAddr("eve"); // a delegate

    /// @dev dana: 1000 VRT, delegated to herself through the token, 400 of them staked.
    function _danaLiquidAndStaked() internal {
        _holder(dana, LIQUID + STAKED);
        vm.startPrank(dana);
        sys.staking.register("{}");
        sys.token.approve(address(sys.staking), type(uint256).max);
        sys.staking.stake(STAKED);
        vm.stopPrank();
        vm.roll(block.number + 1);
    }

    function _allVotes() internal view returns (uint256 total) {
        address[10] memory accounts =
            [whale, minnow, alice, bob, carol, dana, eve, requester, address(this), address(sys.timelock)];
        for (uint256 i; i < accounts.length; ++i) {
            total += sys.votes.getVotes(accounts[i]);
        }
    }

    function test_getVotes_liquidPlusStaked() public {
        _danaLiquidAndStaked();
        uint256 t = block.number - 1;
        assertEq(sys.token.getPastVotes(dana, t), LIQUID, "token side: liquid only");
        assertEq(sys.staking.getPastVotes(dana, t), STAKED, "staking side: staked only");
        assertEq(sys.votes.getPastVotes(dana, t), LIQUID + STAKED);
        assertEq(sys.governor.getVotes(dana, t), LIQUID + STAKED, "the governor reads the sum");
        (uint256 liquid, uint256 staked) = sys.votes.getPastVotesBySource(dana, t);
        assertEq(liquid, LIQUID);
        assertEq(staked, STAKED);
    }

    function test_getPastTotalSupply_isTheVrtSupply() public {
        _danaLiquidAndStaked();
        uint256 t = block.number - 1;
        assertEq(sys.votes.getPastTotalSupply(t), SUPPLY);
        assertEq(sys.votes.getPastTotalSupply(t), sys.token.getPastTotalSupply(t));
        assertEq(sys.staking.getPastTotalSupply(t), 3 * STAKE + STAKED, "stake is a part of the supply");
        assertEq(sys.governor.quorum(t), SUPPLY * 4 / 100, "staking does not move the quorum");
    }

    function test_totalVotes_everyTokenAtMostOnce() public {
        _danaLiquidAndStaked();
        assertLe(_allVotes(), SUPPLY);

        // With every holder delegated, votes cover the whole supply except the VRT no one
        // can delegate (model bonds held by the registry): staked VRT is in exactly once.
        sys.token.delegate(address(this));
        vm.prank(requester);
        sys.token.delegate(requester);
        vm.roll(block.number + 1);
        assertEq(sys.token.balanceOf(address(sys.models)), sys.params.modelRegistrationBond());
        assertEq(_allVotes(), SUPPLY - sys.token.balanceOf(address(sys.models)));
        assertEq(sys.token.getVotes(address(sys.staking)), 0);
    }

    function test_delegate_liquidMovesOnlyTheLiquidPart() public {
        _danaLiquidAndStaked();
        vm.prank(dana);
        sys.token.delegate(eve);
        assertEq(sys.votes.getVotes(dana), STAKED, "stake stays with dana's stake delegate");
        assertEq(sys.votes.getVotes(eve), LIQUID);
        assertEq(sys.votes.delegates(dana), eve);
        assertEq(sys.votes.stakeDelegates(dana), dana);
    }

    function test_stakingDelegate_movesOnlyTheStakedPart() public {
        _danaLiquidAndStaked();
        vm.prank(dana);
        sys.staking.delegate(eve);
        assertEq(sys.votes.getVotes(dana), LIQUID);
        assertEq(sys.votes.getVotes(eve), STAKED);
    }

    function test_stake_firstStakeFollowsTheTokenDelegate() public {
        _holder(dana, LIQUID + STAKED);
        vm.startPrank(dana);
        sys.token.delegate(eve);
        sys.token.approve(address(sys.staking), type(uint256).max);
        sys.staking.stake(STAKED);
        vm.stopPrank();
        assertEq(sys.votes.stakeDelegates(dana), eve);
        assertEq(sys.votes.getVotes(eve), LIQUID + STAKED, "all of dana's VRT votes through eve");
        assertEq(sys.votes.getVotes(dana), 0);
    }

    function test_stake_withoutTokenDelegateSelfDelegatesStakeOnly() public {
        // A holder who never delegated: its liquid VRT has no votes (ERC20Votes), its stake votes for itself.
        sys.token.transfer(dana, LIQUID + STAKED);
        vm.startPrank(dana);
        sys.token.approve(address(sys.staking), type(uint256).max);
        sys.staking.stake(STAKED);
        vm.stopPrank();
        assertEq(sys.votes.stakeDelegates(dana), dana);
        assertEq(sys.votes.delegates(dana), address(0));
        assertEq(sys.votes.getVotes(dana), STAKED);
    }

    function test_stake_movesVotesFromTokenSideToStakingSideOnly() public {
        _danaLiquidAndStaked();
        uint256 totalBefore = _allVotes();
        vm.prank(dana);
        sys.staking.stake(LIQUID);
        assertEq(sys.votes.getVotes(dana), LIQUID + STAKED, "same votes, now all staked");
        assertEq(sys.token.getVotes(dana), 0);
        assertEq(_allVotes(), totalBefore);
    }

    function test_slash_reducesVotes() public {
        uint256 jobId = _assigned(alice, 50e6);
        uint256 before = sys.votes.getVotes(alice);
        uint256 totalBefore = _allVotes();
        uint256 t = block.number;
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
        uint256 slashed = STAKE - sys.staking.stakeOf(alice).bonded;
        assertGt(slashed, 0);
        assertEq(sys.votes.getVotes(alice), before - slashed);
        // The requester received the slashed VRT but never delegated: it votes for no one.
        assertEq(sys.token.balanceOf(requester), slashed);
        assertEq(_allVotes(), totalBefore - slashed);
        vm.roll(block.number + 1);
        assertEq(sys.votes.getPastVotes(alice, t - 1), before, "history is kept");
    }

    function test_slash_whileUnbondingReducesVotes() public {
        uint256 jobId = _assigned(alice, 50e6);
        uint256 free = sys.staking.freeStakeOf(alice);
        vm.prank(alice);
        sys.staking.requestUnstake(free);
        assertEq(sys.votes.getVotes(alice), STAKE, "unbonding stake still votes (and is still slashable)");
        vm.warp(uint256(sys.market.getJob(jobId).deadline) + 1);
        sys.market.reportMissedDeadline(jobId);
        (uint256 bonded, uint256 unbonding) = (sys.staking.stakeOf(alice).bonded, sys.staking.stakeOf(alice).unbonding);
        assertEq(sys.votes.getVotes(alice), bonded + unbonding);
        assertLt(bonded + unbonding, STAKE);
    }

    function test_withdraw_votesFollowTheTokenDelegate() public {
        _danaLiquidAndStaked();
        vm.prank(dana);
        sys.staking.requestUnstake(STAKED);
        assertEq(sys.votes.getVotes(dana), LIQUID + STAKED, "unbonding stake keeps its votes");
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        vm.prank(dana);
        sys.staking.withdraw();
        assertEq(sys.staking.getVotes(dana), 0);
        assertEq(sys.token.getVotes(dana), LIQUID + STAKED, "back in the wallet, voting through the token");
        assertEq(sys.votes.getVotes(dana), LIQUID + STAKED);
    }

    function test_withdraw_withoutTokenDelegateLosesVotesUntilDelegating() public {
        // alice (Fixture provider) staked without ever delegating her liquid tokens.
        vm.startPrank(alice);
        sys.staking.requestUnstake(STAKE);
        vm.warp(block.timestamp + sys.params.unbondingDelay());
        sys.staking.withdraw();
        assertEq(sys.votes.getVotes(alice), 0);
        sys.token.delegate(alice);
        vm.stopPrank();
        assertEq(sys.votes.getVotes(alice), STAKE);
    }

    function testFuzz_getVotes_equalsLiquidPlusStaked(uint256 liquid, uint256 staked, bool delegateLiquid) public {
        liquid = bound(liquid, 0, 1_000_000e18);
        staked = bound(staked, 1, 1_000_000e18);
        sys.token.transfer(dana, liquid + staked);
        vm.startPrank(dana);
        if (delegateLiquid) sys.token.delegate(dana);
        sys.token.approve(address(sys.staking), type(uint256).max);
        sys.staking.stake(staked);
        vm.stopPrank();
        vm.roll(block.number + 1);
        assertEq(sys.votes.getPastVotes(dana, block.number - 1), (delegateLiquid ? liquid : 0) + staked);
        assertLe(_allVotes(), SUPPLY);
    }
}
