// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script, console} from "forge-std/Script.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {DeploySystem} from "./DeploySystem.sol";
import {DeployConfig} from "./DeployConfig.sol";
import {GovernanceConfig} from "./GovernanceConfig.sol";
import {Parameters} from "../src/Parameters.sol";
import {IParameters} from "../src/interfaces/IParameters.sol";

/// @notice Deploys Verity under governance (timelock-owned Parameters and market, governor,
/// guardian) and writes the addresses to `deployments/<chainId>.json`, where the SDK,
/// indexer and worker read them.
/// Usage: forge script contracts/script/Deploy.s.sol --rpc-url $RPC --broadcast --private-key $KEY
/// Environment:
///   VERITY_PROFILE        "devnet" or "production": the parameter set and its bounds
///                         (DeployConfig). Required on any chain other than 31337 and 1337, where
///                         only "production" is accepted. On a local chain it defaults to "devnet",
///                         or to "production" when VERITY_GOVERNANCE=production.
///   VERITY_GOVERNANCE     "devnet" (short voting times, deployer self-delegates), "production", or
///                         "none" (test harnesses only: no governor, the deployer owns Parameters and
///                         the market and is the default treasury). Defaults to the profile; only
///                         "production" is accepted on a public chain, and only with the production profile.
///   VERITY_PAYMENT_TOKEN  payment token. Required on a public chain; on a local chain a test
///                         stablecoin is deployed when unset (never anywhere else).
///   VERITY_TREASURY       treasury (default: the timelock)
///   VERITY_GUARDIAN       guardian that may pause new jobs (default: the deployer; a multisig in production)
///   VERITY_TOKEN_SUPPLY   VRT supply, minted to the deployer (default 1e9 VRT)
///   VERITY_SECONDS_PER_BLOCK  block time used to turn production voting times into blocks (default 12)
contract Deploy is Script {
    function run() external returns (DeploySystem.System memory s) {
        address guardian = vm.envOr("VERITY_GUARDIAN", msg.sender);
        uint256 startBlock = block.number;
        bool governed;
        (s, governed) = _deploy(guardian);
        _write(s, startBlock, governed, guardian);
    }

    /// @dev What the environment asks for, gathered in memory (the stack is too small for it).
    struct Inputs {
        address deployer;
        address guardian;
        address paymentToken;
        uint256 supply;
        DeployConfig.Plan plan;
        Parameters.Init init;
        IParameters.Bounds bounds;
    }

    function _inputs(address guardian) private view returns (Inputs memory i) {
        i.deployer = msg.sender;
        i.guardian = guardian;
        i.paymentToken = vm.envOr("VERITY_PAYMENT_TOKEN", address(0));
        i.supply = vm.envOr("VERITY_TOKEN_SUPPLY", uint256(1_000_000_000e18));
        i.plan = DeployConfig.plan(
            block.chainid,
            vm.envOr("VERITY_PROFILE", string("")),
            vm.envOr("VERITY_GOVERNANCE", string("")),
            i.paymentToken
        );
        address treasury = vm.envOr("VERITY_TREASURY", address(0));
        if (i.plan.governance == DeployConfig.Governance.None && treasury == address(0)) treasury = i.deployer;
        i.init =
            i.plan.production ? DeployConfig.productionParameters(treasury) : DeployConfig.devnetParameters(treasury);
        // The test stablecoin (deployed when no token is given, on a local chain only) has 6 decimals.
        uint8 decimals = i.paymentToken == address(0) ? 6 : IERC20Metadata(i.paymentToken).decimals();
        i.bounds = i.plan.production ? DeployConfig.productionBounds(decimals) : DeployConfig.devnetBounds(i.supply);
    }

    function _deploy(address guardian) private returns (DeploySystem.System memory s, bool governed) {
        Inputs memory i = _inputs(guardian);
        governed = i.plan.governance != DeployConfig.Governance.None;
        vm.startBroadcast();
        if (governed) {
            GovernanceConfig.Governance memory gov = i.plan.governance == DeployConfig.Governance.Devnet
                ? GovernanceConfig.devnet()
                : GovernanceConfig.production(vm.envOr("VERITY_SECONDS_PER_BLOCK", uint256(12)));
            s = DeploySystem.deployWithGovernance(
                i.deployer, i.deployer, i.supply, i.paymentToken, i.guardian, i.init, i.bounds, gov
            );
        } else {
            s = DeploySystem.deploy(i.deployer, i.deployer, i.supply, i.paymentToken, i.guardian, i.init, i.bounds);
        }
        DeploySystem.deployDisputeGame(s);
        // On a devnet the deployer holds the whole supply: delegating to itself lets it
        // propose and vote at once. A production holder delegates as it chooses.
        if (i.plan.governance == DeployConfig.Governance.Devnet) s.token.delegate(i.deployer);
        vm.stopBroadcast();
    }

    function _write(DeploySystem.System memory s, uint256 startBlock, bool governed, address guardian) private {
        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeUint(o, "startBlock", startBlock);
        vm.serializeAddress(o, "token", address(s.token));
        vm.serializeAddress(o, "paymentToken", address(s.paymentToken));
        vm.serializeAddress(o, "parameters", address(s.params));
        vm.serializeAddress(o, "staking", address(s.staking));
        vm.serializeAddress(o, "delegationPool", address(s.delegationPool));
        vm.serializeAddress(o, "modelRegistry", address(s.models));
        if (governed) {
            vm.serializeAddress(o, "votes", address(s.votes));
            vm.serializeAddress(o, "timelock", address(s.timelock));
            vm.serializeAddress(o, "governor", address(s.governor));
        }
        vm.serializeAddress(o, "disputeGame", address(s.disputes));
        vm.serializeAddress(o, "guardian", guardian);
        // Created by the market with it (the fast path's ask book, batched finality): listed so that
        // off-chain readers (the indexer) need not ask the market for them.
        vm.serializeAddress(o, "askBook", address(s.market.askBook()));
        vm.serializeAddress(o, "batchFinalizer", s.market.batchFinalizer());
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
