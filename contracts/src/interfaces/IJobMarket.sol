// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {JobStatus} from "../types/JobStatus.sol";
import {IAskBook} from "./IAskBook.sol";

/// @title Job market
/// @notice Requesters post inference jobs with escrowed payment; staked
/// providers win them in a sealed-bid reverse auction (first-price: the
/// winner is paid its own bid); the winner submits a result that stands
/// unless proven wrong in the challenge window; then it is paid.
interface IJobMarket {
    // ---------------------------------------------------------------- errors
    /// @notice New jobs and bids are paused by the guardian.
    error MarketPaused();
    /// @notice The caller may not do this.
    error MarketUnauthorized(address caller);
    /// @notice The dispute game was already wired.
    error MarketAlreadyWired();
    /// @notice No job has id `jobId`.
    error MarketUnknownJob(uint256 jobId);
    /// @notice The job is in `status`, which does not allow this.
    error MarketWrongStatus(uint256 jobId, JobStatus status);
    /// @notice The model cannot take jobs (unknown or retired).
    error MarketModelInactive(uint256 modelId);
    /// @notice The maximum price must be positive and fit 96 bits.
    error MarketBadPrice(uint256 price);
    /// @notice The execution window must be between 1 second and `max`.
    error MarketBadExecutionWindow(uint256 window, uint256 max);
    /// @notice A callback gas limit needs a consumer, and may not exceed `max`.
    error MarketBadCallback(address consumer, uint256 gasLimit, uint256 max);
    /// @notice The commit phase ended at `deadline`.
    error MarketCommitClosed(uint256 jobId, uint256 deadline);
    /// @notice The reveal phase runs from `start` to `end`.
    error MarketNotInRevealPhase(uint256 jobId, uint256 start, uint256 end);
    /// @notice The reveal phase ends at `end`; the auction cannot be settled before.
    error MarketAuctionNotOver(uint256 jobId, uint256 end);
    /// @notice The revealed price and salt do not match the bidder's commitment.
    error MarketCommitmentMismatch(uint256 jobId, address bidder);
    /// @notice The revealed price is zero or above the job's maximum price.
    error MarketBidAboveMaxPrice(uint256 jobId, uint256 price, uint256 maxPrice);
    /// @notice The bidder already committed in this round.
    error MarketAlreadyCommitted(uint256 jobId, address bidder);
    /// @notice A commitment of zero is not a commitment.
    error MarketZeroCommitment();
    /// @notice Only the assigned provider may submit.
    error MarketNotProvider(uint256 jobId, address caller);
    /// @notice The execution deadline passed at `deadline`.
    error MarketDeadlinePassed(uint256 jobId, uint256 deadline);
    /// @notice The deadline `deadline` has not passed yet.
    error MarketDeadlineNotPassed(uint256 jobId, uint256 deadline);
    /// @notice The result data does not match what the provider submitted.
    error MarketResultMismatch(uint256 jobId);
    /// @notice The job has bids, so it can no longer be cancelled.
    error MarketHasBids(uint256 jobId);
    /// @notice Not enough gas was forwarded to honour the job's callback gas limit.
    error MarketInsufficientCallbackGas(uint256 jobId, uint256 needed);
    /// @notice Nothing to claim.
    error MarketNothingToClaim(address account);
    /// @notice An integer model's trace needs one hash per hidden layer (`expected`); a float model's none.
    error MarketBadTrace(uint256 jobId, uint256 given, uint256 expected);
    /// @notice An empty output was submitted inline.
    error MarketEmptyOutput(uint256 jobId);
    /// @notice The job's collateral (`collateral`, from the price, the floor and the request) does not fit 96 bits.
    error MarketCollateralTooLarge(uint256 collateral);
    /// @notice The bidder holds no commitment for the job in auction round `round`.
    error MarketNoCommitment(uint256 jobId, uint8 round, address bidder);
    /// @notice The commitment of round `round` can still be revealed until `revealDeadline`.
    error MarketRevealStillOpen(uint256 jobId, uint8 round, uint256 revealDeadline);
    /// @notice The payment token delivered `received` where `expected` was pulled (fee-on-transfer or
    /// similar): the market only takes tokens whose transfers move exactly the amount asked.
    error MarketPaymentTokenShortfall(uint256 expected, uint256 received);
    /// @notice An integer model's inline input must hold exactly its input width `expected` (one int8 each).
    error MarketBadInputLength(uint256 modelId, uint256 length, uint256 expected);
    /// @notice An integer model's inline output must hold exactly its output width `expected` (one int8 each).
    error MarketBadOutputLength(uint256 jobId, uint256 length, uint256 expected);
    /// @notice A reliability floor is a share of ended jobs in basis points: at most 10,000.
    error MarketBadReliabilityFloor(uint256 minReliabilityBps);
    /// @notice `provider` completed `reliabilityBps` of its ended jobs, below the job's floor `minReliabilityBps`.
    error MarketBelowReliabilityFloor(address provider, uint256 reliabilityBps, uint256 minReliabilityBps);
    /// @notice The job refuses providers ever convicted of a wrong result; `provider` was, `convicted` times.
    error MarketProviderConvicted(address provider, uint256 convicted);

