// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakingBase} from "./StakingBase.sol";

/// @notice Staked tokens keep their voting power through the staking contract: votes follow
/// bonded + unbonding stake through stake, unstake, withdraw and slash, checkpointed per block.
contract StakingVotesTest is StakingBase {
    function test_stake_delegatesAFirstStakerToItself() public {
        assertEq(sys.staking.delegates(dave), address(0));
        _stake(dave, 300e18);
        assertEq(sys.staking.delegates(dave), dave);
        assertEq(sys.staking.getVotes(dave), 300e18);
    }

    function test_stake_followsTheTokenDelegate() public {
        address delegatee = makeAddr("delegatee");
        vm.prank(dave);
        sys.token.delegate(delegatee);
        _stake(dave, 300e18);
        assertEq(sys.staking.delegates(dave), delegatee);
        assertEq(sys.staking.getVotes(delegatee), 300e18);
        assertEq(sys.staking.getVotes(dave), 0);
    }

    function test_stake_keepsAnExplicitStakingDelegate() public {
        address delegatee = makeAddr("delegatee");
        vm.prank(dave);
        sys.staking.delegate(delegatee);
        _stake(dave, 300e18);
        _stake(dave, 200e18);
        assertEq(sys.staking.getVotes(delegatee), 500e18);
    }

    function test_stakedTokens_areNotCountedByTheToken() public {
        vm.prank(dave);
        sys.token.delegate(dave);
        uint256 liquid = sys.token.balanceOf(dave);
        assertEq(sys.token.getVotes(dave), liquid);
        _stake(dave, 300e18);
        assertEq(sys.token.getVotes(dave), liquid - 300e18, "the token no longer counts them");
        assertEq(sys.staking.getVotes(dave), 300e18, "staking does");
        assertEq(sys.token.getVotes(address(sys.staking)), 0, "staking never delegates its balance");
    }

    function test_getPastVotes_followsStakeUnstakeWithdrawAndSlash() public {
        vm.roll(100);
        _stake(dave, 1000e18); // block 100
        vm.prank(dave);
        sys.staking.register("");
        vm.roll(101);
        _unstake(dave, 400e18); // unbonding still votes
        vm.roll(102);
        vm.warp(_info(dave).releaseAt);
        vm.prank(dave);
        sys.staking.withdraw(); // 600 left
        vm.roll(103);
        _lock(dave, 1, 100e18);
        (address[] memory r, uint256[] memory a) = _one(requester, 50e18);
        vm.prank(market);
        sys.staking.slash(dave, 1, 100e18, r, a); // 550 left
        vm.roll(104);

        assertEq(sys.staking.getPastVotes(dave, 99), 0);
        assertEq(sys.staking.getPastVotes(dave, 100), 1000e18);
        assertEq(sys.staking.getPastVotes(dave, 101), 1000e18);
        assertEq(sys.staking.getPastVotes(dave, 102), 600e18);
        assertEq(sys.staking.getPastVotes(dave, 103), 550e18);
        assertEq(sys.staking.getVotes(dave), 550e18);
        uint256 others = 3 * STAKE;
        assertEq(sys.staking.getPastTotalSupply(99), others);
        assertEq(sys.staking.getPastTotalSupply(101), others + 1000e18);
        assertEq(sys.staking.getPastTotalSupply(102), others + 600e18);
        assertEq(sys.staking.getPastTotalSupply(103), others + 550e18);
    }

    function test_delegate_movesAllStakeVotes() public {
        address delegatee = makeAddr("delegatee");
        vm.prank(alice);
        sys.staking.delegate(delegatee);
        assertEq(sys.staking.getVotes(alice), 0);
        assertEq(sys.staking.getVotes(delegatee), STAKE);
        _unstake(alice, 1000e18);
        assertEq(sys.staking.getVotes(delegatee), STAKE, "unbonding keeps its votes");
        vm.warp(_info(alice).releaseAt);
        vm.prank(alice);
        sys.staking.withdraw();
        assertEq(sys.staking.getVotes(delegatee), STAKE - 1000e18);
    }

    function testFuzz_votes_equalBondedPlusUnbonding(uint96 s1, uint96 u, bool doWithdraw) public {
        s1 = uint96(bound(s1, 1, 50_000e18));
        u = uint96(bound(u, 0, s1));
        _stake(dave, s1);
        if (u != 0) _unstake(dave, u);
        if (doWithdraw && u != 0) {
            vm.warp(_info(dave).releaseAt);
            vm.prank(dave);
            sys.staking.withdraw();
        }
        assertEq(sys.staking.getVotes(dave), uint256(_info(dave).bonded) + _info(dave).unbonding);
    }
}
