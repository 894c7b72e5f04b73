// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";

/// @notice Governance as a random sequence of setter calls, each value drawn from a range wider
/// than its bounds, on a devnet deployment and on a production one (built on a public chain id).
contract ParametersHandler is Test {
    Parameters[2] internal _targets;
    address internal immutable _owner;
    uint256 public accepted;

    constructor(Parameters devnet, Parameters production, address owner_) {
        _targets[0] = devnet;
        _targets[1] = production;
        _owner = owner_;
    }

    function _call(uint256 which, bytes memory data) internal {
        vm.prank(_owner);
        (bool ok,) = address(_targets[which % 2]).call(data);
        if (ok) ++accepted;
    }

    function setMinStake(uint256 which, uint256 v) external {
        _call(which, abi.encodeCall(Parameters.setMinStake, (bound(v, 0, 2e27))));
    }

    function setCollateralRatio(uint256 which, uint256 v) external {
        _call(which, abi.encodeCall(Parameters.setCollateralRatio, (bound(v, 0, 2e31))));
    }

    function setMinJobCollateral(uint256 which, uint256 v) external {
        _call(which, abi.encodeCall(Parameters.setMinJobCollateral, (bound(v, 0, 200e18))));
    }

    function setFraudSlashBps(uint256 which, uint16 v) external {
        _call(which, abi.encodeCall(Parameters.setFraudSlashBps, (uint16(bound(v, 4000, 10_500)))));
    }

    function setSlashShares(uint256 which, uint16 c, uint16 r) external {
        _call(which, abi.encodeCall(Parameters.setSlashShares, (uint16(bound(c, 0, 9000)), uint16(bound(r, 0, 9000)))));
    }

    function setCommitWindow(uint256 which, uint32 v) external {
        _call(which, abi.encodeCall(Parameters.setCommitWindow, (uint32(bound(v, 0, 600)))));
    }

    function setRevealWindow(uint256 which, uint32 v) external {
        _call(which, abi.encodeCall(Parameters.setRevealWindow, (uint32(bound(v, 0, 600)))));
    }

    function setMaxExecutionWindow(uint256 which, uint32 v) external {
        _call(which, abi.encodeCall(Parameters.setMaxExecutionWindow, (uint32(bound(v, 0, 2 days)))));
    }

    function setChallengeWindow(uint256 which, uint32 v) external {
        _call(which, abi.encodeCall(Parameters.setChallengeWindow, (uint32(bound(v, 0, 20 days)))));
    }

    function setDisputeMoveTimeout(uint256 which, uint32 v) external {
        _call(which, abi.encodeCall(Parameters.setDisputeMoveTimeout, (uint32(bound(v, 0, 8 days)))));
    }

    function setUnbondingDelay(uint256 which, uint32 v) external {
        _call(which, abi.encodeCall(Parameters.setUnbondingDelay, (uint32(bound(v, 0, 60 days)))));
    }

    function setChallengerBond(uint256 which, uint256 v) external {
        _call(which, abi.encodeCall(Parameters.setChallengerBond, (bound(v, 0, 2e23))));
    }
}

/// @notice Whatever sequence of setter calls governance makes, every coupled rule and every bound
/// of the deployment holds.
contract ParametersInvariantTest is Test {
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    Parameters internal devnet;
    Parameters internal production;
    ParametersHandler internal handler;

    function setUp() public {
        address owner = makeAddr("owner");
        address treasury = makeAddr("treasury");
        devnet = new Parameters(owner, DeployConfig.devnetParameters(treasury), DeployConfig.devnetBounds(SUPPLY));
        IParameters.Bounds memory b = DeployConfig.productionBounds(6);
        b.stakeTokenSupply = SUPPLY;
        uint256 local = block.chainid;
        vm.chainId(8453);
        production = new Parameters(owner, DeployConfig.productionParameters(treasury), b);
        vm.chainId(local);
        handler = new ParametersHandler(devnet, production, owner);
        targetContract(address(handler));
    }

    function _both() internal view returns (Parameters[2] memory ps) {
        ps[0] = devnet;
        ps[1] = production;
    }

    function invariant_penaltyFloorHolds() public view {
        Parameters[2] memory ps = _both();
        for (uint256 k; k < 2; ++k) {
            Parameters p = ps[k];
            uint256 shares = uint256(p.challengerShareBps()) + p.requesterShareBps();
            assertLe(shares, 10_000);
            assertGe(uint256(p.fraudSlashBps()) * (10_000 - shares), p.PENALTY_FLOOR_BPS() * 10_000);
        }
    }

    function invariant_unbondingExceedsChallengeWindowPlusLongestDispute() public view {
        Parameters[2] memory ps = _both();
        for (uint256 k; k < 2; ++k) {
            assertGt(ps[k].unbondingDelay(), uint256(ps[k].challengeWindow()) + ps[k].longestDispute());
        }
    }

    function invariant_everyValueInsideTheDeploymentsBounds() public view {
        Parameters[2] memory ps = _both();
        for (uint256 k; k < 2; ++k) {
            Parameters p = ps[k];
            IParameters.Bounds memory b = p.bounds();
            assertGe(p.commitWindow(), b.commitWindowFloor);
            assertGe(p.revealWindow(), b.revealWindowFloor);
            assertGe(p.maxExecutionWindow(), b.maxExecutionWindowFloor);
            assertGe(p.challengeWindow(), b.challengeWindowFloor);
            assertGe(p.disputeMoveTimeout(), b.disputeMoveTimeoutFloor);
            assertGe(p.unbondingDelay(), b.unbondingDelayFloor);
            assertGe(p.collateralRatio(), b.collateralRatioFloor);
            assertGe(p.minJobCollateral(), b.minJobCollateralFloor);
            assertLe(p.minStake(), b.minStakeCeiling);
            assertLe(p.challengerBond(), b.challengerBondCeiling);
        }
        // the production deployment never reaches a devnet value
        assertGe(production.challengeWindow(), 30 hours);
        assertGe(production.disputeMoveTimeout(), 30 hours);
        assertGe(production.unbondingDelay(), 7 days);
        assertGe(production.commitWindow(), 60);
        assertGe(production.collateralRatio() * 1e6 / 1e18, 1e17, "at least 0.1 VRT per tUSD");
    }

    function invariant_stakeAndBondFarBelowSupply() public view {
        Parameters[2] memory ps = _both();
        for (uint256 k; k < 2; ++k) {
            assertLe(ps[k].minStake(), SUPPLY / 1000);
            assertLe(ps[k].challengerBond(), SUPPLY / 10_000);
        }
    }
}
