// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";

/// @notice The rules that tie parameters together, checked whenever any of their inputs changes:
/// the unrecoverable penalty floor (the treasury's part of a fraud slash) and the unbonding rule.
contract ParametersCoupledRulesTest is Test {
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    Parameters internal p;

    function setUp() public {
        p = new Parameters(owner, DeployConfig.devnetParameters(treasury), DeployConfig.devnetBounds(SUPPLY));
    }

    function _expectPenalty(uint256 fraud, uint256 c, uint256 r) internal {
        vm.expectRevert(abi.encodeWithSelector(IParameters.ParametersPenaltyBelowFloor.selector, fraud, c, r, 2000));
    }

    function _treasuryPartBps(uint256 fraud, uint256 c, uint256 r) internal pure returns (uint256) {
        return fraud * (10_000 - c - r) / 10_000;
    }

    /* THE PENALTY FLOOR */

    function test_penaltyFloor_isTwentyPercent() public view {
        assertEq(p.PENALTY_FLOOR_BPS(), 2000);
        assertEq(_treasuryPartBps(p.fraudSlashBps(), p.challengerShareBps(), p.requesterShareBps()), 2000);
    }

    /// @dev The issue's attack 2 with parameters inside yesterday's bounds: fraud slash at its 50%
    /// floor and the whole slash to the challenger (the liar's second address) left a 0% penalty.
    /// Neither order of the two changes gets there now.
    function test_setSlashShares_RevertWhen_liarsSybilsCouldRecoverEverything() public {
        vm.startPrank(owner);
        _expectPenalty(10_000, 10_000, 0);
        p.setSlashShares(10_000, 0);
        _expectPenalty(5000, 5000, 3000);
        p.setFraudSlashBps(5000);
        vm.stopPrank();
    }

    function test_setSlashShares_RevertWhen_penaltyBelowFloor() public {
        _expectPenalty(10_000, 5001, 3000);
        vm.prank(owner);
        p.setSlashShares(5001, 3000);
    }

    function test_setSlashShares_acceptsPenaltyAtFloor() public {
        vm.startPrank(owner);
        p.setSlashShares(8000, 0);
        assertEq(_treasuryPartBps(p.fraudSlashBps(), p.challengerShareBps(), p.requesterShareBps()), 2000);
        p.setSlashShares(0, 8000);
        vm.stopPrank();
    }

    function test_setFraudSlashBps_RevertWhen_penaltyBelowFloor() public {
        _expectPenalty(9999, 5000, 3000);
        vm.prank(owner);
        p.setFraudSlashBps(9999);
    }

    /// @dev At a 50% fraud slash the shares may take at most 60%: 50% * 40% = 20%.
    function test_setFraudSlashBps_acceptsPenaltyAtFloor() public {
        vm.startPrank(owner);
        p.setSlashShares(3000, 3000);
        p.setFraudSlashBps(5000);
        vm.stopPrank();
        assertEq(_treasuryPartBps(5000, 3000, 3000), 2000);
    }

    function test_constructor_RevertWhen_penaltyBelowFloor() public {
        Parameters.Init memory init = DeployConfig.devnetParameters(treasury);
        init.challengerShareBps = 6000;
        init.requesterShareBps = 2001;
        IParameters.Bounds memory b = DeployConfig.devnetBounds(SUPPLY);
        _expectPenalty(10_000, 6000, 2001);
        new Parameters(owner, init, b);
    }

    /// @dev Each call is accepted exactly when the state it produces keeps the penalty floor, and no
    /// sequence of the two setters reaches a state below it.
    function testFuzz_setters_keepPenaltyAboveFloor(uint16[6] memory fraud, uint16[6] memory c, uint16[6] memory r)
        public
    {
        vm.startPrank(owner);
        for (uint256 k; k < 6; ++k) {
            uint16 f = uint16(bound(fraud[k], 4000, 10_500));
            uint16 cs = uint16(bound(c[k], 0, 10_500));
            uint16 rs = uint16(bound(r[k], 0, 10_500));
            if (k % 2 == 0) {
                (bool ok,) = address(p).call(abi.encodeCall(Parameters.setFraudSlashBps, (f)));
                bool safe = f >= 5000 && f <= 10_000
                    && uint256(f) * (10_000 - uint256(p.challengerShareBps()) - p.requesterShareBps()) >= 2000 * 10_000;
                assertEq(ok, safe);
                if (ok) assertEq(p.fraudSlashBps(), f);
            } else {
                (bool ok,) = address(p).call(abi.encodeCall(Parameters.setSlashShares, (cs, rs)));
                bool safe = uint256(cs) + rs <= 10_000
                    && uint256(p.fraudSlashBps()) * (10_000 - uint256(cs) - rs) >= 2000 * 10_000;
                assertEq(ok, safe);
            }
            assertGe(
                uint256(p.fraudSlashBps()) * (10_000 - uint256(p.challengerShareBps()) - p.requesterShareBps()),
                2000 * 10_000
            );
        }
        vm.stopPrank();
    }
}
