// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {VerityToken} from "../src/token/VerityToken.sol";
import {TestStablecoin} from "../src/token/TestStablecoin.sol";
import {Parameters} from "../src/Parameters.sol";
import {Staking} from "../src/staking/Staking.sol";
import {ModelRegistry} from "../src/models/ModelRegistry.sol";
import {JobMarket} from "../src/market/JobMarket.sol";

/// @notice Deploys and wires the whole protocol. Shared by the deploy script and
/// the tests, so that tests run against exactly what is deployed.
library DeploySystem {
    struct System {
        VerityToken token;
        IERC20 paymentToken;
        Parameters params;
        Staking staking;
        ModelRegistry models;
        JobMarket market;
    }

    /// @param admin owner of parameters and market (the governance timelock once wired)
    /// @param tokenHolder receives the whole VRT supply
    /// @param paymentToken the payment token, or zero to deploy a test stablecoin
    function deploy(
        address admin,
        address tokenHolder,
        uint256 tokenSupply,
        address paymentToken,
        address guardian,
        Parameters.Init memory init
    ) internal returns (System memory s) {
        s.token = new VerityToken(tokenHolder, tokenSupply);
        s.paymentToken = paymentToken == address(0) ? IERC20(address(new TestStablecoin())) : IERC20(paymentToken);
        s.params = new Parameters(admin, init);
        s.staking = new Staking(s.token, s.params);
        s.models = new ModelRegistry(s.token, s.params);
        s.market = new JobMarket(admin, s.paymentToken, s.staking, s.models, s.params, guardian);
        s.staking.wire(address(s.market));
    }
}