    // ---------------------------------------------------------------- events
    /// @notice A job was posted; `input` holds the input bytes (empty when `inputUri` is given).
    /// `collateral` is what every bidder locks for it, fixed for all its auction rounds.
    event JobPosted(
        uint256 indexed jobId,
        address indexed requester,
        uint256 indexed modelId,
        JobRequest request,
        bytes32 inputHash,
        bytes input,
        string inputUri,
        uint256 collateral,
        uint256 commitDeadline,
        uint256 revealDeadline
    );
    /// @notice A bidder committed a sealed bid in auction round `round`, locking the job's collateral.
    event BidCommitted(uint256 indexed jobId, address indexed bidder, uint8 round, bytes32 commitment);
    /// @notice A commitment of round `round` was never revealed: `slashed` of the bidder's locked
    /// collateral went to the requester, the rest was unlocked.
    event BidForfeited(uint256 indexed jobId, uint8 round, address indexed bidder, uint256 slashed);
    /// @notice A bidder revealed `price`; `leading` tells whether it is now the best bid.
    event BidRevealed(uint256 indexed jobId, address indexed bidder, uint8 round, uint256 price, bool leading);
    /// @notice The auction was settled: `provider` won at `price` and locked `collateral`;
    /// the result is due at `executionDeadline`.
    event JobAssigned(
        uint256 indexed jobId, address indexed provider, uint256 price, uint256 collateral, uint256 executionDeadline
    );
    /// @notice The auction had no valid bid; the escrow was refunded (or, with re-auction, a new round opened).
    event AuctionFailed(uint256 indexed jobId, uint8 round);
    /// @notice A new auction round opened for the job.
    event JobReauctioned(uint256 indexed jobId, uint8 round, uint256 commitDeadline, uint256 revealDeadline);
    /// @notice The provider submitted a result; `output` is empty when `outputUri` is given.
    /// `layerHashes` are the hidden activation hashes h_1..h_{L-1} and `traceRoot` their Merkle
    /// root: published here so that any challenger can prove the first layer it disagrees with.
    event ResultSubmitted(
        uint256 indexed jobId,
        address indexed provider,
        bytes32 outputHash,
        bytes32 traceRoot,
        bytes32[] layerHashes,
        bytes output,
        string outputUri,
        uint256 challengeDeadline
    );
    /// @notice A dispute was opened on the job's result (one event per dispute); finalization is
    /// frozen until every dispute of the round has ended (see `OpenDisputesChanged`).
    event JobDisputed(uint256 indexed jobId);
    /// @notice The provider won a dispute (one event per dispute). The result stays challengeable
    /// until its unchanged `challengeDeadline`; the job is `Submitted` again once no dispute is left
    /// open (`OpenDisputesChanged` with zero), else it stays `Disputed`.
    event DisputeRejected(uint256 indexed jobId, uint256 challengeDeadline);
    /// @notice Auction round `round` of the job now has `openDisputes` disputes running: emitted when
    /// one opens and when the provider wins one. (A lost dispute ends the round: `ResultRejected`.)
    event OpenDisputesChanged(uint256 indexed jobId, uint8 round, uint256 openDisputes);
    /// @notice The result was proven wrong; the provider lost `slashed` of its collateral.
    event ResultRejected(uint256 indexed jobId, address indexed provider, address indexed challenger, uint256 slashed);
    /// @notice The job was finalized: `payment` to the provider, `fee` to the treasury, `refund` to the requester.
    event JobFinalized(uint256 indexed jobId, address indexed provider, uint256 payment, uint256 fee, uint256 refund);
    /// @notice The consumer callback ran; `success` is false if it reverted or ran out of gas.
    event CallbackExecuted(uint256 indexed jobId, address indexed consumer, bool success);
    /// @notice The provider missed the execution deadline; `slashed` protocol tokens went to the requester.
    /// `missedInARow` is the provider's count of consecutive missed deadlines, this one included.
    event DeadlineMissed(uint256 indexed jobId, address indexed provider, uint256 slashed, uint256 missedInARow);
    /// @notice A finalized job of `provider` reset its count of consecutive missed deadlines to zero.
    event MissedDeadlinesReset(address indexed provider);
    /// @notice The job ended without a result and `refund` of the escrow was credited to the requester.
    event JobRefunded(uint256 indexed jobId, address indexed requester, uint256 refund, JobStatus status);
    /// @notice The job was cancelled by its requester before any bid.
    event JobCancelled(uint256 indexed jobId);
    /// @notice `amount` of payment token was credited to `account` for job `jobId`, to be claimed.
    event Credited(address indexed account, uint256 indexed jobId, uint256 amount);
    /// @notice `account` claimed `amount` of payment token.
    event Claimed(address indexed account, uint256 amount);
    /// @notice The guardian paused or unpaused new jobs and bids.
    event PausedSet(bool paused);
    /// @notice The guardian changed.
    event GuardianSet(address guardian);

