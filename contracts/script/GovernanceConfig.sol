// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The governance settings chosen at deployment. Voting times are in blocks
/// (the token's clock), so production values depend on the chain's block time; the
/// timelock delay is in seconds. Token holders can change all of them later by vote,
/// within the governor's bounds, but never below the floors fixed here (immutables of the
/// governor and the timelock; on a public chain at least their production minima).
library GovernanceConfig {
    struct Governance {
        uint48 votingDelay; // blocks from proposal to snapshot
        uint32 votingPeriod; // blocks the vote stays open
        uint16 proposalThresholdBps; // votes needed to propose, basis points of VRT supply
        uint8 quorumNumerator; // percent of VRT supply voting For or Abstain
        uint32 timelockDelay; // seconds between queueing and execution
        uint48 votingDelayFloor; // the least voting delay a vote may set, blocks
        uint32 votingPeriodFloor; // the least voting period a vote may set, blocks
        uint32 timelockDelayFloor; // the least timelock delay a vote may set, seconds
    }

    /// @notice Production settings for a chain producing a block every `secondsPerBlock` seconds.
    /// - voting delay 1 day: holders see a proposal and (re)delegate, liquid or staked, before
    ///   the snapshot; longer would only slow governance down.
    /// - voting period 1 week: spans a weekend and every time zone, and gives multisig and
    ///   custody holders time to sign.
    /// - proposal threshold 0.1% of supply: dear enough to keep spam off the ballot, within
    ///   reach of a small coalition (and of delegation to a known proposer).
    /// - quorum 4% of supply (Compound's and OpenZeppelin's usual value): supply includes tokens
    ///   that never vote, so a higher share would risk honest proposals failing for turnout.
    /// - timelock 2 days: providers and requesters see an accepted change before it applies and
    ///   can stop bidding or posting; the guardian can pause new jobs meanwhile if the change is
    ///   an attack.
    /// Floors, half of each value: a vote may shorten governance's times for a good reason (a
    /// faster response), never to the point where a proposal passes before holders can react.
    /// - voting delay floor 12 h, voting period floor 3 days, timelock delay floor 1 day.
    /// The governor refuses block floors below its production minima (3,600 and 21,600 blocks,
    /// i.e. 12 h and 3 days of 12 s blocks): on a chain with blocks slower than 12 s, pass the floors
    /// explicitly. `secondsPerBlock` must be the chain's block time as `block.number` sees it
    /// (on Arbitrum, the L1's).
    function production(uint256 secondsPerBlock) internal pure returns (Governance memory) {
        return Governance({
            votingDelay: uint48(1 days / secondsPerBlock),
            votingPeriod: uint32(1 weeks / secondsPerBlock),
            proposalThresholdBps: 10,
            quorumNumerator: 4,
            timelockDelay: 2 days,
            votingDelayFloor: uint48(12 hours / secondsPerBlock),
            votingPeriodFloor: uint32(3 days / secondsPerBlock),
            timelockDelayFloor: 1 days
        });
    }

    /// @notice Local network settings: the same shares of supply, and times short enough to
    /// walk a proposal through in a minute (mine blocks with `anvil_mine` when automining).
    /// The floors are the values themselves: a devnet is already as fast as it may go.
    function devnet() internal pure returns (Governance memory) {
        return Governance({
            votingDelay: 1,
            votingPeriod: 30,
            proposalThresholdBps: 10,
            quorumNumerator: 4,
            timelockDelay: 60,
            votingDelayFloor: 1,
            votingPeriodFloor: 30,
            timelockDelayFloor: 60
        });
    }
}
