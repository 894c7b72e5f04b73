// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console} from "forge-std/Script.sol";
import {DeploySystem} from "./DeploySystem.sol";
import {DeployConfig} from "./DeployConfig.sol";

/// @notice Deploys Verity and writes the addresses to `deployments/<chainId>.json`,
/// where the SDK, indexer and worker read them.
/// Usage: forge script contracts/script/Deploy.s.sol --rpc-url $RPC --broadcast --private-key $KEY
contract Deploy is Script {
    function run() external returns (DeploySystem.System memory s) {
        address deployer = msg.sender;
        address treasury = vm.envOr("VERITY_TREASURY", deployer);
        address guardian = vm.envOr("VERITY_GUARDIAN", deployer);
        address paymentToken = vm.envOr("VERITY_PAYMENT_TOKEN", address(0));
        uint256 supply = vm.envOr("VERITY_TOKEN_SUPPLY", uint256(1_000_000_000e18));
        uint256 startBlock = block.number;

        vm.startBroadcast();
        s = DeploySystem.deploy(
            deployer, deployer, supply, paymentToken, guardian, DeployConfig.devnetParameters(treasury)
        );
        vm.stopBroadcast();

        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeUint(o, "startBlock", startBlock);
        vm.serializeAddress(o, "token", address(s.token));
        vm.serializeAddress(o, "paymentToken", address(s.paymentToken));
        vm.serializeAddress(o, "parameters", address(s.params));
        vm.serializeAddress(o, "staking", address(s.staking));
        vm.serializeAddress(o, "modelRegistry", address(s.models));
        string memory json = vm.serializeAddress(o, "jobMarket", address(s.market));
        string memory path = string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json");
        vm.writeJson(json, path);
        console.log("deployment written to", path);
    }
}
