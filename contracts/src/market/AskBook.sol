// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAskBook} from "../interfaces/IAskBook.sol";

/// @title Ask book
/// @notice Standing asks of providers, taken by the job market's fast path (docs/protocol.md,
/// "The fast path"). Created by the market in its constructor, so that the pair can never be wired
/// to anything else; it keeps the market under the contract size limit and holds no funds.
/// @dev An ask lives in two slots: a take reads both and writes the first, a release writes the first
/// again.
contract AskBook is IAskBook {
    /// @inheritdoc IAskBook
    address public immutable market;

    mapping(address provider => mapping(uint256 modelId => Ask)) private _asks;

    constructor() {
        market = msg.sender;
    }

    modifier onlyMarket() {
        if (msg.sender != market) revert AskBookUnauthorized(msg.sender);
        _;
    }

    /* PROVIDER */

    /// @inheritdoc IAskBook
    /// @dev No check that the caller is a staked provider or that the model exists: a take checks
    /// both (the market's `_post` and `staking.lock`), and an ask nobody can take costs nobody else.
    function setAsk(
        uint256 modelId,
        uint256 price,
        uint256 capacity,
        uint256 expiry,
        uint256 maxCollateral,
        uint256 minExecutionWindow,
        uint256 maxCallbackGas
    ) external {
        if (price == 0 || price > type(uint96).max) revert AskBookBadPrice(price);
        if (capacity == 0 || capacity > type(uint16).max) revert AskBookBadCapacity(capacity, type(uint16).max);
        if (expiry <= block.timestamp || expiry > type(uint32).max) revert AskBookBadExpiry(expiry, block.timestamp);
        if (maxCollateral > type(uint96).max) revert AskBookBadMaxCollateral(maxCollateral);
        if (minExecutionWindow > type(uint32).max || maxCallbackGas > type(uint32).max) {
            revert AskBookBadTerms(minExecutionWindow, maxCallbackGas);
        }
        Ask storage ask = _asks[msg.sender][modelId];
        ask.price = uint96(price);
        ask.expiry = uint32(expiry);
        ask.capacity = uint16(capacity);
        ask.maxCollateral = uint96(maxCollateral);
        ask.minExecutionWindow = uint32(minExecutionWindow);
        ask.maxCallbackGas = uint32(maxCallbackGas);
        emit AskSet(msg.sender, modelId, price, capacity, expiry, maxCollateral, minExecutionWindow, maxCallbackGas);
    }

    /// @inheritdoc IAskBook
    /// @dev `active` stays: the jobs already taken still release their unit when they end.
    function withdrawAsk(uint256 modelId) external {
        Ask storage ask = _asks[msg.sender][modelId];
        if (ask.capacity == 0) revert AskBookNoAsk(msg.sender, modelId);
        ask.price = 0;
        ask.expiry = 0;
        ask.capacity = 0;
        ask.maxCollateral = 0;
        ask.minExecutionWindow = 0;
        ask.maxCallbackGas = 0;
        emit AskWithdrawn(msg.sender, modelId);
    }

    /* MARKET */

    /// @inheritdoc IAskBook
    function take(
        address provider,
        uint256 modelId,
        uint256 maxPrice,
        uint256 collateral,
        uint256 executionWindow,
        uint256 callbackGasLimit
    ) external onlyMarket returns (uint256 price) {
        Ask storage ask = _asks[provider][modelId];
        uint256 capacity = ask.capacity;
        if (capacity == 0) revert AskBookNoAsk(provider, modelId);
        if (block.timestamp > ask.expiry) revert AskBookExpired(provider, modelId, ask.expiry);
        if (ask.active >= capacity) revert AskBookFull(provider, modelId, capacity);
        price = ask.price;
        if (price > maxPrice) revert AskBookPriceAboveMax(provider, modelId, price, maxPrice);
        if (collateral > ask.maxCollateral) {
            revert AskBookCollateralAboveMax(provider, modelId, collateral, ask.maxCollateral);
        }
        if (executionWindow < ask.minExecutionWindow) {
            revert AskBookWindowTooShort(provider, modelId, executionWindow, ask.minExecutionWindow);
        }
        if (callbackGasLimit > ask.maxCallbackGas) {
            revert AskBookCallbackGasAboveMax(provider, modelId, callbackGasLimit, ask.maxCallbackGas);
        }
        // active < capacity <= type(uint16).max: no overflow.
        unchecked {
            ++ask.active;
        }
    }

    /// @inheritdoc IAskBook
    /// @dev Checked: the market releases exactly once per take, so an underflow would be a market bug
    /// and must fail loudly rather than hand out capacity.
    function release(address provider, uint256 modelId) external onlyMarket {
        --_asks[provider][modelId].active;
    }

    /* VIEWS */

    /// @inheritdoc IAskBook
    function askOf(address provider, uint256 modelId) external view returns (Ask memory) {
        return _asks[provider][modelId];
    }
}
