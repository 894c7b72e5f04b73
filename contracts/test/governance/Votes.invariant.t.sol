// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {VerityToken} from "../../src/token/VerityToken.sol";
import {Staking} from "../../src/staking/Staking.sol";
import {VerityVotes} from "../../src/governance/VerityVotes.sol";

/// @notice Random transfers, delegations (liquid and staked), stakes, unstakes and withdrawals
/// among a few holders, over many blocks.
contract VotesHandler is Test {
    VerityToken internal immutable _token;
    Staking internal immutable _staking;
    address[] internal _actors;

    constructor(VerityToken token_, Staking staking_, address[] memory actors_) {
        _token = token_;
        _staking = staking_;
        _actors = actors_;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address a = _actor(from);
        amount = bound(amount, 0, _token.balanceOf(a));
        vm.prank(a);
        _token.transfer(_actor(to), amount);
    }

    function delegateLiquid(uint256 who, uint256 to) external {
        vm.prank(_actor(who));
        _token.delegate(_actor(to));
    }

    function delegateStake(uint256 who, uint256 to) external {
        vm.prank(_actor(who));
        _staking.delegate(_actor(to));
    }

    function stake(uint256 who, uint256 amount) external {
        address a = _actor(who);
        amount = bound(amount, 0, _token.balanceOf(a));
        if (amount == 0) return;
        vm.prank(a);
        _staking.stake(amount);
    }

    function requestUnstake(uint256 who, uint256 amount) external {
        address a = _actor(who);
        amount = bound(amount, 0, _staking.freeStakeOf(a));
        if (amount == 0) return;
        vm.prank(a);
        _staking.requestUnstake(amount);
    }

    function withdraw(uint256 who) external {
        address a = _actor(who);
        uint256 releaseAt = _staking.stakeOf(a).releaseAt;
        if (_staking.stakeOf(a).unbonding == 0) return;
        if (block.timestamp < releaseAt) vm.warp(releaseAt);
        vm.prank(a);
        _staking.withdraw();
    }

    /// @dev As the job market does on a liveness or fraud fault (the market is Staking's only slasher).
    function slash(uint256 who, uint256 to, uint256 amount) external {
        address a = _actor(who);
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (recipients[0], amounts[0]) = (_actor(to), bound(amount, 0, 2 * _staking.getVotes(a) + 1));
        vm.prank(_staking.market());
        _staking.slash(a, 0, 0, recipients, amounts);
    }

    function nextBlock(uint256 blocks) external {
        vm.roll(block.number + bound(blocks, 1, 10));
    }
}

contract GovernanceVotesInvariantTest is GovernanceFixture {
    VotesHandler internal handler;
    address[] internal actors;
    uint256 internal startBlock;

    function setUp() public override {
        super.setUp();
        actors.push(makeAddr("h0"));
        actors.push(makeAddr("h1"));
        actors.push(makeAddr("h2"));
        actors.push(makeAddr("h3"));
        for (uint256 i; i < actors.length; ++i) {
            sys.token.transfer(actors[i], 1_000_000e18 * (i + 1));
            vm.prank(actors[i]);
            sys.token.approve(address(sys.staking), type(uint256).max);
        }
        // Everyone else delegates too, so that the exact count below covers the whole supply.
        sys.token.delegate(address(this));
        vm.prank(requester);
        sys.token.delegate(requester);
        for (uint256 i; i < 3; ++i) {
            address p = [alice, bob, carol][i];
            vm.prank(p);
            sys.token.delegate(p);
        }
        startBlock = block.number;
        handler = new VotesHandler(sys.token, sys.staking, actors);
        targetContract(address(handler));
    }

    /// @dev Every address that holds VRT or may be delegated to.
    function _accounts() internal view returns (address[] memory all) {
        all = new address[](actors.length + 10);
        for (uint256 i; i < actors.length; ++i) {
            all[i] = actors[i];
        }
        uint256 n = actors.length;
        all[n] = whale;
        all[n + 1] = minnow;
        all[n + 2] = alice;
        all[n + 3] = bob;
        all[n + 4] = carol;
        all[n + 5] = requester;
        all[n + 6] = address(this);
        all[n + 7] = publisher;
        all[n + 8] = address(sys.timelock);
        all[n + 9] = address(sys.models);
    }

    /// @notice Votes never exceed the VRT supply, now and at every past block.
    function invariant_votesNeverExceedSupply() public view {
        address[] memory all = _accounts();
        uint256 total;
        for (uint256 i; i < all.length; ++i) {
            total += sys.votes.getVotes(all[i]);
        }
        assertLe(total, sys.votes.getPastTotalSupply(block.number - 1));
        if (block.number > startBlock + 1) {
            uint256 t = block.number - 1;
            uint256 past;
            for (uint256 i; i < all.length; ++i) {
                past += sys.votes.getPastVotes(all[i], t);
            }
            assertLe(past, sys.votes.getPastTotalSupply(t));
        }
    }

    /// @notice Exactly once: total votes = VRT of accounts that delegated + VRT staked,
    /// and the staked VRT is exactly Staking's balance, which itself votes for no one.
    function invariant_eachTokenCountedExactlyOnce() public view {
        address[] memory all = _accounts();
        uint256 votes;
        uint256 delegatedBalances;
        uint256 stakeVotes;
        for (uint256 i; i < all.length; ++i) {
            votes += sys.votes.getVotes(all[i]);
            stakeVotes += sys.staking.getVotes(all[i]);
            if (sys.token.delegates(all[i]) != address(0)) delegatedBalances += sys.token.balanceOf(all[i]);
        }
        uint256 stakingBalance = sys.token.balanceOf(address(sys.staking));
        assertEq(stakeVotes, stakingBalance, "staked votes = staked VRT");
        assertEq(votes, delegatedBalances + stakingBalance, "liquid (delegated) + staked");
        assertEq(sys.token.getVotes(address(sys.staking)), 0);
        assertEq(sys.token.delegates(address(sys.staking)), address(0), "staking never delegates");
    }
}
