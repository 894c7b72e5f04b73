// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ResultStoreConsumer} from "../../src/consumer/examples/ResultStoreConsumer.sol";
import {Fixture} from "../utils/Fixture.sol";

/// @notice The example consumer's owner-only sweep (the callback path is in VerityConsumerBase.t.sol).
contract ResultStoreConsumerTest is Fixture {
    ResultStoreConsumer internal store;
    address internal owner = makeAddr("owner");
    address internal stranger = makeAddr("stranger");

    function setUp() public override {
        super.setUp();
        store = new ResultStoreConsumer(sys.market, IERC20(address(usd)), owner);
    }

    function test_sweep_sendsTheWholeBalanceToTheOwner() public {
        usd.mint(address(store), 7e6);
        vm.prank(owner);
        store.sweep(IERC20(address(usd)));
        assertEq(usd.balanceOf(owner), 7e6);
        assertEq(usd.balanceOf(address(store)), 0);
    }

    function test_sweep_RevertWhen_callerNotOwner() public {
        usd.mint(address(store), 7e6);
        vm.expectRevert(abi.encodeWithSelector(ResultStoreConsumer.ResultStoreNotOwner.selector, stranger));
        vm.prank(stranger);
        store.sweep(IERC20(address(usd)));
    }
}