    // ---------------------------------------------------------------- types
    /// @notice What a requester asks for.
    struct JobRequest {
        uint256 modelId;
        uint256 maxPrice; // escrowed, in payment token
        uint256 executionWindow; // seconds from settlement to the result deadline
        address consumer; // contract called back on finalization, or zero
        uint256 callbackGasLimit; // gas forwarded to the consumer
        bool reauction; // open a new round when the winner misses its deadline or is proven wrong
        uint256 minCollateral; // assurance level: least collateral (VRT wei) the winner must lock; 0 = none
        // Reliability floor, checked when a bid is committed and when an ask is taken (see `recordOf`):
        uint256 minReliabilityBps; // least share of its ended jobs the provider completed, in bps; 0 = none
        bool noConviction; // refuse a provider ever convicted of a wrong result
    }

    /// @notice A provider's record, kept by the market in one slot. Ended jobs are completed
    /// (finalized), missed (deadline reported) or convicted (result proven wrong); reliability is
    /// completed / ended in basis points, 10,000 for a provider with no ended job.
    struct ProviderRecord {
        uint64 completed;
        uint64 missed;
        uint64 convicted;
        uint64 missedInARow; // deadlines missed since the last finalized job: drives the liveness escalation
    }

    /// @notice A job as returned by `getJob` (the market stores these fields packed in six slots,
    /// in an order of its own).
    struct Job {
        address requester;
        uint32 modelId;
        JobStatus status;
        uint8 round;
        bool reauction;
        bool outputInline;
        uint16 commitCount;
        uint96 maxPrice;
        uint96 collateral;
        uint32 commitDeadline;
        uint32 revealDeadline;
        // the leading bid while bidding, the winner afterwards
        address provider;
        uint96 price;
        address consumer;
        uint32 callbackGasLimit;
        uint32 deadline; // execution deadline, or challenge deadline once submitted (also while disputed)
        uint32 executionWindow;
        bytes32 inputHash;
        // keccak256(abi.encodePacked(outputHash, traceRoot))
        bytes32 resultHash;
    }

