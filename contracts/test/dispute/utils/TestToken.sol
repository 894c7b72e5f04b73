// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice The bond token in tests: a plain OpenZeppelin ERC20 anyone can mint.
contract TestToken is ERC20 {
    constructor() ERC20("Verity Test", "VTEST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
