// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {FastPathBase} from "./FastPathBase.sol";
import {IAskBook} from "../../../src/interfaces/IAskBook.sol";
import {AskBook} from "../../../src/market/AskBook.sol";

/// @notice The ask book on its own: publishing, updating and withdrawing asks; takes and releases
/// are the market's alone.
contract MarketAskBookTest is FastPathBase {
    function test_askBook_isWiredToTheMarket() public view {
        assertEq(book.market(), address(sys.market));
        assertEq(address(finalizer.market()), address(sys.market));
    }

    function test_setAsk_publishesTheAsk() public {
        uint256 expiry = block.timestamp + 1 hours;
        vm.expectEmit(true, true, true, true, address(book));
        emit IAskBook.AskSet(alice, modelId, ASK_PRICE, 3, expiry, 5000e18, 0, 0);
        vm.prank(alice);
        book.setAsk(modelId, ASK_PRICE, 3, expiry, 5000e18, 0, 0);
        vm.snapshotGasLastCall("market", "setAsk");
        IAskBook.Ask memory a = book.askOf(alice, modelId);
        assertEq(a.price, ASK_PRICE);
        assertEq(a.expiry, expiry);
        assertEq(a.capacity, 3);
        assertEq(a.active, 0);
        assertEq(a.maxCollateral, 5000e18);
        assertEq(book.askOf(bob, modelId).capacity, 0, "per provider");
        assertEq(book.askOf(alice, modelId + 1).capacity, 0, "per model");
    }

    function test_setAsk_updateKeepsTheJobsTaken() public {
        _ask(alice, ASK_PRICE, 2);
        _postFast(alice);
        _ask(alice, ASK_PRICE / 2, 1);
        IAskBook.Ask memory a = book.askOf(alice, modelId);
        assertEq(a.price, ASK_PRICE / 2, "new price");
        assertEq(a.capacity, 1, "new capacity");
        assertEq(a.active, 1, "the job taken still counts");
        assertEq(sys.market.getJob(1).price, ASK_PRICE, "a job keeps the price it was taken at");
    }

    function test_setAsk_RevertWhen_priceIsZeroOrTooLarge() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadPrice.selector, 0));
        book.setAsk(modelId, 0, 1, block.timestamp + 1, 0, 0, 0);
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadPrice.selector, tooLarge));
        book.setAsk(modelId, tooLarge, 1, block.timestamp + 1, 0, 0, 0);
        vm.stopPrank();
    }

    function test_setAsk_RevertWhen_capacityIsZeroOrTooLarge() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadCapacity.selector, 0, type(uint16).max));
        book.setAsk(modelId, 1, 0, block.timestamp + 1, 0, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadCapacity.selector, 1 << 16, type(uint16).max));
        book.setAsk(modelId, 1, 1 << 16, block.timestamp + 1, 0, 0, 0);
        vm.stopPrank();
    }

    function test_setAsk_RevertWhen_expiryIsNotInTheFutureOrTooLarge() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadExpiry.selector, block.timestamp, block.timestamp));
        book.setAsk(modelId, 1, 1, block.timestamp, 0, 0, 0);
        uint256 tooLate = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadExpiry.selector, tooLate, block.timestamp));
        book.setAsk(modelId, 1, 1, tooLate, 0, 0, 0);
        vm.stopPrank();
    }

    function test_setAsk_RevertWhen_maxCollateralIsTooLarge() public {
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookBadMaxCollateral.selector, tooLarge));
        vm.prank(alice);
        book.setAsk(modelId, 1, 1, block.timestamp + 1, tooLarge, 0, 0);
    }

    function test_withdrawAsk_stopsNewTakesAndKeepsTheJobsTaken() public {
        _ask(alice, ASK_PRICE, 2);
        uint256 jobId = _postFast(alice);
        vm.expectEmit(true, true, true, true, address(book));
        emit IAskBook.AskWithdrawn(alice, modelId);
        vm.prank(alice);
        book.withdrawAsk(modelId);
        vm.snapshotGasLastCall("market", "withdrawAsk");
        IAskBook.Ask memory a = book.askOf(alice, modelId);
        assertEq(a.capacity, 0);
        assertEq(a.price, 0);
        assertEq(a.active, 1);

        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookNoAsk.selector, alice, modelId));
        _postFast(alice);
        // the job already taken is served as usual and gives its unit back
        _submitFast(jobId, alice);
        assertEq(_active(alice), 0);
    }

    function test_withdrawAsk_RevertWhen_noAsk() public {
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookNoAsk.selector, alice, modelId));
        vm.prank(alice);
        book.withdrawAsk(modelId);
    }

    function test_take_RevertWhen_callerIsNotTheMarket() public {
        _ask(alice, ASK_PRICE, 1);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookUnauthorized.selector, address(this)));
        book.take(alice, modelId, ASK_PRICE, 0, 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IAskBook.AskBookUnauthorized.selector, address(this)));
        book.release(alice, modelId);
    }

    /// @dev A book deployed by someone else answers to that deployer only: the market's own book is
    /// the one it created.
    function test_constructor_theDeployerIsTheMarket() public {
        AskBook other = new AskBook();
        assertEq(other.market(), address(this));
        vm.prank(alice);
        other.setAsk(modelId, 1, 1, block.timestamp + 1, 0, 0, 0);
        assertEq(other.take(alice, modelId, 1, 0, 0, 0), 1);
        other.release(alice, modelId);
        assertEq(other.askOf(alice, modelId).active, 0);
    }
}
