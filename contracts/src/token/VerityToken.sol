// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title VRT, the Verity protocol token
/// @notice Staked by providers as collateral and used to vote. The whole supply
/// is minted once at deployment; there is no owner and no further minting. The supply is at
/// most 2^96 - 1 wei (79.2 billion VRT): Staking and the delegation pool keep stake, locked
/// collateral and pool tokens in 96 bits, and a sum of two of them must not wrap.
contract VerityToken is ERC20, ERC20Permit, ERC20Votes {
    constructor(address holder, uint256 supply) ERC20("Verity", "VRT") ERC20Permit("Verity") {
        _mint(holder, supply);
    }

    /// @dev ERC20Votes checks every mint against this cap (`ERC20ExceededSafeSupply`): a deployment
    /// with a larger supply reverts.
    function _maxSupply() internal pure override returns (uint256) {
        return type(uint96).max;
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    /// @inheritdoc Nonces
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
