// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fixture} from "../utils/Fixture.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";

/// @notice Shared setup of the staking suites: a funded account that has not staked yet, and
/// helpers that act as the job market (the only caller of lock, unlock and slash).
abstract contract StakingBase is Fixture {
    address internal dave = makeAddr("dave");
    address internal market;

    function setUp() public virtual override {
        super.setUp();
        market = address(sys.market);
        sys.token.transfer(dave, 50_000e18);
        vm.prank(dave);
        sys.token.approve(address(sys.staking), type(uint256).max);
    }

    function _stake(address who, uint256 amount) internal {
        vm.prank(who);
        sys.staking.stake(amount);
    }

    function _lock(address who, uint256 jobId, uint256 amount) internal {
        vm.prank(market);
        sys.staking.lock(who, jobId, amount);
    }

    function _unstake(address who, uint256 amount) internal {
        vm.prank(who);
        sys.staking.requestUnstake(amount);
    }

    function _one(address recipient, uint256 amount) internal pure returns (address[] memory r, uint256[] memory a) {
        r = new address[](1);
        a = new uint256[](1);
        (r[0], a[0]) = (recipient, amount);
    }

    function _info(address who) internal view returns (IStaking.StakeInfo memory) {
        return sys.staking.stakeOf(who);
    }
}
