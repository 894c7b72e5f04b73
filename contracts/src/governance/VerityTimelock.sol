// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVerityTimelock} from "./interfaces/IVerityTimelock.sol";

/// @title Verity timelock
/// @notice Owns Parameters and the job market, and is the treasury. Every passed
/// proposal waits here `getMinDelay()` seconds before anyone may execute it, so
/// that providers and requesters see a change coming before it applies.
/// Roles once deployed: the governor is the only proposer and canceller; the
/// executor role is open (held by address(0)), so nobody can hold a passed proposal
/// hostage; the only admin is the timelock itself, so roles and the delay change
/// only through a vote.
/// The delay itself never goes below `minDelayFloor` (an immutable, at least
/// `PRODUCTION_DELAY_FLOOR_MIN` on a public chain) nor above `DELAY_CEILING`: one proposal can
/// no longer set it to zero and let every later one apply the moment it is queued.
/// @dev Deployed with no proposer: the governor needs the timelock's address first.
/// The temporary `admin` grants the governor its roles and then renounces
/// (see contracts/script/DeploySystem.sol, `deployWithGovernance`).
contract VerityTimelock is IVerityTimelock, TimelockController {
    /// @notice The least floor any deployment may fix: a nonzero delay.
    uint256 public constant DELAY_FLOOR_MIN = 1 seconds;
    /// @notice The longest delay a vote may set: beyond a month, a vote (or a mistake) could freeze
    /// governance, hence every parameter, behind a delay nobody would wait out.
    uint256 public constant DELAY_CEILING = 30 days;
    /// @notice On a public chain the floor is at least a day: long enough for providers and
    /// requesters to see an accepted change and withdraw or stop posting, and for the guardian to
    /// pause new jobs, and as long as the longest L2 force-inclusion delay (24 h on Arbitrum).
    uint256 public constant PRODUCTION_DELAY_FLOOR_MIN = 1 days;

    uint256 private immutable _minDelayFloor;

    /// @param minDelay seconds between queueing and execution
    /// @param minDelayFloor_ the least delay a vote may set later (immutable)
    /// @param admin the deployer, which must renounce once the governor is wired
    constructor(uint256 minDelay, uint256 minDelayFloor_, address admin)
        TimelockController(minDelay, new address[](0), _openExecutor(), admin)
    {
        if (minDelayFloor_ < DELAY_FLOOR_MIN || minDelayFloor_ > DELAY_CEILING) {
            revert VerityTimelockFloorOutOfRange(minDelayFloor_, DELAY_FLOOR_MIN, DELAY_CEILING);
        }
        if (block.chainid != 31_337 && block.chainid != 1337 && minDelayFloor_ < PRODUCTION_DELAY_FLOOR_MIN) {
            revert VerityTimelockFloorBelowProductionMinimum(minDelayFloor_, PRODUCTION_DELAY_FLOOR_MIN, block.chainid);
        }
        _minDelayFloor = minDelayFloor_;
        _checkDelay(minDelay, minDelayFloor_);
    }

    /// @inheritdoc IVerityTimelock
    function minDelayFloor() external view returns (uint256) {
        return _minDelayFloor;
    }

    /// @notice Change the delay (the timelock itself only, hence only by a vote), within
    /// [`minDelayFloor`, `DELAY_CEILING`].
    function updateDelay(uint256 newDelay) public override {
        // The caller check first, so a stranger still gets TimelockUnauthorizedCaller.
        if (msg.sender == address(this)) _checkDelay(newDelay, _minDelayFloor);
        super.updateDelay(newDelay);
    }

    function _checkDelay(uint256 delay, uint256 floor) private pure {
        if (delay < floor || delay > DELAY_CEILING) revert VerityTimelockDelayOutOfBounds(delay, floor, DELAY_CEILING);
    }

    function _openExecutor() private pure returns (address[] memory executors) {
        executors = new address[](1);
        executors[0] = address(0);
    }
}
