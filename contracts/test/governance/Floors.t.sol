// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {GovernanceConfig} from "../../script/GovernanceConfig.sol";
import {Parameters} from "../../src/Parameters.sol";
import {VerityGovernor} from "../../src/governance/VerityGovernor.sol";
import {VerityTimelock} from "../../src/governance/VerityTimelock.sol";
import {IVerityGovernor} from "../../src/governance/interfaces/IVerityGovernor.sol";
import {IVerityTimelock} from "../../src/governance/interfaces/IVerityTimelock.sol";

/// @notice Governance's own timing has floors fixed at deployment: a vote cannot shorten the
/// voting delay, the voting period or the timelock delay below them (issue 10, attack 3:
/// "one proposal sets delay 0, voting delay 0, period 1 block; then anything passes in 2 blocks").
contract GovernanceFloorsTest is GovernanceFixture {
    uint256 internal constant CEILING = 2_592_000;

    function _passAndQueueOn(address target, bytes memory data, string memory description)
        internal
        returns (Proposal memory p)
    {
        p = _proposal(target, data, description);
        _passAndQueue(p);
    }

    /* FLOORS AS DEPLOYED */

    function test_floors_devnetFloorsAreTheDevnetSettings() public view {
        GovernanceConfig.Governance memory g = GovernanceConfig.devnet();
        assertEq(sys.governor.votingDelayFloor(), g.votingDelayFloor);
        assertEq(sys.governor.votingPeriodFloor(), g.votingPeriodFloor);
        assertEq(sys.timelock.minDelayFloor(), g.timelockDelayFloor);
        assertEq(sys.governor.votingDelay(), 1);
        assertEq(sys.governor.votingPeriod(), 30);
        assertEq(sys.timelock.getMinDelay(), 60);
    }

    /* EACH TIMING SETTING VOTED NEAR ZERO FAILS AT EXECUTION */

    function test_execute_RevertWhen_votingDelayBelowFloor() public {
        Proposal memory p =
            _passAndQueueOn(address(sys.governor), abi.encodeCall(GovernorSettings.setVotingDelay, (0)), "delay 0");
        vm.expectRevert(
            abi.encodeWithSelector(IVerityGovernor.VerityGovernorVotingDelayOutOfBounds.selector, 0, 1, CEILING)
        );
        _execute(p);
        assertEq(sys.governor.votingDelay(), 1, "unchanged");
    }

    function test_execute_RevertWhen_votingPeriodBelowFloor() public {
        Proposal memory p =
            _passAndQueueOn(address(sys.governor), abi.encodeCall(GovernorSettings.setVotingPeriod, (1)), "period 1");
        vm.expectRevert(
            abi.encodeWithSelector(IVerityGovernor.VerityGovernorVotingPeriodOutOfBounds.selector, 1, 30, CEILING)
        );
        _execute(p);
        assertEq(sys.governor.votingPeriod(), 30, "unchanged");
    }

    function test_execute_RevertWhen_timelockDelayBelowFloor() public {
        Proposal memory p =
            _passAndQueueOn(address(sys.timelock), abi.encodeCall(TimelockController.updateDelay, (0)), "timelock 0");
        vm.expectRevert(abi.encodeWithSelector(IVerityTimelock.VerityTimelockDelayOutOfBounds.selector, 0, 60, 30 days));
        _execute(p);
        assertEq(sys.timelock.getMinDelay(), 60, "unchanged");
    }

    /// @dev Far above the ceilings, a vote (or a typo) would freeze governance for good.
    function test_execute_RevertWhen_timingAboveCeilings() public {
        Proposal memory p = _passAndQueueOn(
            address(sys.governor), abi.encodeCall(GovernorSettings.setVotingPeriod, (uint32(CEILING + 1))), "forever"
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityGovernor.VerityGovernorVotingPeriodOutOfBounds.selector, CEILING + 1, 30, CEILING
            )
        );
        _execute(p);
        p = _passAndQueueOn(
            address(sys.timelock), abi.encodeCall(TimelockController.updateDelay, (30 days + 1)), "timelock forever"
        );
        vm.expectRevert(
            abi.encodeWithSelector(IVerityTimelock.VerityTimelockDelayOutOfBounds.selector, 30 days + 1, 60, 30 days)
        );
        _execute(p);
    }

    /// @dev Values at or above the floors pass: governance can still slow itself down, or come back.
    function test_execute_timingAtOrAboveFloorsApplies() public {
        Proposal memory p;
        p.targets = new address[](3);
        p.values = new uint256[](3);
        p.calldatas = new bytes[](3);
        (p.targets[0], p.calldatas[0]) =
        (address(sys.governor), abi.encodeCall(GovernorSettings.setVotingDelay, (uint48(5))));
        (p.targets[1], p.calldatas[1]) =
        (address(sys.governor), abi.encodeCall(GovernorSettings.setVotingPeriod, (uint32(CEILING))));
        (p.targets[2], p.calldatas[2]) =
        (address(sys.timelock), abi.encodeCall(TimelockController.updateDelay, (uint256(60))));
        p.description = "slower votes";
        _passAndQueue(p);
        _execute(p);
        assertEq(sys.governor.votingDelay(), 5);
        assertEq(sys.governor.votingPeriod(), CEILING);
        assertEq(sys.timelock.getMinDelay(), 60);
    }

    /* THE ATTACK */

    /// @dev One proposal sets the timelock delay to 0, the voting delay to 0 and the voting period to
    /// 1 block, so that the next proposal (any parameter set) would pass from propose to execute in
    /// 2 blocks. It fails at execution, and the next proposal still waits out every floor.
    function test_attack_twoBlockGovernance_noLongerWorks() public {
        Proposal memory attack;
        attack.targets = new address[](3);
        attack.values = new uint256[](3);
        attack.calldatas = new bytes[](3);
        (attack.targets[0], attack.calldatas[0]) =
        (address(sys.timelock), abi.encodeCall(TimelockController.updateDelay, (0)));
        (attack.targets[1], attack.calldatas[1]) =
        (address(sys.governor), abi.encodeCall(GovernorSettings.setVotingDelay, (0)));
        (attack.targets[2], attack.calldatas[2]) =
        (address(sys.governor), abi.encodeCall(GovernorSettings.setVotingPeriod, (1)));
        attack.description = "fast lane";
        uint256 attackId = _passAndQueue(attack);
        vm.expectRevert(abi.encodeWithSelector(IVerityTimelock.VerityTimelockDelayOutOfBounds.selector, 0, 60, 30 days));
        _execute(attack);
        assertEq(uint8(_state(attackId)), uint8(IGovernor.ProposalState.Queued));

        // The same settings one at a time fail too (each named above); the next proposal is as slow as ever.
        Proposal memory next =
            _proposal(address(sys.params), abi.encodeCall(Parameters.setProtocolFeeBps, (2000)), "fee to the ceiling");
        uint256 start = block.number;
        uint256 id = _propose(whale, next);
        vm.roll(start + 2);
        assertEq(uint8(_state(id)), uint8(IGovernor.ProposalState.Active), "voting just opened");
        _vote(whale, id, 1);
        vm.expectRevert(); // still active: cannot queue two blocks in
        _queue(next);
        assertGe(sys.governor.proposalDeadline(id) - start, 31, "voting delay + period >= 1 + 30 blocks");
        _toVoteEnd(id);
        _queue(next);
        assertEq(sys.governor.proposalEta(id), block.timestamp + 60, "and the timelock floor");
        vm.expectRevert();
        _execute(next);
        vm.warp(block.timestamp + 60);
        _execute(next);
        assertEq(sys.params.protocolFeeBps(), 2000);
    }

    /// @dev A new timelock could come without a delay floor: the governor keeps the one it was deployed with.
    function test_execute_RevertWhen_updateTimelock() public {
        VerityTimelock other = new VerityTimelock(1, 1, address(this));
        Proposal memory p = _passAndQueueOn(
            address(sys.governor), abi.encodeCall(VerityGovernor.updateTimelock, (other)), "swap the timelock"
        );
        vm.expectRevert(IVerityGovernor.VerityGovernorTimelockFixed.selector);
        _execute(p);
        assertEq(sys.governor.timelock(), address(sys.timelock));
    }

    function test_setters_RevertWhen_notGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        sys.governor.setVotingDelay(5);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(this)));
        sys.governor.setVotingPeriod(50);
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, address(this)));
        sys.timelock.updateDelay(120);
    }

    /* CONSTRUCTION */

    function _settings(uint48 delay, uint32 period, uint48 delayFloor, uint32 periodFloor)
        internal
        pure
        returns (VerityGovernor.Settings memory)
    {
        return VerityGovernor.Settings({
            votingDelay: delay,
            votingPeriod: period,
            proposalThreshold: 0,
            quorumNumerator: 4,
            votingDelayFloor: delayFloor,
            votingPeriodFloor: periodFloor
        });
    }

    function test_governorConstructor_RevertWhen_floorOutOfRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityGovernor.VerityGovernorFloorOutOfRange.selector, bytes32("votingDelayFloor"), 0, 1, CEILING
            )
        );
        new VerityGovernor(sys.votes, sys.timelock, _settings(1, 30, 0, 30));
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityGovernor.VerityGovernorFloorOutOfRange.selector, bytes32("votingPeriodFloor"), 9, 10, CEILING
            )
        );
        new VerityGovernor(sys.votes, sys.timelock, _settings(1, 30, 1, 9));
    }

    function test_governorConstructor_RevertWhen_settingsBelowFloors() public {
        vm.expectRevert(
            abi.encodeWithSelector(IVerityGovernor.VerityGovernorVotingDelayOutOfBounds.selector, 1, 2, CEILING)
        );
        new VerityGovernor(sys.votes, sys.timelock, _settings(1, 30, 2, 30));
        vm.expectRevert(
            abi.encodeWithSelector(IVerityGovernor.VerityGovernorVotingPeriodOutOfBounds.selector, 30, 31, CEILING)
        );
        new VerityGovernor(sys.votes, sys.timelock, _settings(1, 30, 1, 31));
    }

    function test_timelockConstructor_RevertWhen_delayOrFloorOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(IVerityTimelock.VerityTimelockFloorOutOfRange.selector, 0, 1, 30 days));
        new VerityTimelock(60, 0, address(this));
        vm.expectRevert(
            abi.encodeWithSelector(IVerityTimelock.VerityTimelockDelayOutOfBounds.selector, 30, 60, 30 days)
        );
        new VerityTimelock(30, 60, address(this));
    }

    /* PRODUCTION FLOORS OFF THE LOCAL CHAINS */

    function test_constructors_RevertWhen_devnetFloorsOnPublicChain() public {
        vm.chainId(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityTimelock.VerityTimelockFloorBelowProductionMinimum.selector, 60, 1 days, uint256(1)
            )
        );
        new VerityTimelock(60, 60, address(this));
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityGovernor.VerityGovernorFloorBelowProductionMinimum.selector,
                bytes32("votingDelayFloor"),
                1,
                3600,
                uint256(1)
            )
        );
        new VerityGovernor(sys.votes, sys.timelock, _settings(1, 30, 1, 30));
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityGovernor.VerityGovernorFloorBelowProductionMinimum.selector,
                bytes32("votingPeriodFloor"),
                21_599,
                21_600,
                uint256(1)
            )
        );
        new VerityGovernor(sys.votes, sys.timelock, _settings(7200, 50_400, 3600, 21_599));
    }

    /// @dev The production config at 12 s (L1) and 2 s (OP Stack) blocks meets the minima; a config
    /// computed for blocks slower than 12 s does not, and is refused rather than silently shortened.
    function test_constructors_productionConfigOnPublicChains() public {
        vm.chainId(8453);
        uint256[2] memory blockTimes = [uint256(12), 2];
        for (uint256 k; k < 2; ++k) {
            GovernanceConfig.Governance memory g = GovernanceConfig.production(blockTimes[k]);
            VerityTimelock t = new VerityTimelock(g.timelockDelay, g.timelockDelayFloor, address(this));
            VerityGovernor gov = new VerityGovernor(
                sys.votes, t, _settings(g.votingDelay, g.votingPeriod, g.votingDelayFloor, g.votingPeriodFloor)
            );
            assertEq(gov.votingDelayFloor(), 12 hours / blockTimes[k]);
            assertEq(gov.votingPeriodFloor(), 3 days / blockTimes[k]);
            assertEq(t.minDelayFloor(), 1 days);
        }
        GovernanceConfig.Governance memory slow = GovernanceConfig.production(13);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityGovernor.VerityGovernorFloorBelowProductionMinimum.selector,
                bytes32("votingDelayFloor"),
                uint256(3323), // 12 h of 13 s blocks
                3600,
                uint256(8453)
            )
        );
        new VerityGovernor(
            sys.votes,
            sys.timelock,
            _settings(slow.votingDelay, slow.votingPeriod, slow.votingDelayFloor, slow.votingPeriodFloor)
        );
    }
}
