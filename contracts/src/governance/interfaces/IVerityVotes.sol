// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title Verity voting power
/// @notice The source of votes the Governor reads: an account's votes are the VRT
/// delegated to it through the token (liquid tokens) plus the stake delegated to
/// it through Staking (bonded and unbonding tokens). The total supply is VRT's.
/// @dev Delegation happens at the two sources, never here: `delegate` and
/// `delegateBySig` always revert, because this contract cannot act for the caller
/// on the token or on Staking.
interface IVerityVotes is IERC5805 {
    /// @notice The token and Staking use different clocks, so their checkpoints cannot be added up.
    error VerityVotesClockMismatch(
        string tokenClockMode, string stakingClockMode, uint48 tokenClock, uint48 stakingClock
    );
    /// @notice Staking holds `stakingToken`, not the voting token `token`.
    error VerityVotesTokenMismatch(address token, address stakingToken);
    /// @notice Staking's own VRT balance is delegated to `delegatee`, so staked tokens would be counted twice.
    error VerityVotesStakingDelegated(address delegatee);
    /// @notice Votes are delegated at their source: `VerityToken.delegate` for liquid
    /// tokens, `Staking.delegate` for staked ones.
    error VerityVotesDelegateAtSource();

    /// @notice The protocol token (ERC20Votes); its checkpoints count liquid tokens.
    function token() external view returns (IERC5805);

    /// @notice Staking (OpenZeppelin Votes); its checkpoints count bonded and unbonding stake.
    function staking() external view returns (IERC5805);

    /// @notice The delegate of `account`'s staked tokens (its liquid delegate is `delegates(account)`).
    function stakeDelegates(address account) external view returns (address);

    /// @notice The votes delegated to `account` at `timepoint`, split by source.
    function getPastVotesBySource(address account, uint256 timepoint)
        external
        view
        returns (uint256 liquid, uint256 staked);
}
