// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IModelRegistry} from "../../src/interfaces/IModelRegistry.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {DisputeGameTestBase} from "./utils/DisputeGameTestBase.sol";

contract DisputeConstructorTest is DisputeGameTestBase {
    function test_constructor_wiresImmutables() public view {
        assertEq(address(game.market()), address(market));
        assertEq(address(game.parameters()), address(params));
        assertEq(address(game.registry()), address(registry));
        assertEq(address(game.bondToken()), address(token));
        assertEq(game.disputeCount(), 0);
    }

    function test_constructor_RevertWhen_anyAddressIsZero() public {
        vm.expectRevert(IDisputeGame.DisputeZeroAddress.selector);
        new DisputeGame(IJobMarket(address(0)), params, registry, token);
        vm.expectRevert(IDisputeGame.DisputeZeroAddress.selector);
        new DisputeGame(market, IParameters(address(0)), registry, token);
        vm.expectRevert(IDisputeGame.DisputeZeroAddress.selector);
        new DisputeGame(market, params, IModelRegistry(address(0)), token);
        vm.expectRevert(IDisputeGame.DisputeZeroAddress.selector);
        new DisputeGame(market, params, registry, IERC20(address(0)));
    }

    function test_getDispute_RevertWhen_unknown() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeGame.DisputeUnknown.selector, 1));
        game.getDispute(1);
    }
}
