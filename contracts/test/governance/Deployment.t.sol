// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {DeploySystem} from "../../script/DeploySystem.sol";
import {DeployConfig} from "../../script/DeployConfig.sol";
import {GovernanceConfig} from "../../script/GovernanceConfig.sol";
import {VerityVotes} from "../../src/governance/VerityVotes.sol";
import {VerityGovernor} from "../../src/governance/VerityGovernor.sol";
import {VerityTimelock} from "../../src/governance/VerityTimelock.sol";
import {IVerityVotes} from "../../src/governance/interfaces/IVerityVotes.sol";
import {IVerityGovernor} from "../../src/governance/interfaces/IVerityGovernor.sol";
import {IVerityTimelock} from "../../src/governance/interfaces/IVerityTimelock.sol";
import {IParameters} from "../../src/interfaces/IParameters.sol";
import {TestStablecoin} from "../../script/devnet/TestStablecoin.sol";

/// @dev A Staking stand-in whose clock is the timestamp, to show the adapter refuses mixed clocks.
contract TimestampClockStaking {
    address public token;

    constructor(address token_) {
        token = token_;
    }

    function clock() external view returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=timestamp";
    }
}

contract GovernanceDeploymentTest is GovernanceFixture {
    function test_deployWithGovernance_timelockOwnsProtocolAndIsTreasury() public view {
        assertEq(sys.params.owner(), address(sys.timelock));
        assertEq(sys.market.owner(), address(sys.timelock));
        assertEq(sys.params.pendingOwner(), address(0), "nothing left to accept");
        assertEq(sys.market.pendingOwner(), address(0), "nothing left to accept");
        assertEq(sys.params.treasury(), address(sys.timelock));
        assertEq(sys.market.guardian(), guardian);
    }

    function test_deployWithGovernance_timelockRoles() public view {
        TimelockController t = sys.timelock;
        address gov = address(sys.governor);
        assertTrue(t.hasRole(t.PROPOSER_ROLE(), gov), "governor proposes");
        assertTrue(t.hasRole(t.CANCELLER_ROLE(), gov), "governor cancels");
        assertTrue(t.hasRole(t.EXECUTOR_ROLE(), address(0)), "anyone executes");
        assertTrue(t.hasRole(t.DEFAULT_ADMIN_ROLE(), address(t)), "timelock administers itself");
        assertFalse(t.hasRole(t.DEFAULT_ADMIN_ROLE(), address(this)), "deployer renounced");
        assertFalse(t.hasRole(t.PROPOSER_ROLE(), address(this)));
        assertFalse(t.hasRole(t.CANCELLER_ROLE(), address(this)));
        assertFalse(t.hasRole(t.PROPOSER_ROLE(), guardian), "the guardian cannot schedule");
        assertEq(t.getMinDelay(), GovernanceConfig.devnet().timelockDelay);
    }

    function test_deployWithGovernance_governorSettings() public view {
        GovernanceConfig.Governance memory g = GovernanceConfig.devnet();
        assertEq(address(sys.governor.token()), address(sys.votes));
        assertEq(sys.governor.timelock(), address(sys.timelock));
        assertEq(sys.governor.votingDelay(), g.votingDelay);
        assertEq(sys.governor.votingPeriod(), g.votingPeriod);
        assertEq(sys.governor.proposalThreshold(), SUPPLY * g.proposalThresholdBps / 10_000);
        assertEq(sys.governor.proposalThreshold(), 1_000_000e18, "0.1% of supply");
        assertEq(sys.governor.quorumNumerator(), 4);
        assertEq(sys.governor.quorum(block.number - 1), SUPPLY * 4 / 100, "4% of the VRT supply");
        assertEq(sys.governor.clock(), block.number);
        assertEq(sys.governor.CLOCK_MODE(), "mode=blocknumber&from=default");
        assertEq(sys.governor.name(), "Verity Governor");
        assertEq(sys.governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
    }

    function test_deployWithGovernance_votesReadTokenAndStaking() public view {
        assertEq(address(sys.votes.token()), address(sys.token));
        assertEq(address(sys.votes.staking()), address(sys.staking));
        assertEq(sys.votes.clock(), sys.token.clock());
        assertEq(sys.votes.clock(), sys.staking.clock());
        assertEq(sys.token.delegates(address(sys.staking)), address(0), "staking never delegates");
    }

    function test_productionConfig_timesInBlocks() public pure {
        GovernanceConfig.Governance memory g = GovernanceConfig.production(12);
        assertEq(g.votingDelay, 7200, "1 day of 12 s blocks");
        assertEq(g.votingPeriod, 50_400, "1 week of 12 s blocks");
        assertEq(g.proposalThresholdBps, 10);
        assertEq(g.quorumNumerator, 4);
        assertEq(g.timelockDelay, 2 days);
        assertEq(GovernanceConfig.production(2).votingPeriod, 302_400, "an L2 with 2 s blocks");
    }

    function test_deploy_withoutGovernance_leavesGovernanceZero() public {
        DeploySystem.System memory s = DeploySystem.deploy(
            admin, address(this), SUPPLY, address(0), guardian, DeployConfig.devnetParameters(treasury)
        );
        assertEq(s.params.owner(), admin);
        assertEq(s.market.owner(), admin);
        assertEq(address(s.votes), address(0));
        assertEq(address(s.timelock), address(0));
        assertEq(address(s.governor), address(0));
    }

    function test_deployWithGovernance_keepsGivenTreasury() public {
        DeploySystem.System memory s = DeploySystem.deployWithGovernance(
            address(this),
            address(this),
            SUPPLY,
            address(0),
            guardian,
            DeployConfig.devnetParameters(treasury),
            GovernanceConfig.devnet()
        );
        assertEq(s.params.treasury(), treasury);
    }

    function test_deployWithGovernance_RevertWhen_deployerIsNotCaller() public {
        // The renounce must come from the admin itself; a wrong deployer address fails loudly
        // (granting the governor its roles already fails, as the caller is not the admin).
        address notCaller = makeAddr("notCaller");
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), bytes32(0))
        );
        this.deployGoverned(notCaller);
    }

    function deployGoverned(address deployer) external returns (DeploySystem.System memory) {
        return DeploySystem.deployWithGovernance(
            deployer,
            address(this),
            SUPPLY,
            address(0),
            guardian,
            DeployConfig.devnetParameters(address(0)),
            GovernanceConfig.devnet()
        );
    }

    /* ADAPTER CONSTRUCTION */

    function test_votesConstructor_RevertWhen_clocksDiffer() public {
        TimestampClockStaking bad = new TimestampClockStaking(address(sys.token));
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityVotes.VerityVotesClockMismatch.selector,
                "mode=blocknumber&from=default",
                "mode=timestamp",
                uint48(block.number),
                uint48(block.timestamp)
            )
        );
        new VerityVotes(IERC5805(address(sys.token)), IERC5805(address(bad)));
    }

    function test_votesConstructor_RevertWhen_stakingHoldsAnotherToken() public {
        TimestampClockStaking other = new TimestampClockStaking(address(usd));
        vm.expectRevert(
            abi.encodeWithSelector(IVerityVotes.VerityVotesTokenMismatch.selector, address(sys.token), address(usd))
        );
        new VerityVotes(IERC5805(address(sys.token)), IERC5805(address(other)));
    }

    function test_votes_delegate_RevertWhen_calledOnAdapter() public {
        vm.expectRevert(IVerityVotes.VerityVotesDelegateAtSource.selector);
        sys.votes.delegate(whale);
        vm.expectRevert(IVerityVotes.VerityVotesDelegateAtSource.selector);
        sys.votes.delegateBySig(whale, 0, 0, 0, bytes32(0), bytes32(0));
    }

    /* GOVERNOR CONSTRUCTION BOUNDS */

    function test_governorConstructor_RevertWhen_quorumOutOfBounds() public {
        VerityTimelock t = new VerityTimelock(60, 60, address(this));
        vm.expectRevert(abi.encodeWithSelector(IVerityGovernor.VerityGovernorQuorumOutOfBounds.selector, 0, 1, 20));
        new VerityGovernor(sys.votes, t, VerityGovernor.Settings(1, 30, 0, 0, 1, 30));
        vm.expectRevert(abi.encodeWithSelector(IVerityGovernor.VerityGovernorQuorumOutOfBounds.selector, 21, 1, 20));
        new VerityGovernor(sys.votes, t, VerityGovernor.Settings(1, 30, 0, 21, 1, 30));
    }

    function test_governorConstructor_RevertWhen_thresholdAboveOnePercent() public {
        VerityTimelock t = new VerityTimelock(60, 60, address(this));
        uint256 max = SUPPLY / 100;
        vm.expectRevert(
            abi.encodeWithSelector(IVerityGovernor.VerityGovernorProposalThresholdTooHigh.selector, max + 1, max)
        );
        new VerityGovernor(sys.votes, t, VerityGovernor.Settings(1, 30, max + 1, 4, 1, 30));
        new VerityGovernor(sys.votes, t, VerityGovernor.Settings(1, 30, max, 4, 1, 30));
    }

    function test_timelock_adminRenounced_cannotGrantRoles() public {
        bytes32 proposerRole = sys.timelock.PROPOSER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                address(this),
                sys.timelock.DEFAULT_ADMIN_ROLE()
            )
        );
        sys.timelock.grantRole(proposerRole, address(this));
    }

    /* PROFILES: WHAT THE DEPLOY SCRIPT DEPLOYS WHERE (DeployConfig.plan, read by Deploy.s.sol) */

    function plan(uint256 chainId, string memory profile, string memory governance, address token)
        external
        pure
        returns (DeployConfig.Plan memory)
    {
        return DeployConfig.plan(chainId, profile, governance, token);
    }

    function _assertPlan(DeployConfig.Plan memory p, bool production, DeployConfig.Governance g) internal pure {
        assertEq(p.production, production, "profile");
        assertEq(uint8(p.governance), uint8(g), "governance");
    }

    /// @dev `npm run devnet` sets nothing on chain 31337 and gets what it always got.
    function test_plan_localDefaultsToDevnet() public view {
        _assertPlan(this.plan(31_337, "", "", address(0)), false, DeployConfig.Governance.Devnet);
        _assertPlan(this.plan(1337, "", "", address(0)), false, DeployConfig.Governance.Devnet);
        _assertPlan(this.plan(31_337, "", "none", address(0)), false, DeployConfig.Governance.None);
        _assertPlan(this.plan(31_337, "devnet", "devnet", address(0)), false, DeployConfig.Governance.Devnet);
    }

    /// @dev Issue 10, attack 4: production governance used to come with the devnet's parameters.
    function test_plan_productionGovernanceMeansProductionParameters() public view {
        _assertPlan(this.plan(31_337, "", "production", address(0)), true, DeployConfig.Governance.Production);
        _assertPlan(this.plan(31_337, "production", "", address(0)), true, DeployConfig.Governance.Production);
        _assertPlan(this.plan(31_337, "production", "devnet", address(0)), true, DeployConfig.Governance.Devnet);
    }

    function test_plan_RevertWhen_productionGovernanceWithDevnetProfile() public {
        vm.expectRevert(
            abi.encodeWithSelector(DeployConfig.DeployConfigProfileMismatch.selector, "devnet", "production")
        );
        this.plan(31_337, "devnet", "production", address(0));
    }

    function test_plan_RevertWhen_publicChainWithoutProfile() public {
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigProfileRequired.selector, 1));
        this.plan(1, "", "", address(1));
        // VERITY_GOVERNANCE=production alone is not an explicit profile off the local chains
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigProfileRequired.selector, 8453));
        this.plan(8453, "", "production", address(1));
    }

    function test_plan_RevertWhen_devnetProfileOrGovernanceOnPublicChain() public {
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigProfileRefused.selector, "devnet", 1));
        this.plan(1, "devnet", "", address(1));
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigProfileRefused.selector, "devnet", 1));
        this.plan(1, "production", "devnet", address(1));
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigProfileRefused.selector, "none", 1));
        this.plan(1, "production", "none", address(1));
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigProfileRefused.selector, "staging", 31_337));
        this.plan(31_337, "staging", "", address(0));
    }

    function test_plan_RevertWhen_publicChainWithoutPaymentToken() public {
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigPaymentTokenRequired.selector, 10));
        this.plan(10, "production", "", address(0));
    }

    function test_plan_publicChainWithProfileAndToken() public view {
        _assertPlan(this.plan(1, "production", "", address(1)), true, DeployConfig.Governance.Production);
        _assertPlan(this.plan(42_161, "production", "production", address(1)), true, DeployConfig.Governance.Production);
    }

    /* DEPLOYING ON A PUBLIC CHAIN ID */

    function deployProduction(address token, uint256 secondsPerBlock) external returns (DeploySystem.System memory) {
        return DeploySystem.deployWithGovernance(
            address(this),
            address(this),
            SUPPLY,
            token,
            guardian,
            DeployConfig.productionParameters(address(0)),
            DeployConfig.productionBounds(6),
            GovernanceConfig.production(secondsPerBlock)
        );
    }

    function deployDevnet(bool governed) external returns (DeploySystem.System memory) {
        if (governed) {
            return DeploySystem.deployWithGovernance(
                address(this),
                address(this),
                SUPPLY,
                address(usd),
                guardian,
                DeployConfig.devnetParameters(address(0)),
                GovernanceConfig.devnet()
            );
        }
        return DeploySystem.deploy(
            admin, address(this), SUPPLY, address(usd), guardian, DeployConfig.devnetParameters(treasury)
        );
    }

    function test_deployWithGovernance_productionOnPublicChain() public {
        vm.chainId(8453);
        // a 6-decimals stable stands in for the chain's USDC
        DeploySystem.System memory s = this.deployProduction(address(usd), 2);
        assertEq(address(s.paymentToken), address(usd), "the given token, no test stablecoin");
        assertEq(s.params.challengeWindow(), 2 days);
        assertEq(s.params.unbondingDelay(), 14 days);
        IParameters.Bounds memory b = s.params.bounds();
        assertEq(b.challengeWindowFloor, 30 hours);
        assertEq(b.stakeTokenSupply, SUPPLY, "read from the deployed token");
        assertEq(b.paymentTokenDecimals, 6, "read from the payment token");
        assertEq(s.governor.votingDelayFloor(), 12 hours / 2);
        assertEq(s.governor.votingPeriodFloor(), 3 days / 2);
        assertEq(s.timelock.minDelayFloor(), 1 days);
        assertEq(s.timelock.getMinDelay(), 2 days);
        // the timelock itself cannot take the deployment down to devnet values
        vm.prank(address(s.timelock));
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersOutOfBounds.selector, bytes32("challengeWindow"), 60, 30 hours, 30 days
            )
        );
        s.params.setChallengeWindow(60);
    }

    function test_deployWithGovernance_RevertWhen_noPaymentTokenOnPublicChain() public {
        vm.chainId(8453);
        vm.expectRevert(abi.encodeWithSelector(DeployConfig.DeployConfigPaymentTokenRequired.selector, 8453));
        this.deployProduction(address(0), 2);
    }

    /// @dev The devnet profile fails on a public chain whatever path deploys it: the timelock's floor
    /// first, and without governance the Parameters bounds.
    function test_deploy_RevertWhen_devnetProfileOnPublicChain() public {
        vm.chainId(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerityTimelock.VerityTimelockFloorBelowProductionMinimum.selector, 60, 1 days, uint256(1)
            )
        );
        this.deployDevnet(true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParameters.ParametersBoundBelowProductionMinimum.selector,
                bytes32("commitWindowFloor"),
                5,
                60,
                uint256(1)
            )
        );
        this.deployDevnet(false);
    }

    /// @dev The production parameters deploy on the local chain too (VERITY_GOVERNANCE=production on
    /// anvil), with the test stablecoin.
    function test_deployWithGovernance_productionOnLocalChain() public {
        DeploySystem.System memory s = this.deployProduction(address(0), 12);
        assertEq(TestStablecoin(address(s.paymentToken)).decimals(), 6);
        assertEq(s.params.commitWindow(), 2 minutes);
        assertEq(s.governor.votingDelay(), 7200);
    }
}
