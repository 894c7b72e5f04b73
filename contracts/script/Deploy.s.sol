// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console} from "forge-std/Script.sol";
import {DeploySystem} from "./DeploySystem.sol";
import {DeployConfig} from "./DeployConfig.sol";
import {GovernanceConfig} from "./GovernanceConfig.sol";

/// @notice Deploys Verity under governance (timelock-owned Parameters and market, governor,
/// guardian) and writes the addresses to `deployments/<chainId>.json`, where the SDK,
/// indexer and worker read them.
/// Usage: forge script contracts/script/Deploy.s.sol --rpc-url $RPC --broadcast --private-key $KEY
/// Environment (all optional):
///   VERITY_TREASURY       treasury (default: the timelock)
///   VERITY_GUARDIAN       guardian that may pause new jobs (default: the deployer; a multisig in production)
///   VERITY_PAYMENT_TOKEN  payment token (default: a test stablecoin is deployed)
///   VERITY_TOKEN_SUPPLY   VRT supply, minted to the deployer (default 1e9 VRT)
///   VERITY_GOVERNANCE     "devnet" (default: short voting times, deployer self-delegates), "production",
///                         or "none" (test harnesses only: no governor, the deployer owns Parameters and the
///                         market and is the default treasury, as before governance existed)
///   VERITY_SECONDS_PER_BLOCK  block time used to turn production voting times into blocks (default 12)
contract Deploy is Script {
    function run() external returns (DeploySystem.System memory s) {
        address deployer = msg.sender;
        address treasury = vm.envOr("VERITY_TREASURY", address(0));
        address guardian = vm.envOr("VERITY_GUARDIAN", deployer);
        address paymentToken = vm.envOr("VERITY_PAYMENT_TOKEN", address(0));
        uint256 supply = vm.envOr("VERITY_TOKEN_SUPPLY", uint256(1_000_000_000e18));
        bytes32 profile = keccak256(bytes(vm.envOr("VERITY_GOVERNANCE", string("devnet"))));
        bool devnet = profile == keccak256("devnet");
        bool governed = profile != keccak256("none");
        require(devnet || !governed || profile == keccak256("production"), "VERITY_GOVERNANCE: devnet|production|none");
        uint256 startBlock = block.number;

        vm.startBroadcast();
        if (governed) {
            GovernanceConfig.Governance memory gov = devnet
                ? GovernanceConfig.devnet()
                : GovernanceConfig.production(vm.envOr("VERITY_SECONDS_PER_BLOCK", uint256(12)));
            s = DeploySystem.deployWithGovernance(
                deployer, deployer, supply, paymentToken, guardian, DeployConfig.devnetParameters(treasury), gov
            );
        } else {
            if (treasury == address(0)) treasury = deployer;
            s = DeploySystem.deploy(
                deployer, deployer, supply, paymentToken, guardian, DeployConfig.devnetParameters(treasury)
            );
        }
        DeploySystem.deployDisputeGame(s);
        // On a devnet the deployer holds the whole supply: delegating to itself lets it
        // propose and vote at once. A production holder delegates as it chooses.
        if (devnet) s.token.delegate(deployer);
        vm.stopBroadcast();

        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeUint(o, "startBlock", startBlock);
        vm.serializeAddress(o, "token", address(s.token));
        vm.serializeAddress(o, "paymentToken", address(s.paymentToken));
        vm.serializeAddress(o, "parameters", address(s.params));
        vm.serializeAddress(o, "staking", address(s.staking));
        vm.serializeAddress(o, "modelRegistry", address(s.models));
        if (governed) {
            vm.serializeAddress(o, "votes", address(s.votes));
            vm.serializeAddress(o, "timelock", address(s.timelock));
            vm.serializeAddress(o, "governor", address(s.governor));
        }
        vm.serializeAddress(o, "disputeGame", address(s.disputes));
        vm.serializeAddress(o, "guardian", guardian);
        string memory json = vm.serializeAddress(o, "jobMarket", address(s.market));
        // A fresh clone has no deployments/ folder (it is not committed).
        vm.createDir(string.concat(vm.projectRoot(), "/deployments"), true);
        // Tests running side by side each pass their own VERITY_DEPLOYMENT_OUT.
        string memory path = vm.envOr(
            "VERITY_DEPLOYMENT_OUT",
            string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(json, path);
        console.log("deployment written to", path);
    }
}
