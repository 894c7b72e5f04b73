// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Ask book
/// @notice Providers' standing asks, one per provider and model: a price per job, how many jobs the
/// provider serves at once, an expiry and the most collateral it lets one job lock. A requester takes
/// a named ask through `JobMarket.postJobWithAsk`, which assigns the job at the ask's price in the same
/// transaction; the market is the only caller of `take` and `release`. The book holds no funds.
interface IAskBook {
    // ---------------------------------------------------------------- errors
    /// @notice Only the job market may take or release an ask.
    error AskBookUnauthorized(address caller);
    /// @notice An ask's price must be positive and fit 96 bits.
    error AskBookBadPrice(uint256 price);
    /// @notice An ask's capacity must be between 1 and `max` jobs at once.
    error AskBookBadCapacity(uint256 capacity, uint256 max);
    /// @notice An ask's expiry (`expiry`) must lie after the current time `now` and fit 32 bits.
    error AskBookBadExpiry(uint256 expiry, uint256 now);
    /// @notice An ask's most collateral per job must fit 96 bits.
    error AskBookBadMaxCollateral(uint256 maxCollateral);
    /// @notice `provider` has no ask for the model (never published, or withdrawn).
    error AskBookNoAsk(address provider, uint256 modelId);
    /// @notice The ask of `provider` for the model expired at `expiry`.
    error AskBookExpired(address provider, uint256 modelId, uint256 expiry);
    /// @notice The ask of `provider` for the model already serves `capacity` jobs, its capacity.
    error AskBookFull(address provider, uint256 modelId, uint256 capacity);
    /// @notice The ask's price `price` is above the requester's maximum price `maxPrice`.
    error AskBookPriceAboveMax(address provider, uint256 modelId, uint256 price, uint256 maxPrice);
    /// @notice The job's collateral `collateral` is above the most the ask lets a job lock.
    error AskBookCollateralAboveMax(address provider, uint256 modelId, uint256 collateral, uint256 maxCollateral);
    /// @notice An ask's shortest execution window or most callback gas must fit 32 bits.
    error AskBookBadTerms(uint256 minExecutionWindow, uint256 maxCallbackGas);
    /// @notice The job's execution window `executionWindow` (seconds) is shorter than the ask's
    /// `minExecutionWindow`: the provider could not deliver in time and would be slashed for it.
    error AskBookWindowTooShort(address provider, uint256 modelId, uint256 executionWindow, uint256 minExecutionWindow);
    /// @notice The job's consumer callback gas `callbackGasLimit` is above the ask's `maxCallbackGas`:
    /// whoever finalizes (the provider, to be paid) pays for it.
    error AskBookCallbackGasAboveMax(
        address provider, uint256 modelId, uint256 callbackGasLimit, uint256 maxCallbackGas
    );

    // ---------------------------------------------------------------- events
    /// @notice `provider` published or updated its ask for `modelId`.
    event AskSet(
        address indexed provider,
        uint256 indexed modelId,
        uint256 price,
        uint256 capacity,
        uint256 expiry,
        uint256 maxCollateral,
        uint256 minExecutionWindow,
        uint256 maxCallbackGas
    );
    /// @notice `provider` withdrew its ask for `modelId`; jobs it took stay assigned.
    event AskWithdrawn(address indexed provider, uint256 indexed modelId);

    // ---------------------------------------------------------------- types
    /// @notice An ask as stored, in two slots. `capacity` zero means no ask; `active` counts the
    /// provider's fast jobs of the model that are assigned and not yet submitted (nor reported late).
    /// The second slot holds the terms a taken job must meet besides price and collateral: in an
    /// auction the bidder reads the request and can decline, a take is not the provider's to refuse.
    struct Ask {
        uint96 price; // payment token per job
        uint32 expiry; // last second at which the ask can be taken
        uint16 capacity; // most jobs served at once
        uint16 active; // jobs taken and not yet submitted or reported late
        uint96 maxCollateral; // most collateral (VRT wei) one job may lock
        uint32 minExecutionWindow; // shortest execution window (seconds) a job may give the provider
        uint32 maxCallbackGas; // most consumer callback gas a job may make its finality pay
    }

    // ---------------------------------------------------------------- provider
    /// @notice Publish or update the caller's ask for `modelId`. Jobs already taken keep their price
    /// and still count against the capacity, which may be set below them (no new take until they end).
    /// A job taking the ask must give at least `minExecutionWindow` seconds to deliver (what the
    /// provider needs to run the model and have its result mined, with a margin: a shorter window
    /// would let a requester take the ask and report the deadline it made sure to miss) and ask at
    /// most `maxCallbackGas` for its consumer's callback (paid by whoever finalizes).
    function setAsk(
        uint256 modelId,
        uint256 price,
        uint256 capacity,
        uint256 expiry,
        uint256 maxCollateral,
        uint256 minExecutionWindow,
        uint256 maxCallbackGas
    ) external;
    /// @notice Withdraw the caller's ask for `modelId`: no new job can take it.
    function withdrawAsk(uint256 modelId) external;

    // ---------------------------------------------------------------- market
    /// @notice Take one unit of the ask's capacity for a job of `maxPrice` and `collateral` with
    /// `executionWindow` seconds to deliver and `callbackGasLimit` of consumer callback (market only).
    /// Reverts unless the ask exists, is not expired, has room, asks at most `maxPrice`, lets a job
    /// lock `collateral`, needs no more than `executionWindow` and allows `callbackGasLimit`.
    /// Returns the ask's price.
    function take(
        address provider,
        uint256 modelId,
        uint256 maxPrice,
        uint256 collateral,
        uint256 executionWindow,
        uint256 callbackGasLimit
    ) external returns (uint256 price);
    /// @notice Give back one unit of capacity once a fast job was submitted or reported late (market only).
    function release(address provider, uint256 modelId) external;

    // ---------------------------------------------------------------- views
    /// @notice The ask of `provider` for `modelId` (all zero when none was ever published).
    function askOf(address provider, uint256 modelId) external view returns (Ask memory);
    /// @notice The job market, the only caller of `take` and `release`.
    function market() external view returns (address);
}
