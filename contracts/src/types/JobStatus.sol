// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The states of a job. A job only moves forward through them, except
/// that a missed deadline or a lost dispute may send a job with `reauction`
/// back to `Bidding` for a new round.
enum JobStatus {
    None, //       never posted
    Bidding, //    commit phase, then reveal phase, until settled
    Assigned, //   a winner holds the job and must submit before the execution deadline
    Submitted, //  result submitted; challengeable until the challenge deadline
    Disputed, //   one or more disputes are under way; finalization is frozen
    Finalized, //  paid out (terminal)
    Cancelled, //  cancelled by the requester before any bid (terminal)
    Expired, //    no valid bid, missed deadline or proven wrong without re-auction: refunded (terminal)
    Rejected //    result proven wrong in a dispute and refunded (terminal)
}
