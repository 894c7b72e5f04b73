// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Fixture} from "../../utils/Fixture.sol";
import {DeploySystem} from "../../../script/DeploySystem.sol";
import {DeployConfig} from "../../../script/DeployConfig.sol";
import {GovernanceConfig} from "../../../script/GovernanceConfig.sol";
import {TestStablecoin} from "../../../script/devnet/TestStablecoin.sol";

/// @notice The protocol deployed under governance exactly as the deploy script does
/// (`deployWithGovernance`, devnet settings, the timelock as treasury), with the market
/// actors of `Fixture` plus token holders who vote, and helpers that walk a proposal
/// through its lifecycle.
abstract contract GovernanceFixture is Fixture {
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    /// @dev 10% of supply, self-delegated: meets quorum (4%) alone.
    uint256 internal constant WHALE_VRT = 100_000_000e18;
    /// @dev 0.2% of supply, self-delegated: above the proposal threshold (0.1%), far below quorum.
    uint256 internal constant MINNOW_VRT = 2_000_000e18;

    address internal whale = makeAddr("whale");
    address internal minnow = makeAddr("minnow");

    /// @notice One proposal's calls and description, as the governor hashes them.
    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    /// @dev Replaces Fixture's deployment (an admin-owned protocol) with the governed one,
    /// then sets up the same market actors as Fixture.setUp.
    function setUp() public virtual override {
        sys = DeploySystem.deployWithGovernance(
            address(this),
            address(this),
            SUPPLY,
            address(0),
            guardian,
            DeployConfig.devnetParameters(address(0)),
            GovernanceConfig.devnet()
        );
        usd = TestStablecoin(address(sys.paymentToken));
        modelId = _registerModel(publisher, keccak256("model-1"));
        _provider(alice, STAKE);
        _provider(bob, STAKE);
        _provider(carol, STAKE);
        usd.mint(requester, 1_000_000e6);
        vm.prank(requester);
        usd.approve(address(sys.market), type(uint256).max);

        _holder(whale, WHALE_VRT);
        _holder(minnow, MINNOW_VRT);
        // Proposals read votes at past blocks only.
        vm.roll(block.number + 1);
    }

    function _holder(address who, uint256 amount) internal {
        sys.token.transfer(who, amount);
        vm.prank(who);
        sys.token.delegate(who);
    }

    /* PROPOSALS */

    function _proposal(address target, bytes memory data, string memory description)
        internal
        pure
        returns (Proposal memory p)
    {
        p.targets = new address[](1);
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.targets[0] = target;
        p.calldatas[0] = data;
        p.description = description;
    }

    function _propose(address proposer, Proposal memory p) internal returns (uint256 id) {
        vm.prank(proposer);
        id = sys.governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function _id(Proposal memory p) internal view returns (uint256) {
        return sys.governor.getProposalId(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    /// @dev Rolls to the first block in which votes are accepted.
    function _toVoting(uint256 id) internal {
        vm.roll(sys.governor.proposalSnapshot(id) + 1);
    }

    /// @dev Rolls past the end of the vote.
    function _toVoteEnd(uint256 id) internal {
        vm.roll(sys.governor.proposalDeadline(id) + 1);
    }

    function _vote(address voter, uint256 id, uint8 support) internal returns (uint256 weight) {
        vm.prank(voter);
        weight = sys.governor.castVote(id, support);
    }

    function _queue(Proposal memory p) internal {
        sys.governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    /// @dev Anyone may execute (the timelock's executor role is open): a stranger does it here.
    function _execute(Proposal memory p) internal {
        vm.prank(makeAddr("anyone"));
        sys.governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    /// @dev Proposed by the whale, passed by the whale's vote, queued, and the timelock delay waited out.
    function _passAndQueue(Proposal memory p) internal returns (uint256 id) {
        id = _propose(whale, p);
        _toVoting(id);
        _vote(whale, id, uint8(1));
        _toVoteEnd(id);
        _queue(p);
        vm.warp(block.timestamp + sys.timelock.getMinDelay());
    }

    function _state(uint256 id) internal view returns (IGovernor.ProposalState) {
        return sys.governor.state(id);
    }
}