    // ---------------------------------------------------------------- requester
    /// @notice Post a job whose input bytes are given inline (emitted, only their hash stored);
    /// escrows `maxPrice` of the payment token (approve first). Returns the job id.
    function postJob(JobRequest calldata request, bytes calldata input) external returns (uint256 jobId);
    /// @notice Post a job whose input is at `inputUri` with keccak256 `inputHash`.
    function postJobWithUri(JobRequest calldata request, string calldata inputUri, bytes32 inputHash)
        external
        returns (uint256 jobId);
    /// @notice Post a job that takes `provider`'s standing ask for the model (the fast path): no
    /// auction; the job is assigned at the ask's price (refused above `maxPrice`, which is escrowed as
    /// in `postJob`, the difference refunded at finality), the provider's collateral is locked at
    /// once, sized as for an auction, and the execution deadline starts now. Reverts unless the ask is
    /// live, has room, lets the job lock its collateral, and the provider has the free stake and
    /// meets the request's reliability floor. `JobPosted` carries zero commit and reveal deadlines.
    function postJobWithAsk(JobRequest calldata request, bytes calldata input, address provider)
        external
        returns (uint256 jobId);
    /// @notice Cancel a job before any bid was committed; the escrow is credited back.
    function cancelJob(uint256 jobId) external;

    // ---------------------------------------------------------------- auction
    /// @notice Commit a sealed bid: `commitment = bidCommitment(jobId, round, bidder, price, salt)`.
    /// Locks the job's collateral from the bidder's free stake (the bidder must be registered and
    /// keep the minimum stake), so that a commitment is never free.
    function commitBid(uint256 jobId, bytes32 commitment) external;
    /// @notice Reveal a committed bid. The lowest price wins; equal prices are ordered by
    /// keccak256(jobId, bidder). The price must lie between the bid floor (`minBidBps` of the
    /// maximum price, rounded up) and the maximum price. The leader keeps its collateral locked; a
    /// bid that does not lead, and a leader displaced, get theirs unlocked at once.
    function revealBid(uint256 jobId, uint256 price, bytes32 salt) external;
    /// @notice Forfeit a commitment of auction round `round` that was never revealed (anyone), once
    /// that round's reveal phase is over: `livenessSlashBps` of the job's collateral goes from the
    /// bidder to the requester, the rest is unlocked.
    function forfeitUnrevealedBid(uint256 jobId, uint8 round, address bidder) external;
    /// @notice Close the auction after the reveal phase (anyone): assign the winner, or fail the round.
    function settleAuction(uint256 jobId) external;
    /// @notice The commitment a bidder must commit for `price` and a secret `salt`:
    /// `keccak256(abi.encode(jobId, round, bidder, price, salt))`.
    /// @dev Privacy: compute it locally. Calling this view through an RPC node you do not run sends
    /// your price and salt to that node before the reveal, and anyone who sees them can undercut the
    /// bid. It exists to check an implementation's encoding against the contract on one's own node.
    function bidCommitment(uint256 jobId, uint8 round, address bidder, uint256 price, bytes32 salt)
        external
        pure
        returns (bytes32);

    // ---------------------------------------------------------------- provider
    /// @notice Submit the result inline with its trace (assigned provider, before the deadline).
    /// @param layerHashes keccak256 of each hidden activation vector a_1..a_{L-1} of an integer
    /// model (empty for a one-layer or a float model); the market commits their Merkle root
    function submitResult(uint256 jobId, bytes calldata output, bytes32[] calldata layerHashes) external;
    /// @notice Submit the result by URI, with the keccak256 of its bytes and its trace.
    function submitResultUri(
        uint256 jobId,
        string calldata outputUri,
        bytes32 outputHash,
        bytes32[] calldata layerHashes
    ) external;

