// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernanceFixture} from "./utils/GovernanceFixture.sol";
import {Parameters} from "../../src/Parameters.sol";

/// @notice Every proposal goes through the timelock: the governor says so to integrators (and to
/// OpenZeppelin's own queue/execute paths), whatever the proposal.
contract GovernanceProposalNeedsQueuingTest is GovernanceFixture {
    function test_proposalNeedsQueuing_trueForAProposal() public {
        Proposal memory p =
            _proposal(address(sys.params), abi.encodeCall(Parameters.setProtocolFeeBps, (100)), "fee to 1%");
        uint256 id = _propose(whale, p);
        assertTrue(sys.governor.proposalNeedsQueuing(id));
    }
}
