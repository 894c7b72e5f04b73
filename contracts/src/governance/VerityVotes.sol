// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IVerityVotes} from "./interfaces/IVerityVotes.sol";

/// @title Verity voting power: liquid VRT plus staked VRT
/// @notice The IERC5805 source the Governor reads. Votes of an account at a
/// timepoint = the token's checkpointed votes (liquid VRT delegated to it) + Staking's
/// checkpointed votes (bonded and unbonding VRT delegated to it). Total supply = the
/// VRT supply.
///
/// Why no token is counted twice. Let S be the VRT supply and B the VRT balance of
/// Staking. ERC20Votes gives votes only for the balances of accounts that delegated;
/// Staking never delegates (it has no code path that calls `delegate`, and
/// `delegateBySig` needs an ECDSA signature a contract cannot produce), so the token
/// side counts at most S - B. Staking's voting units are bonded + unbonding per
/// provider, created on `stake` when the tokens come in and destroyed on `withdraw` and
/// `slash` when they go out, in the same transaction: they sum to at most B (exactly B
/// unless someone sends VRT to Staking by plain transfer, which then votes nowhere).
/// Both sides are checkpointed on the same block-number clock, so at any timepoint
/// total votes <= (S - B) + B = S, the figure quorum is computed from.
///
/// Slash and withdraw. A slash burns the provider's units in Staking and transfers the
/// VRT to the challenger, the requester and the treasury: from then on those tokens vote
/// for whoever those recipients delegated to (nobody until they delegate; the timelock
/// treasury never delegates unless a vote makes it). A withdrawal burns the units and
/// returns the VRT to the provider's wallet, where it votes through the provider's token
/// delegate. A provider that never delegated its liquid tokens therefore has no votes
/// for them after withdrawing until it delegates, exactly as for any ERC20Votes holder.
///
/// Compared with Livepeer: Livepeer's BondingManager is the single source of stake and
/// of voting power, and a delegator's stake votes through its orchestrator unless the
/// delegator votes itself (an override). Here the two sources stay separate, each with
/// ordinary OpenZeppelin delegation: liquid VRT delegates through the token as any
/// ERC20Votes holder expects, staked VRT through `Staking.delegate` (set on first stake
/// to the token delegate, or to the staker). There is no override at vote time: a staker
/// who wants its stake to vote differently from its delegate re-delegates before the
/// proposal's snapshot.
/// @dev Both sources are immutable contracts, so the clock check in the constructor holds forever.
contract VerityVotes is IVerityVotes {
    IERC5805 private immutable _token;
    IERC5805 private immutable _staking;

    constructor(IERC5805 token_, IERC5805 staking_) {
        address stakingToken = IStaking(address(staking_)).token();
        if (stakingToken != address(token_)) revert VerityVotesTokenMismatch(address(token_), stakingToken);
        string memory tokenMode = token_.CLOCK_MODE();
        string memory stakingMode = staking_.CLOCK_MODE();
        uint48 tokenClock = token_.clock();
        uint48 stakingClock = staking_.clock();
        if (keccak256(bytes(tokenMode)) != keccak256(bytes(stakingMode)) || tokenClock != stakingClock) {
            revert VerityVotesClockMismatch(tokenMode, stakingMode, tokenClock, stakingClock);
        }
        // Staking cannot delegate today; this makes a future Staking that could fail loudly here.
        address stakingDelegate = token_.delegates(address(staking_));
        if (stakingDelegate != address(0)) revert VerityVotesStakingDelegated(stakingDelegate);
        _token = token_;
        _staking = staking_;
    }

    /* SOURCES */

    /// @inheritdoc IVerityVotes
    function token() external view returns (IERC5805) {
        return _token;
    }

    /// @inheritdoc IVerityVotes
    function staking() external view returns (IERC5805) {
        return _staking;
    }

    /* ERC-6372 */

    /// @notice The token's clock: the block number (checked equal to Staking's at construction).
    function clock() external view returns (uint48) {
        return _token.clock();
    }

    /// @notice The token's clock mode (checked equal to Staking's at construction).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        return _token.CLOCK_MODE();
    }

    /* VOTES */

    /// @notice Current votes of `account`: liquid VRT delegated to it plus stake delegated to it.
    function getVotes(address account) external view returns (uint256) {
        return _token.getVotes(account) + _staking.getVotes(account);
    }

    /// @notice Votes of `account` at the end of `timepoint` (a past block): liquid plus staked.
    function getPastVotes(address account, uint256 timepoint) external view returns (uint256) {
        return _token.getPastVotes(account, timepoint) + _staking.getPastVotes(account, timepoint);
    }

    /// @inheritdoc IVerityVotes
    function getPastVotesBySource(address account, uint256 timepoint)
        external
        view
        returns (uint256 liquid, uint256 staked)
    {
        return (_token.getPastVotes(account, timepoint), _staking.getPastVotes(account, timepoint));
    }

    /// @notice The VRT supply at `timepoint`. Staked tokens are part of it once (as Staking's
    /// balance) and are not added again: Staking's own total is a subset of this supply.
    function getPastTotalSupply(uint256 timepoint) external view returns (uint256) {
        return _token.getPastTotalSupply(timepoint);
    }

    /* DELEGATION (at the sources) */

    /// @notice The delegate of `account`'s liquid VRT.
    function delegates(address account) external view returns (address) {
        return _token.delegates(account);
    }

    /// @inheritdoc IVerityVotes
    function stakeDelegates(address account) external view returns (address) {
        return _staking.delegates(account);
    }

    /// @notice Always reverts: delegate liquid VRT with `VerityToken.delegate` and stake with `Staking.delegate`.
    function delegate(address) external pure {
        revert VerityVotesDelegateAtSource();
    }

    /// @notice Always reverts: sign for `VerityToken.delegateBySig` or `Staking.delegateBySig` instead.
    function delegateBySig(address, uint256, uint256, uint8, bytes32, bytes32) external pure {
        revert VerityVotesDelegateAtSource();
    }
}
