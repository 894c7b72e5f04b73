// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";

/// @notice Every setter of Parameters: its effect and event, its owner check, both hard bounds
/// (the bound itself accepted, one past it rejected) and the cross checks between values.
contract ParametersTest is Fixture {
    Parameters internal p;
    address internal stranger = makeAddr("stranger");
    IParameters.Bounds internal _devnetBounds;

    function setUp() public override {
        super.setUp();
        p = sys.params;
        _devnetBounds = p.bounds();
    }

    /* HELPERS */

    function _expectChanged(bytes32 name, uint256 oldValue, uint256 newValue) internal {
        vm.expectEmit(true, true, true, true, address(p));
        emit IParameters.ParameterChanged(name, oldValue, newValue);
    }

    function _expectOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max) internal {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersOutOfBounds.selector, name, value, min, max));
    }

    function _call(bytes memory data) internal {
        vm.prank(admin);
        (bool ok, bytes memory ret) = address(p).call(data);
        if (!ok) {
            assembly {
                revert(add(ret, 0x20), mload(ret))
            }
        }
    }

    function _expectNotOwner() internal {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
    }

    function _init() internal view returns (Parameters.Init memory) {
        return DeployConfig.devnetParameters(treasury);
    }

    /// @dev The devnet bounds the fixture deployed with (supply 1e9 VRT, tUSD's 6 decimals).
    function _bounds() internal view returns (IParameters.Bounds memory) {
        return _devnetBounds;
    }

    /* CONSTRUCTOR AND VIEWS */

    function test_constructor_setsEveryValue() public view {
        Parameters.Init memory i = _init();
        assertEq(p.owner(), admin);
        assertEq(p.minStake(), i.minStake);
        assertEq(p.collateralRatio(), i.collateralRatio);
        assertEq(p.livenessSlashBps(), i.livenessSlashBps);
        assertEq(p.fraudSlashBps(), i.fraudSlashBps);
        assertEq(p.challengerShareBps(), i.challengerShareBps);
        assertEq(p.requesterShareBps(), i.requesterShareBps);
        assertEq(p.commitWindow(), i.commitWindow);
        assertEq(p.revealWindow(), i.revealWindow);
        assertEq(p.maxExecutionWindow(), i.maxExecutionWindow);
        assertEq(p.challengeWindow(), i.challengeWindow);
        assertEq(p.disputeMoveTimeout(), i.disputeMoveTimeout);
        assertEq(p.unbondingDelay(), i.unbondingDelay);
        assertEq(p.challengerBond(), i.challengerBond);
        assertEq(p.protocolFeeBps(), i.protocolFeeBps);
        assertEq(p.modelRegistrationBond(), i.modelRegistrationBond);
        assertEq(p.treasury(), treasury);
    }

    function test_constructor_emitsEveryInitialValue() public {
        Parameters.Init memory i = _init();
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("minStake", 0, i.minStake);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("collateralRatio", 0, i.collateralRatio);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("livenessSlashBps", 0, i.livenessSlashBps);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("fraudSlashBps", 0, i.fraudSlashBps);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("challengerShareBps", 0, i.challengerShareBps);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("requesterShareBps", 0, i.requesterShareBps);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("commitWindow", 0, i.commitWindow);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("revealWindow", 0, i.revealWindow);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("maxExecutionWindow", 0, i.maxExecutionWindow);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("unbondingDelay", 0, i.unbondingDelay);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("challengeWindow", 0, i.challengeWindow);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("disputeMoveTimeout", 0, i.disputeMoveTimeout);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("challengerBond", 0, i.challengerBond);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("protocolFeeBps", 0, i.protocolFeeBps);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("modelRegistrationBond", 0, i.modelRegistrationBond);
        vm.expectEmit(true, true, true, true);
        emit IParameters.ParameterChanged("treasury", 0, uint160(treasury));
        new Parameters(admin, i, _bounds());
    }

    function test_constructor_RevertWhen_unbondingTooShort() public {
        Parameters.Init memory i = _init();
        i.unbondingDelay = uint32(i.challengeWindow + 3 * uint256(i.disputeMoveTimeout));
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersUnbondingTooShort.selector,
                i.unbondingDelay,
                i.challengeWindow,
                3 * uint256(i.disputeMoveTimeout)
            )
        );
        new Parameters(admin, i, _bounds());
    }

    function test_constructor_RevertWhen_challengeWindowAloneExceedsUnbonding() public {
        Parameters.Init memory i = _init();
        i.challengeWindow = i.unbondingDelay;
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersUnbondingTooShort.selector, i.unbondingDelay, i.challengeWindow, 0
            )
        );
        new Parameters(admin, i, _bounds());
    }

    function test_constructor_RevertWhen_valueOutOfBounds() public {
        Parameters.Init memory i = _init();
        i.minStake = 0;
        _expectOutOfBounds("minStake", 0, p.MIN_STAKE_FLOOR(), _bounds().minStakeCeiling);
        new Parameters(admin, i, _bounds());
    }

    function test_constructor_RevertWhen_sharesExceedTotal() public {
        Parameters.Init memory i = _init();
        (i.challengerShareBps, i.requesterShareBps) = (6000, 4001);
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersSharesExceedTotal.selector, 6000, 4001));
        new Parameters(admin, i, _bounds());
    }

    function test_constructor_RevertWhen_zeroTreasury() public {
        Parameters.Init memory i = _init();
        i.treasury = address(0);
        vm.expectRevert(IParameters.ParametersZeroTreasury.selector);
        new Parameters(admin, i, _bounds());
    }

    function test_constructor_RevertWhen_zeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new Parameters(address(0), _init(), _bounds());
    }

    function test_longestDispute_isThreeMoveTimeouts() public {
        assertEq(p.longestDispute(), 3 * uint256(p.disputeMoveTimeout()));
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (600)));
        assertEq(p.longestDispute(), 1800);
    }

    /* OWNERSHIP */

    function test_transferOwnership_twoStepHandsOverTheSetters() public {
        address next = makeAddr("timelock");
        vm.prank(admin);
        p.transferOwnership(next);
        assertEq(p.owner(), admin, "still the old owner until accepted");
        assertEq(p.pendingOwner(), next);
        vm.prank(next);
        p.acceptOwnership();
        assertEq(p.owner(), next);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, admin));
        vm.prank(admin);
        p.setMinStake(2e18);
        vm.prank(next);
        p.setMinStake(2e18);
        assertEq(p.minStake(), 2e18);
    }

    /* minStake */

    function test_setMinStake_updatesAndEmits() public {
        _expectChanged("minStake", 100e18, 500e18);
        _call(abi.encodeCall(Parameters.setMinStake, (500e18)));
        assertEq(p.minStake(), 500e18);
    }

    function test_setMinStake_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setMinStake, (p.MIN_STAKE_FLOOR())));
        assertEq(p.minStake(), p.MIN_STAKE_FLOOR());
        _call(abi.encodeCall(Parameters.setMinStake, (_bounds().minStakeCeiling)));
        assertEq(p.minStake(), 1e24, "0.1% of the 1e9 VRT supply");
    }

    function test_setMinStake_RevertWhen_belowFloor() public {
        uint256 v = p.MIN_STAKE_FLOOR() - 1;
        _expectOutOfBounds("minStake", v, p.MIN_STAKE_FLOOR(), 1e24);
        _call(abi.encodeCall(Parameters.setMinStake, (v)));
    }

    /// @dev The ceiling is the deployment's (0.1% of supply), far below the old absolute 1e27 (all of it).
    function test_setMinStake_RevertWhen_aboveCeiling() public {
        uint256 v = 1e24 + 1;
        _expectOutOfBounds("minStake", v, p.MIN_STAKE_FLOOR(), 1e24);
        _call(abi.encodeCall(Parameters.setMinStake, (v)));
    }

    function test_setMinStake_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setMinStake(500e18);
    }

    /* collateralRatio */

    function test_setCollateralRatio_updatesAndEmits() public {
        _expectChanged("collateralRatio", 1e31, 2e30);
        _call(abi.encodeCall(Parameters.setCollateralRatio, (2e30)));
        assertEq(p.collateralRatio(), 2e30);
    }

    function test_setCollateralRatio_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setCollateralRatio, (p.COLLATERAL_RATIO_FLOOR())));
        assertEq(p.collateralRatio(), 1);
        _call(abi.encodeCall(Parameters.setCollateralRatio, (p.COLLATERAL_RATIO_CEILING())));
        assertEq(p.collateralRatio(), 1e40);
    }

    function test_setCollateralRatio_RevertWhen_zero() public {
        _expectOutOfBounds("collateralRatio", 0, 1, 1e40);
        _call(abi.encodeCall(Parameters.setCollateralRatio, (0)));
    }

    function test_setCollateralRatio_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("collateralRatio", 1e40 + 1, 1, 1e40);
        _call(abi.encodeCall(Parameters.setCollateralRatio, (1e40 + 1)));
    }

    function test_setCollateralRatio_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setCollateralRatio(1);
    }

    /* livenessSlashBps */

    function test_setLivenessSlashBps_updatesAndEmits() public {
        _expectChanged("livenessSlashBps", 1000, 2500);
        _call(abi.encodeCall(Parameters.setLivenessSlashBps, (2500)));
        assertEq(p.livenessSlashBps(), 2500);
    }

    function test_setLivenessSlashBps_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setLivenessSlashBps, (100)));
        assertEq(p.livenessSlashBps(), 100);
        _call(abi.encodeCall(Parameters.setLivenessSlashBps, (10_000)));
        assertEq(p.livenessSlashBps(), 10_000);
    }

    function test_setLivenessSlashBps_RevertWhen_belowFloor() public {
        _expectOutOfBounds("livenessSlashBps", 99, 100, 10_000);
        _call(abi.encodeCall(Parameters.setLivenessSlashBps, (99)));
    }

    function test_setLivenessSlashBps_RevertWhen_aboveAll() public {
        _expectOutOfBounds("livenessSlashBps", 10_001, 100, 10_000);
        _call(abi.encodeCall(Parameters.setLivenessSlashBps, (10_001)));
    }

    function test_setLivenessSlashBps_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setLivenessSlashBps(2500);
    }

    /* fraudSlashBps */

    function test_setFraudSlashBps_updatesAndEmits() public {
        _call(abi.encodeCall(Parameters.setSlashShares, (4000, 2000))); // treasury keeps 40%
        _expectChanged("fraudSlashBps", 10_000, 7500);
        _call(abi.encodeCall(Parameters.setFraudSlashBps, (7500)));
        assertEq(p.fraudSlashBps(), 7500);
    }

    function test_setFraudSlashBps_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setSlashShares, (3000, 3000))); // treasury keeps 40%
        _call(abi.encodeCall(Parameters.setFraudSlashBps, (5000)));
        assertEq(p.fraudSlashBps(), 5000);
        _call(abi.encodeCall(Parameters.setFraudSlashBps, (10_000)));
        assertEq(p.fraudSlashBps(), 10_000);
    }

    function test_setFraudSlashBps_RevertWhen_belowFloor() public {
        _expectOutOfBounds("fraudSlashBps", 4999, 5000, 10_000);
        _call(abi.encodeCall(Parameters.setFraudSlashBps, (4999)));
    }

    function test_setFraudSlashBps_RevertWhen_aboveAll() public {
        _expectOutOfBounds("fraudSlashBps", 10_001, 5000, 10_000);
        _call(abi.encodeCall(Parameters.setFraudSlashBps, (10_001)));
    }

    function test_setFraudSlashBps_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setFraudSlashBps(7500);
    }

    /* slash shares */

    function test_setSlashShares_updatesBothAndEmits() public {
        _expectChanged("challengerShareBps", 5000, 6000);
        _expectChanged("requesterShareBps", 3000, 2000);
        _call(abi.encodeCall(Parameters.setSlashShares, (6000, 2000)));
        assertEq(p.challengerShareBps(), 6000);
        assertEq(p.requesterShareBps(), 2000);
    }

    function test_setSlashShares_acceptsZeroes() public {
        _call(abi.encodeCall(Parameters.setSlashShares, (0, 0)));
        assertEq(p.challengerShareBps(), 0);
        assertEq(p.requesterShareBps(), 0);
    }

    function test_setSlashShares_RevertWhen_sumAboveTotal() public {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersSharesExceedTotal.selector, 5001, 5000));
        _call(abi.encodeCall(Parameters.setSlashShares, (5001, 5000)));
    }

    function test_setSlashShares_RevertWhen_oneShareAboveTotal() public {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersSharesExceedTotal.selector, 0, 10_001));
        _call(abi.encodeCall(Parameters.setSlashShares, (0, 10_001)));
    }

    function test_setSlashShares_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setSlashShares(1, 1);
    }

    /// @dev With a 100% fraud slash, the shares may take at most 80% (the treasury keeps PENALTY_FLOOR_BPS).
    function testFuzz_setSlashShares_acceptsExactlyTheSumsUpToTotal(uint16 c, uint16 r) public {
        if (uint256(c) + r > 10_000) {
            vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersSharesExceedTotal.selector, c, r));
            _call(abi.encodeCall(Parameters.setSlashShares, (c, r)));
        } else if (uint256(c) + r > 8000) {
            vm.expectRevert(
                abi.encodeWithSelector(IParameters.ParametersPenaltyBelowFloor.selector, 10_000, c, r, 2000)
            );
            _call(abi.encodeCall(Parameters.setSlashShares, (c, r)));
        } else {
            _call(abi.encodeCall(Parameters.setSlashShares, (c, r)));
            assertEq(p.challengerShareBps(), c);
            assertEq(p.requesterShareBps(), r);
        }
    }

    /* auction windows */

    function test_setCommitWindow_updatesAndEmits() public {
        _expectChanged("commitWindow", 10, 300);
        _call(abi.encodeCall(Parameters.setCommitWindow, (300)));
        assertEq(p.commitWindow(), 300);
    }

    function test_setCommitWindow_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setCommitWindow, (5)));
        assertEq(p.commitWindow(), 5);
        _call(abi.encodeCall(Parameters.setCommitWindow, (7 days)));
        assertEq(p.commitWindow(), 7 days);
    }

    function test_setCommitWindow_RevertWhen_belowFloor() public {
        _expectOutOfBounds("commitWindow", 4, 5, 7 days);
        _call(abi.encodeCall(Parameters.setCommitWindow, (4)));
    }

    function test_setCommitWindow_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("commitWindow", 7 days + 1, 5, 7 days);
        _call(abi.encodeCall(Parameters.setCommitWindow, (7 days + 1)));
    }

    function test_setCommitWindow_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setCommitWindow(300);
    }

    function test_setRevealWindow_updatesAndEmits() public {
        _expectChanged("revealWindow", 10, 300);
        _call(abi.encodeCall(Parameters.setRevealWindow, (300)));
        assertEq(p.revealWindow(), 300);
    }

    function test_setRevealWindow_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setRevealWindow, (5)));
        assertEq(p.revealWindow(), 5);
        _call(abi.encodeCall(Parameters.setRevealWindow, (7 days)));
        assertEq(p.revealWindow(), 7 days);
    }

    function test_setRevealWindow_RevertWhen_belowFloor() public {
        _expectOutOfBounds("revealWindow", 4, 5, 7 days);
        _call(abi.encodeCall(Parameters.setRevealWindow, (4)));
    }

    function test_setRevealWindow_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("revealWindow", 7 days + 1, 5, 7 days);
        _call(abi.encodeCall(Parameters.setRevealWindow, (7 days + 1)));
    }

    function test_setRevealWindow_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setRevealWindow(300);
    }

    function test_setMaxExecutionWindow_updatesAndEmits() public {
        _expectChanged("maxExecutionWindow", 1 hours, 1 days);
        _call(abi.encodeCall(Parameters.setMaxExecutionWindow, (1 days)));
        assertEq(p.maxExecutionWindow(), 1 days);
    }

    function test_setMaxExecutionWindow_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setMaxExecutionWindow, (1)));
        assertEq(p.maxExecutionWindow(), 1);
        _call(abi.encodeCall(Parameters.setMaxExecutionWindow, (30 days)));
        assertEq(p.maxExecutionWindow(), 30 days);
    }

    function test_setMaxExecutionWindow_RevertWhen_zero() public {
        _expectOutOfBounds("maxExecutionWindow", 0, 1, 30 days);
        _call(abi.encodeCall(Parameters.setMaxExecutionWindow, (0)));
    }

    function test_setMaxExecutionWindow_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("maxExecutionWindow", 30 days + 1, 1, 30 days);
        _call(abi.encodeCall(Parameters.setMaxExecutionWindow, (30 days + 1)));
    }

    function test_setMaxExecutionWindow_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setMaxExecutionWindow(1 days);
    }

    /* challenge window, move timeout, unbonding: bounds and the cross check */

    function test_setChallengeWindow_updatesAndEmits() public {
        _expectChanged("challengeWindow", 60, 600);
        _call(abi.encodeCall(Parameters.setChallengeWindow, (600)));
        assertEq(p.challengeWindow(), 600);
    }

    function test_setChallengeWindow_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (365 days)));
        _call(abi.encodeCall(Parameters.setChallengeWindow, (60)));
        assertEq(p.challengeWindow(), 60);
        _call(abi.encodeCall(Parameters.setChallengeWindow, (30 days)));
        assertEq(p.challengeWindow(), 30 days);
    }

    function test_setChallengeWindow_RevertWhen_belowFloor() public {
        _expectOutOfBounds("challengeWindow", 59, 60, 30 days);
        _call(abi.encodeCall(Parameters.setChallengeWindow, (59)));
    }

    function test_setChallengeWindow_RevertWhen_aboveCeiling() public {
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (365 days)));
        _expectOutOfBounds("challengeWindow", 30 days + 1, 60, 30 days);
        _call(abi.encodeCall(Parameters.setChallengeWindow, (30 days + 1)));
    }

    /// @dev unbonding 3600 must stay > window + 3 * 60: a window of 3420 is one second too long.
    function test_setChallengeWindow_RevertWhen_unbondingNoLongerExceedsIt() public {
        _call(abi.encodeCall(Parameters.setChallengeWindow, (3419)));
        assertEq(p.challengeWindow(), 3419);
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersUnbondingTooShort.selector, 3600, 3420, 180));
        _call(abi.encodeCall(Parameters.setChallengeWindow, (3420)));
    }

    function test_setChallengeWindow_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setChallengeWindow(600);
    }

    function test_setDisputeMoveTimeout_updatesAndEmits() public {
        _expectChanged("disputeMoveTimeout", 60, 600);
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (600)));
        assertEq(p.disputeMoveTimeout(), 600);
    }

    function test_setDisputeMoveTimeout_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (365 days)));
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (60)));
        assertEq(p.disputeMoveTimeout(), 60);
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (7 days)));
        assertEq(p.disputeMoveTimeout(), 7 days);
    }

    function test_setDisputeMoveTimeout_RevertWhen_belowFloor() public {
        _expectOutOfBounds("disputeMoveTimeout", 59, 60, 7 days);
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (59)));
    }

    function test_setDisputeMoveTimeout_RevertWhen_aboveCeiling() public {
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (365 days)));
        _expectOutOfBounds("disputeMoveTimeout", 7 days + 1, 60, 7 days);
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (7 days + 1)));
    }

    /// @dev unbonding 3600 must stay > 60 + 3 * timeout: a timeout of 1180 is one second too long.
    function test_setDisputeMoveTimeout_RevertWhen_unbondingNoLongerExceedsTheLongestDispute() public {
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (1179)));
        assertEq(p.longestDispute(), 3537);
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersUnbondingTooShort.selector, 3600, 60, 3540));
        _call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (1180)));
    }

    function test_setDisputeMoveTimeout_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setDisputeMoveTimeout(600);
    }

    function test_setUnbondingDelay_updatesAndEmits() public {
        _expectChanged("unbondingDelay", 1 hours, 1 days);
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (1 days)));
        assertEq(p.unbondingDelay(), 1 days);
    }

    function test_setUnbondingDelay_acceptsTheShortestSafeDelayAndTheCeiling() public {
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (241)));
        assertEq(p.unbondingDelay(), 241);
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (365 days)));
        assertEq(p.unbondingDelay(), 365 days);
    }

    function test_setUnbondingDelay_RevertWhen_equalToWindowPlusLongestDispute() public {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersUnbondingTooShort.selector, 240, 60, 180));
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (240)));
    }

    function test_setUnbondingDelay_RevertWhen_zero() public {
        _expectOutOfBounds("unbondingDelay", 0, 1, 365 days);
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (0)));
    }

    function test_setUnbondingDelay_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("unbondingDelay", 365 days + 1, 1, 365 days);
        _call(abi.encodeCall(Parameters.setUnbondingDelay, (365 days + 1)));
    }

    function test_setUnbondingDelay_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setUnbondingDelay(1 days);
    }

    /// @dev Whatever order governance changes them in, the unbonding delay always exceeds the
    /// challenge window plus the longest dispute.
    function testFuzz_setters_keepUnbondingAboveChallengePlusDispute(uint32 window, uint32 timeout, uint32 delay)
        public
    {
        window = uint32(bound(window, 60, 30 days));
        timeout = uint32(bound(timeout, 60, 7 days));
        delay = uint32(bound(delay, 1, 365 days));
        vm.startPrank(admin);
        (bool ok1,) = address(p).call(abi.encodeCall(Parameters.setUnbondingDelay, (delay)));
        (bool ok2,) = address(p).call(abi.encodeCall(Parameters.setChallengeWindow, (window)));
        (bool ok3,) = address(p).call(abi.encodeCall(Parameters.setDisputeMoveTimeout, (timeout)));
        vm.stopPrank();
        assertGt(p.unbondingDelay(), uint256(p.challengeWindow()) + p.longestDispute());
        // each call was accepted exactly when the state it produced is safe
        if (ok3) assertEq(p.disputeMoveTimeout(), timeout);
        if (ok2) assertEq(p.challengeWindow(), window);
        if (ok1) assertEq(p.unbondingDelay(), delay);
    }

    /* bonds, fee, treasury */

    function test_setChallengerBond_updatesAndEmits() public {
        _expectChanged("challengerBond", 10e18, 50e18);
        _call(abi.encodeCall(Parameters.setChallengerBond, (50e18)));
        assertEq(p.challengerBond(), 50e18);
    }

    function test_setChallengerBond_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setChallengerBond, (1)));
        assertEq(p.challengerBond(), 1);
        _call(abi.encodeCall(Parameters.setChallengerBond, (1e23)));
        assertEq(p.challengerBond(), 1e23, "0.01% of the 1e9 VRT supply");
    }

    function test_setChallengerBond_RevertWhen_zero() public {
        _expectOutOfBounds("challengerBond", 0, 1, 1e23);
        _call(abi.encodeCall(Parameters.setChallengerBond, (0)));
    }

    /// @dev The old ceiling (1e27, the whole supply) let a vote make every dispute impossible.
    function test_setChallengerBond_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("challengerBond", 1e23 + 1, 1, 1e23);
        _call(abi.encodeCall(Parameters.setChallengerBond, (1e23 + 1)));
        _expectOutOfBounds("challengerBond", 1e27, 1, 1e23);
        _call(abi.encodeCall(Parameters.setChallengerBond, (1e27)));
    }

    function test_setChallengerBond_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setChallengerBond(50e18);
    }

    function test_setProtocolFeeBps_updatesAndEmits() public {
        _expectChanged("protocolFeeBps", 100, 250);
        _call(abi.encodeCall(Parameters.setProtocolFeeBps, (250)));
        assertEq(p.protocolFeeBps(), 250);
    }

    function test_setProtocolFeeBps_acceptsBothBounds() public {
        _call(abi.encodeCall(Parameters.setProtocolFeeBps, (0)));
        assertEq(p.protocolFeeBps(), 0);
        _call(abi.encodeCall(Parameters.setProtocolFeeBps, (2000)));
        assertEq(p.protocolFeeBps(), 2000);
    }

    function test_setProtocolFeeBps_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("protocolFeeBps", 2001, 0, 2000);
        _call(abi.encodeCall(Parameters.setProtocolFeeBps, (2001)));
    }

    function test_setProtocolFeeBps_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setProtocolFeeBps(250);
    }

    function test_setModelRegistrationBond_updatesAndEmits() public {
        _expectChanged("modelRegistrationBond", 10e18, 0);
        _call(abi.encodeCall(Parameters.setModelRegistrationBond, (0)));
        assertEq(p.modelRegistrationBond(), 0);
        _call(abi.encodeCall(Parameters.setModelRegistrationBond, (1e27)));
        assertEq(p.modelRegistrationBond(), 1e27);
    }

    function test_setModelRegistrationBond_RevertWhen_aboveCeiling() public {
        _expectOutOfBounds("modelRegistrationBond", 1e27 + 1, 0, 1e27);
        _call(abi.encodeCall(Parameters.setModelRegistrationBond, (1e27 + 1)));
    }

    function test_setModelRegistrationBond_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setModelRegistrationBond(0);
    }

    function test_setTreasury_updatesAndEmits() public {
        address next = makeAddr("treasury2");
        _expectChanged("treasury", uint160(treasury), uint160(next));
        _call(abi.encodeCall(Parameters.setTreasury, (next)));
        assertEq(p.treasury(), next);
    }

    function test_setTreasury_RevertWhen_zero() public {
        vm.expectRevert(IParameters.ParametersZeroTreasury.selector);
        _call(abi.encodeCall(Parameters.setTreasury, (address(0))));
    }

    function test_setTreasury_RevertWhen_callerNotOwner() public {
        _expectNotOwner();
        p.setTreasury(stranger);
    }

    /// @dev Every uint256-valued setter rejects exactly the values outside its bounds.
    function testFuzz_setMinStake_acceptsExactlyTheBounds(uint256 v) public {
        uint256 ceiling = _bounds().minStakeCeiling;
        bool inside = v >= p.MIN_STAKE_FLOOR() && v <= ceiling;
        if (!inside) _expectOutOfBounds("minStake", v, p.MIN_STAKE_FLOOR(), ceiling);
        _call(abi.encodeCall(Parameters.setMinStake, (v)));
        if (inside) assertEq(p.minStake(), v);
    }

    function testFuzz_setLivenessSlashBps_acceptsExactlyTheBounds(uint16 v) public {
        bool inside = v >= 100 && v <= 10_000;
        if (!inside) _expectOutOfBounds("livenessSlashBps", v, 100, 10_000);
        _call(abi.encodeCall(Parameters.setLivenessSlashBps, (v)));
        if (inside) assertEq(p.livenessSlashBps(), v);
    }
}
