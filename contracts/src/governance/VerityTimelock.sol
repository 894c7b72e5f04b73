// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title Verity timelock
/// @notice Owns Parameters and the job market, and is the treasury. Every passed
/// proposal waits here `getMinDelay()` seconds before anyone may execute it, so
/// that providers and requesters see a change coming before it applies.
/// Roles once deployed: the governor is the only proposer and canceller; the
/// executor role is open (held by address(0)), so nobody can hold a passed proposal
/// hostage; the only admin is the timelock itself, so roles and the delay change
/// only through a vote.
/// @dev Deployed with no proposer: the governor needs the timelock's address first.
/// The temporary `admin` grants the governor its roles and then renounces
/// (see contracts/script/DeploySystem.sol, `deployWithGovernance`).
contract VerityTimelock is TimelockController {
    /// @param minDelay seconds between queueing and execution
    /// @param admin the deployer, which must renounce once the governor is wired
    constructor(uint256 minDelay, address admin)
        TimelockController(minDelay, new address[](0), _openExecutor(), admin)
    {}

    function _openExecutor() private pure returns (address[] memory executors) {
        executors = new address[](1);
        executors[0] = address(0);
    }
}
