// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Parameters} from "../../src/Parameters.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {CoupledBoundsHarness} from "./smt/CoupledBounds.sol";
import {SlashBoundsHarness} from "./smt/SlashBounds.sol";
import {SplitSharesHarness} from "./smt/SplitShares.sol";

/// @notice The SMTChecker proves each harness's assertions for every input its `require`s admit;
/// a harness whose `require`s admitted nothing would be "proven" vacuously. These calls show that
/// the production parameters (docs/governance.md, "Production parameters") and edge values pass
/// every `require`, and give the values the proofs are about; the fuzz tests show that the
/// coupled rules replicated in `CoupledBounds` accept exactly what the real `Parameters` accepts.
contract SmtHarnessesTest is Test {
    SlashBoundsHarness internal slash = new SlashBoundsHarness();
    SplitSharesHarness internal split = new SplitSharesHarness();
    CoupledBoundsHarness internal coupled = new CoupledBoundsHarness();

    uint96 internal constant COLLATERAL = 1000e18;

    function test_slashBounds_admitProductionValues() public view {
        assertEq(slash.forfeitedBid(COLLATERAL, 2000), 200e18);
        assertEq(slash.missedDeadline(COLLATERAL, 2000, 0), 200e18);
        assertEq(slash.missedDeadline(COLLATERAL, 2000, 2), 800e18);
        assertEq(slash.missedDeadline(COLLATERAL, 2000, 99), COLLATERAL);
        slash.missedDeadlineShiftRoom(type(uint96).max, 10_000);
        (uint256 toTreasury, uint256 toRequester, uint256 toChallengers) =
            slash.fraudSlash(COLLATERAL, 10_000, 4000, 2000);
        assertEq(toTreasury, 400e18);
        assertEq(toRequester, 200e18);
        assertEq(toChallengers, 400e18);
        // Bonded 150, unbonding 100, no reserve: asked 100 + 100 + 100, paid 100 + 100 + 50.
        (uint256 slashed, uint256 shortfall) = slash.stakingSlash(150, 100, 0, 100, 100, 100);
        assertEq(slashed, 250);
        assertEq(shortfall, 50);
        // Own 400 with a 200 reserve for another job: the treasury's 200, then nothing for the others.
        (slashed, shortfall) = slash.stakingSlash(400e18, 0, 200e18, 200e18, 300e18, 500e18);
        assertEq(slashed, 200e18);
        assertEq(shortfall, 800e18);
        (uint256 ownFloor, uint256 floorPaid) = slash.ownFloorCoversTheTreasury(COLLATERAL, 10_000, 4000, 2000);
        assertEq(ownFloor, 400e18);
        assertEq(floorPaid, 400e18);
    }

    function test_splitShares_admitProductionValues() public view {
        (uint256 toProvider, uint256 fee, uint256 refund) = split.finalizeSplit(100e6, 60e6, 500);
        assertEq(toProvider + fee + refund, 100e6);
        assertEq(fee, 3e6);
        (uint256 share, uint256 remaining, uint256 sharesLeft) = split.potFirstShare(400, 3);
        assertEq(share, 133);
        assertEq(remaining, 267);
        assertEq(sharesLeft, 2);
        (remaining, sharesLeft, share) = split.potStaleStep(267, 2, 133, 400);
        assertEq(share, 266);
        (remaining, sharesLeft, share) = split.potStaleStep(uint128(remaining), uint128(sharesLeft), share, 400);
        assertEq(share, 400);
        assertEq(remaining, 0);
    }

    function test_coupledBounds_admitProductionValues() public view {
        // 14 days against a 2-day window and 36 h moves; the floors: 7 days against 30 h and 30 h.
        coupled.unbondingOutlastsDisputes(14 days, 2 days, 36 hours, 1_800_000_000, 1_800_000_000);
        coupled.unbondingOutlastsDisputes(7 days, 30 hours, 30 hours, 1_800_000_000, 1_800_000_000);
        coupled.unbondingRuleArithmetic(type(uint32).max, type(uint32).max);
        coupled.treasuryKeepsThePenaltyFloor(COLLATERAL, 10_000, 4000, 2000);
        // The smallest fraud slash the rules allow with shares that leave exactly the floor.
        coupled.treasuryKeepsThePenaltyFloor(COLLATERAL, 5000, 3000, 3000);
    }

    function test_coupledBounds_refuseValuesTheRulesRefuse() public {
        // The rule must fail for a delay equal to the window plus three timeouts.
        vm.expectRevert();
        coupled.unbondingOutlastsDisputes(5 days, 2 days, 1 days, 0, 0);
        // 50% slash with 80% of it shared out leaves 10% < the 20% floor.
        vm.expectRevert();
        coupled.treasuryKeepsThePenaltyFloor(COLLATERAL, 5000, 6000, 2000);
    }

    /// @dev `treasuryKeepsThePenaltyFloor` reverts only on its `require`s (its assertion is
    /// proven), so it must refuse exactly the slash shares the real setters refuse.
    function testFuzz_penaltyRule_sameAsParameters(uint16 fraud, uint16 challengerShare, uint16 requesterShare) public {
        fraud = uint16(bound(fraud, 5000, 10_000));
        challengerShare = uint16(bound(challengerShare, 0, 10_000));
        requesterShare = uint16(bound(requesterShare, 0, 10_000 - challengerShare));
        Parameters p = _parameters();
        vm.startPrank(p.owner());
        p.setFraudSlashBps(10_000);
        (bool sharesAccepted,) =
            address(p).call(abi.encodeCall(Parameters.setSlashShares, (challengerShare, requesterShare)));
        (bool fraudAccepted,) = address(p).call(abi.encodeCall(Parameters.setFraudSlashBps, (fraud)));
        vm.stopPrank();
        (bool harnessAccepted,) = address(coupled)
            .call(
                abi.encodeCall(
                    CoupledBoundsHarness.treasuryKeepsThePenaltyFloor,
                    (COLLATERAL, fraud, challengerShare, requesterShare)
                )
            );
        assertEq(sharesAccepted && fraudAccepted, harnessAccepted);
    }

    /// @dev Likewise `unbondingOutlastsDisputes` and the real unbonding rule, inside the devnet bounds.
    function testFuzz_unbondingRule_sameAsParameters(uint32 delay, uint32 window, uint32 moveTimeout) public {
        Parameters p = _parameters();
        IParameters.Bounds memory b = p.bounds();
        window = uint32(bound(window, b.challengeWindowFloor, p.CHALLENGE_WINDOW_CEILING()));
        moveTimeout = uint32(bound(moveTimeout, b.disputeMoveTimeoutFloor, p.MOVE_TIMEOUT_CEILING()));
        delay = uint32(bound(delay, b.unbondingDelayFloor, p.UNBONDING_CEILING()));
        vm.startPrank(p.owner());
        p.setUnbondingDelay(uint32(p.UNBONDING_CEILING()));
        p.setChallengeWindow(window);
        p.setDisputeMoveTimeout(moveTimeout);
        (bool accepted,) = address(p).call(abi.encodeCall(Parameters.setUnbondingDelay, (delay)));
        vm.stopPrank();
        (bool harnessAccepted,) = address(coupled)
            .call(abi.encodeCall(CoupledBoundsHarness.unbondingOutlastsDisputes, (delay, window, moveTimeout, 0, 0)));
        assertEq(accepted, harnessAccepted);
    }

    function _parameters() internal returns (Parameters) {
        address treasury = makeAddr("treasury");
        return new Parameters(
            makeAddr("owner"), DeployConfig.devnetParameters(treasury), DeployConfig.devnetBounds(1_000_000_000e18)
        );
    }
}