    // ---------------------------------------------------------------- anyone
    /// @notice Finalize an unchallenged result after its challenge window: pay the provider,
    /// the fee and the refund, unlock collateral, then call the consumer back.
    /// @param output the inline output (required when the result was inline; ignored otherwise)
    function finalize(uint256 jobId, bytes32 outputHash, bytes32 traceRoot, bytes calldata output) external;
    /// @notice Apply the liveness penalty once the execution deadline has passed without a result:
    /// `livenessSlashBps` of the collateral, doubled for each deadline the provider missed in a row
    /// before (capped at the whole collateral), goes to the requester.
    function reportMissedDeadline(uint256 jobId) external;
    /// @notice Withdraw the payment token credited to the caller.
    function claim() external returns (uint256 amount);

    // ---------------------------------------------------------------- dispute game
    /// @notice Count one more dispute on the job's result and freeze it as `Disputed` (dispute game
    /// only). Allowed while the job is `Submitted` or already `Disputed` (disputes run side by side),
    /// until its challenge deadline, which a dispute never moves. Returns the job's auction round,
    /// which the game passes back to `resolveDispute`.
    function openDispute(uint256 jobId) external returns (uint8 round);
    /// @notice Settle a dispute opened in auction round `round` (dispute game only). Does nothing
    /// when the round is over (another dispute already proved the result wrong: the job was refunded
    /// or re-auctioned), and never reverts for that. If the provider won, the dispute stops counting, and with none left open
    /// the job is `Submitted` again with its original challenge deadline. If the provider lost, the
    /// result is rejected and its collateral slashed: `requesterShareBps` of the slash to the
    /// requester, `challengerShareBps` of it to the dispute game as the round's reward pot, the
    /// rest to the treasury (the part nobody who can dispute recovers). `challenger` only names
    /// the convicting challenger in `ResultRejected`: it is paid by the game, never by the market.
    /// @return applied false when the round was already over (nothing done), else true
    /// @return rewardPot the slash the market asked staking to pay the game (the game measures what
    /// it received instead); zero unless the provider lost
    /// @return rewardShares the disputes of the round still open at the conviction, this one
    /// included, among which the game splits the pot; zero unless the provider lost
    function resolveDispute(uint256 jobId, uint8 round, bool providerWon, address challenger)
        external
        returns (bool applied, uint256 rewardPot, uint256 rewardShares);

    // ---------------------------------------------------------------- guardian
    /// @notice Pause or unpause new jobs and new bids (guardian or owner). Nothing else stops.
    function setPaused(bool paused) external;
    /// @notice Replace the guardian (owner only).
    function setGuardian(address guardian) external;

    // ---------------------------------------------------------------- views
    /// @notice The job with id `jobId`.
    function getJob(uint256 jobId) external view returns (Job memory);
    /// @notice Disputes of the job's current round still running (zero unless `Disputed`).
    function openDisputes(uint256 jobId) external view returns (uint256);
    /// @notice The commitment a bidder holds for the job's current round, or zero.
    function commitmentOf(uint256 jobId, address bidder) external view returns (bytes32);
    /// @notice Payment token credited to `account` and not yet claimed.
    function claimable(address account) external view returns (uint256);
    /// @notice Number of jobs ever posted (ids are 1..jobCount).
    function jobCount() external view returns (uint256);
    /// @notice Deadlines `provider` missed in a row since its last finalized job.
    function missedDeadlines(address provider) external view returns (uint256);
    /// @notice The reliability record of `provider`.
    function recordOf(address provider) external view returns (ProviderRecord memory);
    /// @notice The ask book whose asks `postJobWithAsk` takes, created with the market.
    function askBook() external view returns (IAskBook);
    /// @notice The `BatchFinalizer` created with the market: finalizes many jobs in one transaction.
    function batchFinalizer() external view returns (address);
}
