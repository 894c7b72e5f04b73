// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title tUSD, a payment token for local networks and tests only
/// @notice Anyone may mint it: it stands in for a real stablecoin on a devnet
/// and is never deployed to a public network by the deploy script.
contract TestStablecoin is ERC20 {
    constructor() ERC20("Test USD", "tUSD") {}

    /// @notice 6 decimals, as the stablecoins it stands in for.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mint `amount` to `to` (faucet for devnets and tests).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
