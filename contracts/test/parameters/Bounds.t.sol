// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";

/// @notice The bounds of a deployment: each one inside the absolute limits, the production minima
/// on any chain other than the local ones, and the setters held to the deployment's floors and
/// ceilings (so a production deployment can never be voted down to a devnet's values).
contract ParametersBoundsTest is Test {
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    uint256 internal constant BASE = 8453; // a public chain (Base)
    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");

    function _devnet() internal pure returns (IParameters.Bounds memory b) {
        b = DeployConfig.devnetBounds(SUPPLY);
    }

    function _production() internal pure returns (IParameters.Bounds memory b) {
        b = DeployConfig.productionBounds(6);
        b.stakeTokenSupply = SUPPLY;
    }

    function _deployProduction() internal returns (Parameters p) {
        vm.chainId(BASE);
        p = new Parameters(owner, DeployConfig.productionParameters(treasury), _production());
    }

    function _expectRange(bytes32 name, uint256 value, uint256 min, uint256 max) internal {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersBoundOutOfRange.selector, name, value, min, max));
    }

    function _expectBelowProduction(bytes32 name, uint256 value, uint256 minimum) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersBoundBelowProductionMinimum.selector, name, value, minimum, block.chainid
            )
        );
    }

    function _expectOutOfBounds(bytes32 name, uint256 value, uint256 min, uint256 max) internal {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersOutOfBounds.selector, name, value, min, max));
    }

    /* VIEWS */

    function test_bounds_returnsWhatTheConstructorFixed() public {
        Parameters p = _deployProduction();
        IParameters.Bounds memory b = p.bounds();
        IParameters.Bounds memory want = _production();
        assertEq(keccak256(abi.encode(b)), keccak256(abi.encode(want)));
        assertEq(b.challengeWindowFloor, 30 hours);
        assertEq(b.collateralRatioFloor, 1e30, "1 VRT per whole 6-decimals token");
        assertFalse(p.isLocalChain());
    }

    function test_isLocalChain_anvilAndGanacheOnly() public {
        Parameters p = new Parameters(owner, DeployConfig.devnetParameters(treasury), _devnet());
        assertTrue(p.isLocalChain(), "31337");
        vm.chainId(1337);
        assertTrue(p.isLocalChain());
        vm.chainId(1);
        assertFalse(p.isLocalChain());
    }

    /* EVERY BOUND INSIDE THE ABSOLUTE LIMITS (any chain) */

    function test_constructor_RevertWhen_boundOutsideAbsoluteLimits() public {
        Parameters.Init memory init = DeployConfig.devnetParameters(treasury);
        IParameters.Bounds memory b;

        b = _devnet();
        b.commitWindowFloor = 4;
        _expectRange("commitWindowFloor", 4, 5, 7 days);
        new Parameters(owner, init, b);

        b = _devnet();
        b.revealWindowFloor = 7 days + 1;
        _expectRange("revealWindowFloor", 7 days + 1, 5, 7 days);
        new Parameters(owner, init, b);

        b = _devnet();
        b.maxExecutionWindowFloor = 0;
        _expectRange("maxExecutionWindowFloor", 0, 1, 30 days);
        new Parameters(owner, init, b);

        b = _devnet();
        b.challengeWindowFloor = 59;
        _expectRange("challengeWindowFloor", 59, 60, 30 days);
        new Parameters(owner, init, b);

        b = _devnet();
        b.disputeMoveTimeoutFloor = 59;
        _expectRange("disputeMoveTimeoutFloor", 59, 60, 7 days);
        new Parameters(owner, init, b);

        b = _devnet();
        b.unbondingDelayFloor = 0;
        _expectRange("unbondingDelayFloor", 0, 1, 365 days);
        new Parameters(owner, init, b);

        b = _devnet();
        b.collateralRatioFloor = 0;
        _expectRange("collateralRatioFloor", 0, 1, 1e40);
        new Parameters(owner, init, b);

        b = _devnet();
        b.minJobCollateralFloor = 1e18 - 1;
        _expectRange("minJobCollateralFloor", 1e18 - 1, 1e18, 1e24);
        new Parameters(owner, init, b);

        b = _devnet();
        b.paymentTokenDecimals = 37;
        _expectRange("paymentTokenDecimals", 37, 0, 36);
        new Parameters(owner, init, b);
    }

    /// @dev Stake and bond ceilings follow the supply: 0.1% and 0.01% of it.
    function test_constructor_RevertWhen_ceilingsNotFarBelowSupply() public {
        Parameters.Init memory init = DeployConfig.devnetParameters(treasury);
        IParameters.Bounds memory b = _devnet();
        b.minStakeCeiling = SUPPLY / 1000 + 1;
        _expectRange("minStakeCeiling", SUPPLY / 1000 + 1, 1e18, SUPPLY / 1000);
        new Parameters(owner, init, b);

        b = _devnet();
        b.challengerBondCeiling = SUPPLY; // the old ceiling: the whole supply
        _expectRange("challengerBondCeiling", SUPPLY, 1, SUPPLY / 10_000);
        new Parameters(owner, init, b);

        b = _devnet();
        b.stakeTokenSupply = 0;
        _expectRange("minStakeCeiling", b.minStakeCeiling, 1e18, 0);
        new Parameters(owner, init, b);
    }

    function test_constructor_RevertWhen_initialValueOutsideTheDeploymentsBounds() public {
        Parameters.Init memory init = DeployConfig.devnetParameters(treasury);
        IParameters.Bounds memory b = _devnet();
        b.challengeWindowFloor = 120;
        _expectOutOfBounds("challengeWindow", 60, 120, 30 days);
        new Parameters(owner, init, b);
    }

    /* PRODUCTION MINIMA OFF THE LOCAL CHAINS */

    function test_constructor_RevertWhen_devnetBoundsOnPublicChain() public {
        Parameters.Init memory init = DeployConfig.productionParameters(treasury);
        uint256[4] memory chains = [uint256(1), 10, 8453, 42_161];
        for (uint256 k; k < chains.length; ++k) {
            vm.chainId(chains[k]);
            _expectBelowProduction("commitWindowFloor", 5, 60);
            new Parameters(owner, init, _devnet());
        }
    }

    function test_constructor_devnetBoundsOnLocalChains() public {
        Parameters.Init memory init = DeployConfig.devnetParameters(treasury);
        new Parameters(owner, init, _devnet());
        vm.chainId(1337);
        new Parameters(owner, init, _devnet());
    }

    /// @dev Each floor alone one below its production minimum is refused, naming it.
    function test_constructor_RevertWhen_anyFloorBelowProductionMinimum() public {
        vm.chainId(BASE);
        Parameters.Init memory init = DeployConfig.productionParameters(treasury);
        IParameters.Bounds memory b;

        b = _production();
        b.commitWindowFloor = 59;
        _expectBelowProduction("commitWindowFloor", 59, 60);
        new Parameters(owner, init, b);

        b = _production();
        b.revealWindowFloor = 59;
        _expectBelowProduction("revealWindowFloor", 59, 60);
        new Parameters(owner, init, b);

        b = _production();
        b.maxExecutionWindowFloor = 1 hours - 1;
        _expectBelowProduction("maxExecutionWindowFloor", 1 hours - 1, 1 hours);
        new Parameters(owner, init, b);

        b = _production();
        b.challengeWindowFloor = 30 hours - 1;
        _expectBelowProduction("challengeWindowFloor", 30 hours - 1, 30 hours);
        new Parameters(owner, init, b);

        b = _production();
        b.disputeMoveTimeoutFloor = 30 hours - 1;
        _expectBelowProduction("disputeMoveTimeoutFloor", 30 hours - 1, 30 hours);
        new Parameters(owner, init, b);

        b = _production();
        b.unbondingDelayFloor = 7 days - 1;
        _expectBelowProduction("unbondingDelayFloor", 7 days - 1, 7 days);
        new Parameters(owner, init, b);

        b = _production();
        b.minJobCollateralFloor = 10e18 - 1;
        _expectBelowProduction("minJobCollateralFloor", 10e18 - 1, 10e18);
        new Parameters(owner, init, b);
    }

    /// @dev The collateral floor is judged per whole payment token: a floor written for an
    /// 18-decimals token locks a millionth of a VRT per dollar of a 6-decimals one.
    function test_constructor_RevertWhen_collateralFloorMeaninglessForTheDecimals() public {
        vm.chainId(BASE);
        Parameters.Init memory init = DeployConfig.productionParameters(treasury);
        IParameters.Bounds memory b = _production();
        b.collateralRatioFloor = DeployConfig.productionBounds(18).collateralRatioFloor; // 1e18
        _expectBelowProduction("collateralPerPaymentUnit", 1e6, 1e17);
        new Parameters(owner, init, b);

        // the same floor with the 18-decimals token it was written for is fine
        b.paymentTokenDecimals = 18;
        init.collateralRatio = 1e19; // 10 VRT per whole token of 18 decimals
        new Parameters(owner, init, b);

        // exactly 0.1 VRT per whole 6-decimals token is the least accepted
        init = DeployConfig.productionParameters(treasury);
        b = _production();
        b.collateralRatioFloor = 1e29;
        new Parameters(owner, init, b);
        b.collateralRatioFloor = 1e29 - 1;
        _expectBelowProduction("collateralPerPaymentUnit", 1e17 - 1, 1e17);
        new Parameters(owner, init, b);
    }

    function test_constructor_productionSetOnEveryPublicChain() public {
        uint256[4] memory chains = [uint256(1), 10, 8453, 42_161];
        for (uint256 k; k < chains.length; ++k) {
            vm.chainId(chains[k]);
            Parameters p = new Parameters(owner, DeployConfig.productionParameters(treasury), _production());
            assertEq(p.challengeWindow(), 2 days);
        }
    }

    /* A PRODUCTION DEPLOYMENT CANNOT BE VOTED DOWN TO DEVNET VALUES */

    function test_setters_RevertWhen_devnetValuesOnProductionDeployment() public {
        Parameters p = _deployProduction();
        vm.startPrank(owner);
        _expectOutOfBounds("commitWindow", 10, 60, 7 days);
        p.setCommitWindow(10);
        _expectOutOfBounds("revealWindow", 10, 60, 7 days);
        p.setRevealWindow(10);
        _expectOutOfBounds("maxExecutionWindow", 600, 1 hours, 30 days);
        p.setMaxExecutionWindow(600);
        _expectOutOfBounds("challengeWindow", 60, 30 hours, 30 days);
        p.setChallengeWindow(60);
        _expectOutOfBounds("disputeMoveTimeout", 60, 30 hours, 7 days);
        p.setDisputeMoveTimeout(60);
        _expectOutOfBounds("unbondingDelay", 1 hours, 7 days, 365 days);
        p.setUnbondingDelay(1 hours);
        _expectOutOfBounds("collateralRatio", 1, 1e30, 1e40);
        p.setCollateralRatio(1);
        _expectOutOfBounds("minJobCollateral", 1e18, 10e18, 1e24);
        p.setMinJobCollateral(1e18);
        _expectOutOfBounds("minStake", 1e27, 1e18, 100_000e18);
        p.setMinStake(1e27);
        _expectOutOfBounds("challengerBond", 1e27, 1, 10_000e18);
        p.setChallengerBond(1e27);
        vm.stopPrank();
    }

    /// @dev The floors themselves are accepted (and the ceilings).
    function test_setters_acceptTheDeploymentsFloorsAndCeilings() public {
        Parameters p = _deployProduction();
        vm.startPrank(owner);
        p.setCommitWindow(60);
        p.setRevealWindow(60);
        p.setMaxExecutionWindow(1 hours);
        p.setChallengeWindow(30 hours);
        p.setDisputeMoveTimeout(30 hours);
        p.setUnbondingDelay(7 days);
        p.setCollateralRatio(1e30);
        p.setMinJobCollateral(10e18);
        p.setMinStake(100_000e18);
        p.setChallengerBond(10_000e18);
        vm.stopPrank();
        assertEq(p.unbondingDelay(), 7 days);
        assertGt(p.unbondingDelay(), uint256(p.challengeWindow()) + p.longestDispute(), "7 d > 30 h + 90 h");
        assertEq(p.challengerBond(), 10_000e18);
    }

    /// @dev Whatever a deployment's bounds, any value a setter accepts is inside them.
    function testFuzz_setChallengeWindow_acceptsExactlyTheDeploymentsRange(uint32 floor, uint32 value) public {
        floor = uint32(bound(floor, 60, 30 days));
        IParameters.Bounds memory b = _devnet();
        b.challengeWindowFloor = floor;
        Parameters.Init memory init = DeployConfig.devnetParameters(treasury);
        init.challengeWindow = floor;
        init.unbondingDelay = 365 days;
        Parameters p = new Parameters(owner, init, b);
        bool inside = value >= floor && value <= 30 days;
        if (!inside) _expectOutOfBounds("challengeWindow", value, floor, 30 days);
        vm.prank(owner);
        p.setChallengeWindow(value);
        if (inside) assertEq(p.challengeWindow(), value);
    }
}
