// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {VerityVotes} from "../../src/governance/VerityVotes.sol";
import {IVerityVotes} from "../../src/governance/interfaces/IVerityVotes.sol";
import {Fixture} from "../utils/Fixture.sol";

/// @dev A staking contract that delegated the VRT it holds: what `VerityVotes` must refuse, since
/// those tokens would then vote twice (once as the delegate's liquid votes, once as stake).
contract DelegatingStaking {
    address public token;

    constructor(address token_, address delegatee) {
        token = token_;
        IVotes(token_).delegate(delegatee);
    }

    function clock() external view returns (uint48) {
        return uint48(block.number);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external pure returns (string memory) {
        return "mode=blocknumber&from=default";
    }
}

/// @notice The votes adapter refuses a staking contract whose token balance is delegated (the real
/// Staking never delegates; this is the check that makes a future one fail loudly).
contract GovernanceVotesStakingDelegatedTest is Fixture {
    function test_votesConstructor_RevertWhen_stakingDelegated() public {
        address delegatee = makeAddr("delegatee");
        DelegatingStaking staking = new DelegatingStaking(address(sys.token), delegatee);
        vm.expectRevert(abi.encodeWithSelector(IVerityVotes.VerityVotesStakingDelegated.selector, delegatee));
        new VerityVotes(IERC5805(address(sys.token)), IERC5805(address(staking)));
    }
}
