import { disputePhases, jobStatuses, modelKinds, proposalStates } from "@verity/sdk/enums";
import {
  index,
  onchainEnum,
  onchainTable,
  type PgColumnsBuilders,
  primaryKey,
  relations,
} from "ponder";

/* ENUMS */

/** A generated contract enum's names after `None` (no row exists in that state), as a non-empty tuple. */
function withoutNone<const names extends readonly ["None", string, ...string[]]>(
  all: names,
): names extends readonly ["None", ...infer rest extends [string, ...string[]]] ? rest : never {
  return all.slice(1) as never;
}

/** The contract's `JobStatus`, without `None` (a job row exists only once posted). */
export const jobStatus = onchainEnum("job_status", withoutNone(jobStatuses));

/** Whether a provider may bid now: `Active` is the contract's `isEligible`. */
export const providerStatus = onchainEnum("provider_status", [
  "Unregistered",
  "Underbonded",
  "Active",
]);

export const modelKind = onchainEnum("model_kind", [...modelKinds]);

export const stakeEventKind = onchainEnum("stake_event_kind", [
  "Staked",
  "UnstakeRequested",
  "Withdrawn",
  "Locked",
  "Unlocked",
  "Slashed",
]);

export const resultStatus = onchainEnum("result_status", [
  "Pending",
  "Disputed",
  "Accepted",
  "Rejected",
]);

export const disputeOutcome = onchainEnum("dispute_outcome", [
  "Open",
  "ProviderWon",
  "ChallengerWon",
]);

export const balanceKind = onchainEnum("balance_kind", ["Credited", "Claimed"]);

/**
 * What a balance change counts: the market's payment token, or the dispute game's credits
 * (protocol token): challengers' bonds, and their shares of a convicted round's reward pot.
 */
export const balanceAsset = onchainEnum("balance_asset", ["Payment", "Bond", "Reward"]);

export const disputeMoveKind = onchainEnum("dispute_move_kind", [
  "Opened",
  "Responded",
  "NeuronProven",
  "ElementProven",
  "WrongLengthProven",
  "TimedOut",
  "Resolved",
  "Stale",
]);

/** The dispute game's `DisputePhase`, without `None`. */
export const disputePhase = onchainEnum("dispute_phase", withoutNone(disputePhases));

/**
 * The Governor's `ProposalState`, kept equal to `state()` at the indexed block: events move a
 * proposal to Queued, Executed or Canceled, and the proposal clock (a block handler) to Active
 * after its snapshot block and to Succeeded or Defeated after its last voting block.
 */
export const proposalStatus = onchainEnum("proposal_status", proposalStates);

export const voteSupport = onchainEnum("vote_support", ["Against", "For", "Abstain"]);

/** What happened to a delegation position (or, for `Slashed`, `ShareSet` and `Earned`, its pool). */
export const delegationEventKind = onchainEnum("delegation_event_kind", [
  "Delegated",
  "Undelegated",
  "Withdrawn",
  "Claimed",
  "Slashed",
  "Earned",
  "ShareSet",
  "ShareScheduled",
]);

/* PROVIDERS AND STAKE */

export const provider = onchainTable(
  "provider",
  (t) => ({
    address: t.hex().primaryKey(),
    registered: t.boolean().notNull(),
    /** The raw metadata string the provider registered. */
    metadata: t.text(),
    /** `metadata` parsed, when it is a JSON object. */
    metadataJson: t.json(),
    /** `metadata.models` when it is a list (the models the provider says it serves). */
    models: t.json().$type<unknown[]>(),
    endpoint: t.text(),
    bonded: t.bigint().notNull(),
    locked: t.bigint().notNull(),
    unbonding: t.bigint().notNull(),
    releaseAt: t.bigint().notNull(),
    status: providerStatus("status").notNull(),
    bidsCommitted: t.integer().notNull(),
    bidsRevealed: t.integer().notNull(),
    /** Jobs assigned to the provider (auctions won and asks taken), those still in flight included. */
    jobsWon: t.integer().notNull(),
    /**
     * Jobs won and not yet ended: assigned, submitted or disputed. Every job won is in flight,
     * completed, late or lost to a dispute: `jobsWon = jobsInFlight + jobsCompleted + jobsLate +
     * disputesLost`.
     */
    jobsInFlight: t.integer().notNull(),
    /** Jobs won that the provider was paid for (finalized). */
    jobsCompleted: t.integer().notNull(),
    /** Jobs won whose execution deadline the provider missed (each slashed). */
    jobsLate: t.integer().notNull(),
    /** Consecutive missed execution deadlines, as the market's `missedDeadlines(provider)`: each one slashes more. */
    missedInARow: t.integer().notNull(),
    /** Sealed bids never revealed, whose locked collateral was forfeited (in part) to the requester. */
    bidsForfeited: t.integer().notNull(),
    /** Disputes of its results the provider won (`DisputeRejected`). */
    disputesWon: t.integer().notNull(),
    /** Results proven wrong (`ResultRejected`, one per round convicted; stale disputes add none). */
    disputesLost: t.integer().notNull(),
    totalSlashed: t.bigint().notNull(),
    /**
     * Payment token paid for finalized jobs: the clearing price less the protocol fee (net), the
     * delegators' share included (`JobFinalized.payment`).
     */
    earnings: t.bigint().notNull(),
    /*
     * The record as ratios, in basis points (0..10000, rounded down), stored so that lists can
     * sort and filter by them. A ratio whose denominator is 0 is 0: filter on the denominator
     * (`jobsEnded_gt: 0`) to leave out providers with no record.
     */
    /** Jobs ended: `jobsCompleted + jobsLate + disputesLost` (= `jobsWon - jobsInFlight`). */
    jobsEnded: t.integer().notNull(),
    /** `jobsCompleted / jobsEnded`. */
    completionBps: t.integer().notNull(),
    /** `disputesLost / (disputesWon + disputesLost)`. */
    disputeLossBps: t.integer().notNull(),
    /** `bidsRevealed / bidsCommitted` (commitments still inside their reveal window count as unrevealed). */
    revealBps: t.integer().notNull(),
    /*
     * Execution latency: from assignment (`JobAssigned`) to the result (`ResultSubmitted`) of the
     * same job round, in seconds (block timestamps) and blocks; null before the first result.
     */
    resultsSubmitted: t.integer().notNull(),
    latencySecondsSum: t.bigint().notNull(),
    latencyBlocksSum: t.bigint().notNull(),
    /** `latencySecondsSum / resultsSubmitted`, rounded down. */
    meanLatencySeconds: t.bigint(),
    meanLatencyBlocks: t.bigint(),
    lastLatencySeconds: t.bigint(),
    lastLatencyBlocks: t.bigint(),
    registeredAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    statusIdx: index().on(table.status),
  }),
);

/*
 * The record in time windows: one provider on one UTC day (`day` = floor(timestamp / 86400)),
 * counted on the day each event happened. "The last 7 days" is `day_gte: today - 6`; sum the
 * rows (or read `GET /providers/ranking?days=7`, which sums them in SQL and sorts).
 */
const providerDayColumns = (t: PgColumnsBuilders) => ({
  provider: t.hex().notNull(),
  day: t.integer().notNull(),
  /** The day as YYYY-MM-DD (UTC). */
  date: t.text().notNull(),
  bidsCommitted: t.integer().notNull(),
  bidsRevealed: t.integer().notNull(),
  jobsWon: t.integer().notNull(),
  jobsCompleted: t.integer().notNull(),
  jobsLate: t.integer().notNull(),
  disputesWon: t.integer().notNull(),
  disputesLost: t.integer().notNull(),
  /** `jobsCompleted + jobsLate + disputesLost` of the day, and the day's `completionBps` of them. */
  jobsEnded: t.integer().notNull(),
  completionBps: t.integer().notNull(),
  /** Net of the protocol fee, as `provider.earnings`. */
  earnings: t.bigint().notNull(),
  resultsSubmitted: t.integer().notNull(),
  latencySecondsSum: t.bigint().notNull(),
  latencyBlocksSum: t.bigint().notNull(),
});

export const providerDay = onchainTable(
  "provider_day",
  (t) => providerDayColumns(t),
  (table) => ({
    pk: primaryKey({ columns: [table.provider, table.day] }),
    dayIdx: index().on(table.day),
  }),
);

/** As `providerDay`, per model too. */
export const providerModelDay = onchainTable(
  "provider_model_day",
  (t) => ({ ...providerDayColumns(t), modelId: t.bigint().notNull() }),
  (table) => ({
    pk: primaryKey({ columns: [table.provider, table.modelId, table.day] }),
    modelDayIdx: index().on(table.modelId, table.day),
  }),
);

/** Every movement of stake, in order. */
export const stakeEvent = onchainTable(
  "stake_event",
  (t) => ({
    id: t.text().primaryKey(),
    provider: t.hex().notNull(),
    kind: stakeEventKind("kind").notNull(),
    amount: t.bigint().notNull(),
    jobId: t.bigint(),
    /** Who received a slash. */
    recipient: t.hex(),
    bondedAfter: t.bigint().notNull(),
    lockedAfter: t.bigint().notNull(),
    unbondingAfter: t.bigint().notNull(),
    releaseAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    providerIdx: index().on(table.provider, table.blockNumber),
    jobIdx: index().on(table.jobId),
  }),
);

/** Voting power held through the token (ERC20Votes) and through stake (Staking's Votes). */
export const votingPower = onchainTable("voting_power", (t) => ({
  account: t.hex().primaryKey(),
  tokenDelegate: t.hex(),
  stakingDelegate: t.hex(),
  /** Votes delegated to `account` through the token. */
  tokenVotes: t.bigint().notNull(),
  /** Votes delegated to `account` through stake. */
  stakingVotes: t.bigint().notNull(),
  votes: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/* MODELS */

export const model = onchainTable(
  "model",
  (t) => ({
    id: t.bigint().primaryKey(),
    publisher: t.hex().notNull(),
    artifactHash: t.hex().notNull(),
    kind: modelKind("kind").notNull(),
    uri: t.text().notNull(),
    widths: t.json().$type<number[]>().notNull(),
    layerCount: t.integer().notNull(),
    weightCommitment: t.hex().notNull(),
    computeUnits: t.bigint().notNull(),
    bond: t.bigint().notNull(),
    active: t.boolean().notNull(),
    jobsPosted: t.integer().notNull(),
    jobsFinalized: t.integer().notNull(),
    lastClearingPrice: t.bigint(),
    registeredAt: t.bigint().notNull(),
    retiredAt: t.bigint(),
  }),
  (table) => ({
    publisherIdx: index().on(table.publisher),
    artifactIdx: index().on(table.artifactHash),
  }),
);

/* JOBS */

export const job = onchainTable(
  "job",
  (t) => ({
    id: t.bigint().primaryKey(),
    requester: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    status: jobStatus("status").notNull(),
    round: t.integer().notNull(),
    reauction: t.boolean().notNull(),
    maxPrice: t.bigint().notNull(),
    executionWindow: t.bigint().notNull(),
    consumer: t.hex().notNull(),
    callbackGasLimit: t.bigint().notNull(),
    inputHash: t.hex().notNull(),
    /** The input bytes when posted inline; null when posted by URI. */
    input: t.hex(),
    inputUri: t.text(),
    commitDeadline: t.bigint().notNull(),
    revealDeadline: t.bigint().notNull(),
    commitCount: t.integer().notNull(),
    revealCount: t.integer().notNull(),
    /** The leading bidder while bidding, the winner afterwards (as `getJob`); null while none. */
    provider: t.hex(),
    /**
     * As `getJob().price`: the leading price while bidding, the clearing price (what the requester
     * pays, gross of the protocol fee) once assigned; 0 while no bid leads, so that sorting by
     * price puts jobs without one last in `desc` order.
     */
    price: t.bigint().notNull(),
    /**
     * Protocol-token collateral every bidder locks at commit and the winner keeps locked: fixed at
     * post for every round (max of the escrow times the collateral ratio, the per-job floor and
     * `minCollateral`).
     */
    collateral: t.bigint().notNull(),
    /** The requester's assurance level: the least collateral it asked for (0 for none). */
    minCollateral: t.bigint().notNull(),
    /** As `getJob().deadline`: the execution deadline, then the challenge deadline (disputes never move it). */
    deadline: t.bigint().notNull(),
    executionDeadline: t.bigint(),
    challengeDeadline: t.bigint(),
    outputInline: t.boolean().notNull(),
    outputHash: t.hex(),
    traceRoot: t.hex(),
    /** At finality: `price - fee`, credited to the provider (and its delegators). */
    payment: t.bigint(),
    /** At finality: the protocol fee, credited to the treasury. */
    fee: t.bigint(),
    /** What the requester got back: `maxPrice - price` at finality, `maxPrice` when refunded. */
    refund: t.bigint(),
    slashed: t.bigint().notNull(),
    callbackSuccess: t.boolean(),
    /** Disputes ever opened on the job. */
    disputeCount: t.integer().notNull(),
    /** Disputes of the current round still running, as `openDisputes(jobId)`. */
    openDisputes: t.integer().notNull(),
    postedAt: t.bigint().notNull(),
    postedBlock: t.bigint().notNull(),
    postTransactionHash: t.hex().notNull(),
    assignedAt: t.bigint(),
    /** The block of the current round's assignment (for latency in blocks). */
    assignedBlock: t.bigint(),
    submittedAt: t.bigint(),
    disputedAt: t.bigint(),
    finalizedAt: t.bigint(),
    cancelledAt: t.bigint(),
    expiredAt: t.bigint(),
    rejectedAt: t.bigint(),
    reauctionedAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  // Each filter's index ends in the column its lists sort by (newest first) and then the key,
  // which GraphQL adds to every order: a page is read in index order and never sorted. Open
  // jobs for a model by postedAt, a provider's jobs by assignedAt (docs/indexer.md, "Queries
  // integrators need"; the benchmark's openJobs).
  (table) => ({
    postedIdx: index().on(table.postedAt, table.id),
    statusIdx: index().on(table.status, table.postedAt, table.id),
    modelStatusIdx: index().on(table.modelId, table.status, table.postedAt, table.id),
    requesterIdx: index().on(table.requester, table.postedAt, table.id),
    providerIdx: index().on(table.provider, table.assignedAt, table.id),
  }),
);

/** One row per status transition of a job. */
export const jobStatusChange = onchainTable(
  "job_status_change",
  (t) => ({
    id: t.text().primaryKey(),
    jobId: t.bigint().notNull(),
    round: t.integer().notNull(),
    from: jobStatus("from"),
    to: jobStatus("to").notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    jobIdx: index().on(table.jobId, table.blockNumber, table.logIndex),
  }),
);

/** A sealed bid: its commitment, then its reveal. */
export const bid = onchainTable(
  "bid",
  (t) => ({
    jobId: t.bigint().notNull(),
    round: t.integer().notNull(),
    bidder: t.hex().notNull(),
    commitment: t.hex().notNull(),
    committedAt: t.bigint().notNull(),
    commitTransactionHash: t.hex().notNull(),
    /** Protocol-token collateral the commitment locked (the job's collateral). */
    collateral: t.bigint().notNull(),
    revealed: t.boolean().notNull(),
    price: t.bigint(),
    /**
     * Whether the bid led the auction when it was revealed (`BidRevealed.leading`): a later, lower
     * reveal can displace it, so several bids of a round may have led. `won` says which one won.
     */
    leading: t.boolean(),
    revealedAt: t.bigint(),
    /** The bid won the auction (the job was assigned to its bidder for its round). */
    won: t.boolean().notNull(),
    /** Never revealed: the locked collateral was released, less `slashed` paid to the requester. */
    forfeited: t.boolean().notNull(),
    slashed: t.bigint(),
    forfeitedAt: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.jobId, table.round, table.bidder] }),
    jobIdx: index().on(table.jobId),
    bidderIdx: index().on(table.bidder),
  }),
);

/** A submitted result, one per job round. */
export const result = onchainTable(
  "result",
  (t) => ({
    jobId: t.bigint().notNull(),
    round: t.integer().notNull(),
    provider: t.hex().notNull(),
    outputHash: t.hex().notNull(),
    traceRoot: t.hex().notNull(),
    /** The hidden activation hashes h_1..h_{L-1} whose Merkle root is `traceRoot` (what a challenger proves against). */
    layerHashes: t.json().$type<string[]>().notNull(),
    /** The output bytes when submitted inline; null when submitted by URI. */
    output: t.hex(),
    outputUri: t.text(),
    challengeDeadline: t.bigint().notNull(),
    status: resultStatus("status").notNull(),
    submittedAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.jobId, table.round] }),
    providerIdx: index().on(table.provider),
  }),
);

/**
 * A dispute over a job's result. Disputes of a result run side by side; `seq`
 * counts the job's disputes from 0 in the order they opened. The job market's
 * events give the outcome for the job; the dispute game's (when indexed) give
 * the game's view: its dispute id, phase, moves and bond.
 */
export const dispute = onchainTable(
  "dispute",
  (t) => ({
    jobId: t.bigint().notNull(),
    seq: t.integer().notNull(),
    round: t.integer().notNull(),
    provider: t.hex().notNull(),
    /** From the game; without it, known only when the challenger won. */
    challenger: t.hex(),
    outcome: disputeOutcome("outcome").notNull(),
    slashed: t.bigint(),
    /** Ended after another dispute had already proven the round's result wrong: it changed nothing. */
    stale: t.boolean().notNull(),
    openedAt: t.bigint().notNull(),
    resolvedAt: t.bigint(),
    openTransactionHash: t.hex().notNull(),
    resolveTransactionHash: t.hex(),
    /* From the dispute game, when it is indexed: */
    disputeId: t.bigint(),
    phase: disputePhase("phase"),
    layer: t.integer(),
    agreedHash: t.hex(),
    disputedHash: t.hex(),
    bond: t.bigint(),
    /** The deadline of the move the phase awaits. */
    moveDeadline: t.bigint(),
    /** The provider's revealed output of the disputed layer. */
    activation: t.hex(),
    /** The output element the last move recomputed (C-major index; a dense layer's neuron). */
    neuron: t.bigint(),
    /** The disputed layer's kind at the last move: dense, conv2d, maxpool, avgpool or add. */
    layerKind: t.text(),
    computed: t.integer(),
    claimed: t.integer(),
    winner: t.hex(),
    /** The challenger's share of its round's reward pot, once credited (protocol token). */
    reward: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.jobId, table.seq] }),
    providerIdx: index().on(table.provider),
    outcomeIdx: index().on(table.outcome),
    disputeIdx: index().on(table.disputeId),
  }),
);

/** Every move of a dispute in the dispute game, in order. */
export const disputeMove = onchainTable(
  "dispute_move",
  (t) => ({
    id: t.text().primaryKey(),
    disputeId: t.bigint().notNull(),
    jobId: t.bigint().notNull(),
    kind: disputeMoveKind("kind").notNull(),
    /** Who moved (the transaction's sender). */
    sender: t.hex().notNull(),
    /** The deadline of the next move, when the move sets one. */
    deadline: t.bigint(),
    layer: t.integer(),
    activation: t.hex(),
    /** The output element the last move recomputed (C-major index; a dense layer's neuron). */
    neuron: t.bigint(),
    /** ElementProven and NeuronProven: the disputed layer's kind (dense, conv2d, maxpool, avgpool, add). */
    layerKind: t.text(),
    computed: t.integer(),
    claimed: t.integer(),
    /** For a timeout: the phase that timed out. */
    phase: disputePhase("phase"),
    winner: t.hex(),
    loser: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    disputeIdx: index().on(table.disputeId, table.blockNumber, table.logIndex),
    jobIdx: index().on(table.jobId),
  }),
);

/**
 * The challengers' share of a convicted round's slash, split equally among the round's disputes
 * open at the conviction. `remaining` and `sharesLeft` are as the game's `rewardPot(jobId, round)`:
 * what the disputes still running will take when they close as stale (0 and 0 once paid out).
 */
export const rewardPot = onchainTable(
  "reward_pot",
  (t) => ({
    jobId: t.bigint().notNull(),
    round: t.integer().notNull(),
    pot: t.bigint().notNull(),
    shares: t.integer().notNull(),
    remaining: t.bigint().notNull(),
    sharesLeft: t.integer().notNull(),
    fundedAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.jobId, table.round] }),
  }),
);

/* PAYMENTS */

/**
 * What the protocol owes an account, credited then claimed: payment token from
 * the job market, and challenger bonds (protocol token) from the dispute game.
 */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  credited: t.bigint().notNull(),
  claimed: t.bigint().notNull(),
  /** `credited - claimed`, as the market's `claimable(address)`. */
  claimable: t.bigint().notNull(),
  bondCredited: t.bigint().notNull(),
  bondClaimed: t.bigint().notNull(),
  /** Reward-pot shares credited by the dispute game (claimed with the bonds). */
  rewardCredited: t.bigint().notNull(),
  /** As the dispute game's `claimable(address)`: bonds and rewards credited, less claimed. */
  bondClaimable: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** Every credit and claim: payment token from the market, bonds and rewards from the game. */
export const balanceChange = onchainTable(
  "balance_change",
  (t) => ({
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    kind: balanceKind("kind").notNull(),
    asset: balanceAsset("asset").notNull(),
    amount: t.bigint().notNull(),
    /**
     * The job a credit is for: the market's `Credited.jobId` (a payout or refund), the disputed job
     * of a bond or reward. Null for claims, which pay out credits of many jobs at once.
     */
    jobId: t.bigint(),
    /** The dispute a bond or reward credit is for. */
    disputeId: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    accountIdx: index().on(table.account, table.blockNumber),
    txIdx: index().on(table.transactionHash),
    jobIdx: index().on(table.jobId),
  }),
);

/* MARKET STATISTICS */

/** Market-wide state; one row, id "market". */
export const market = onchainTable("market", (t) => ({
  id: t.text().primaryKey(),
  paused: t.boolean().notNull(),
  guardian: t.hex(),
  jobCount: t.integer().notNull(),
  /** Registered providers. */
  providerCount: t.integer().notNull(),
  jobsFinalized: t.integer().notNull(),
  /**
   * Net volume: payment token paid to providers for finalized jobs, after the protocol fee
   * (the sum of `JobFinalized.payment`). `grossVolume = volume + fees`.
   */
  volume: t.bigint().notNull(),
  /** Gross volume: what requesters paid for finalized jobs (the clearing prices, fees included). */
  grossVolume: t.bigint().notNull(),
  /** Protocol fees of finalized jobs, credited to the treasury. */
  fees: t.bigint().notNull(),
  slashed: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/**
 * One model on one UTC day (`day` = floor(timestamp / 86400)). Clearing prices
 * are the prices at which auctions were settled. The median is exact: it is
 * kept as the two middle elements (`medianLow`, `medianHigh`) of the day's
 * price histogram (`clearingPrice` rows), moved at most one step per new price.
 */
export const dailyModelStat = onchainTable(
  "daily_model_stat",
  (t) => ({
    modelId: t.bigint().notNull(),
    day: t.integer().notNull(),
    /** The day as YYYY-MM-DD (UTC). */
    date: t.text().notNull(),
    jobsPosted: t.integer().notNull(),
    jobsAssigned: t.integer().notNull(),
    jobsFinalized: t.integer().notNull(),
    /** Auctions settled (and asks taken) that day. */
    clearingCount: t.integer().notNull(),
    /** Gross: the sum of the day's clearing prices, counted at assignment (fees included; jobs later rejected too). */
    clearingVolume: t.bigint().notNull(),
    lastClearingPrice: t.bigint(),
    minClearingPrice: t.bigint(),
    maxClearingPrice: t.bigint(),
    /** floor((medianLow + medianHigh) / 2) */
    medianClearingPrice: t.bigint(),
    medianLow: t.bigint(),
    medianHigh: t.bigint(),
    /** How many of the day's clearing prices are below `medianLow`. */
    belowMedianLow: t.integer().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.modelId, table.day] }),
    dayIdx: index().on(table.day),
  }),
);

/**
 * The histogram of clearing prices behind `dailyModelStat`'s median: one row
 * per distinct price, linked in price order (`previous`, `next`).
 */
export const clearingPrice = onchainTable(
  "clearing_price",
  (t) => ({
    modelId: t.bigint().notNull(),
    day: t.integer().notNull(),
    price: t.bigint().notNull(),
    count: t.integer().notNull(),
    /** The next lower distinct price of the day, if any. */
    previous: t.bigint(),
    /** The next higher distinct price of the day, if any. */
    next: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.modelId, table.day, table.price] }),
  }),
);

/* PARAMETERS AND GOVERNANCE */

/**
 * The current value of each protocol parameter (addresses as uint160, as the
 * event gives them), and of the Governor's own settings under `governor.*`.
 */
export const parameter = onchainTable("parameter", (t) => ({
  name: t.text().primaryKey(),
  value: t.bigint().notNull(),
  /** The value as an address, for an address-typed parameter (treasury, governor.timelock). */
  address: t.hex(),
  changeCount: t.integer().notNull(),
  updatedAt: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

export const parameterChange = onchainTable(
  "parameter_change",
  (t) => ({
    id: t.text().primaryKey(),
    name: t.text().notNull(),
    oldValue: t.bigint().notNull(),
    newValue: t.bigint().notNull(),
    /**
     * Who made the change: the timelock under governance (Parameters' owner and the Governor's
     * executor), the deployer at deployment.
     */
    sender: t.hex().notNull(),
    /** Who sent the transaction (whoever called the Governor's `execute`, under governance). */
    executor: t.hex().notNull(),
    /** For an address-typed parameter (treasury, governor.timelock): the values as addresses. */
    oldAddress: t.hex(),
    newAddress: t.hex(),
    /** The proposal whose execution made the change. */
    proposalId: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    nameIdx: index().on(table.name, table.blockNumber),
    txIdx: index().on(table.transactionHash),
  }),
);

export const proposal = onchainTable(
  "proposal",
  (t) => ({
    id: t.bigint().primaryKey(),
    proposer: t.hex().notNull(),
    targets: t.json().$type<string[]>().notNull(),
    /** Wei values, as decimal strings. */
    values: t.json().$type<string[]>().notNull(),
    signatures: t.json().$type<string[]>().notNull(),
    calldatas: t.json().$type<string[]>().notNull(),
    description: t.text().notNull(),
    /** The snapshot block: voting opens after it. */
    voteStart: t.bigint().notNull(),
    /** The last block of voting. */
    voteEnd: t.bigint().notNull(),
    /** The Governor's `state()` at the indexed block. */
    status: proposalStatus("status").notNull(),
    /**
     * The calls in words (SDK's decodeProposalAction): target, contract, function, arguments,
     * and for a parameter change the parameter, its value then and the new value.
     */
    actions: t.json().$type<ProposalActionRow[]>().notNull(),
    /** Votes (For + Abstain) needed at the snapshot; known once voting has closed. */
    quorum: t.bigint(),
    /** Why a defeated proposal lost: the quorum was missed, or Against was not outvoted. */
    defeatedBecause: t.text().$type<"QuorumNotReached" | "NotMoreForThanAgainst">(),
    forVotes: t.bigint().notNull(),
    againstVotes: t.bigint().notNull(),
    abstainVotes: t.bigint().notNull(),
    voteCount: t.integer().notNull(),
    /** When the timelock lets it execute (seconds). */
    eta: t.bigint(),
    createdAt: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    queuedAt: t.bigint(),
    executedAt: t.bigint(),
    canceledAt: t.bigint(),
    executionTransactionHash: t.hex(),
  }),
  (table) => ({
    statusIdx: index().on(table.status, table.voteEnd),
    proposerIdx: index().on(table.proposer),
  }),
);

/** A proposal's call decoded, as stored in `proposal.actions`. */
export type ProposalActionRow = {
  target: `0x${string}`;
  value: string;
  calldata: `0x${string}`;
  /** The deployment's contract at the target ("parameters", "governor", "timelock"), if one. */
  contract: string | null;
  functionName: string | null;
  /** Arguments as strings (addresses in hex, numbers in decimal). */
  args: string[];
  parameter: string | null;
  /** The parameter's value when the proposal was made (decimal, or hex for an address). */
  oldValue: string | null;
  newValue: string | null;
};

/**
 * The blocks at which proposals change state without an event: voting opens after the snapshot
 * block and closes after the deadline block. The block handler looks its block up here.
 */
export const proposalClock = onchainTable("proposal_clock", (t) => ({
  block: t.bigint().primaryKey(),
  /** Proposal ids (decimal strings) whose voting opens at this block. */
  opens: t.json().$type<string[]>().notNull(),
  /** Proposal ids whose voting closed at the block before. */
  closes: t.json().$type<string[]>().notNull(),
}));

export const vote = onchainTable(
  "vote",
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: voteSupport("support").notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    params: t.hex(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.proposalId, table.voter] }),
    voterIdx: index().on(table.voter),
  }),
);

/* DELEGATION */

/**
 * One provider's delegation pool, replayed from the pool's events with the contract's arithmetic
 * (shares, rounding, the earnings accumulator), so that it equals `DelegationPool.poolOf`.
 */
export const delegationPool = onchainTable("delegation_pool", (t) => ({
  provider: t.hex().primaryKey(),
  /** Active VRT: backs capacity (up to the cap), earns, slashable. */
  tokens: t.bigint().notNull(),
  shares: t.bigint().notNull(),
  /** Undelegated VRT thawing for one unbonding delay: slashable, earns nothing. */
  thawingTokens: t.bigint().notNull(),
  thawingShares: t.bigint().notNull(),
  thawEpoch: t.integer().notNull(),
  /** Cumulative payment-token wei per active share, scaled by 1e36 (the contract's accumulator). */
  rewardPerShare: t.bigint().notNull(),
  /** The share of the provider's job earnings paid to delegators now, and a scheduled cut. */
  delegatorShareBps: t.integer().notNull(),
  pendingShareBps: t.integer(),
  pendingAt: t.bigint(),
  /** Staking's copy of the active delegation (`Staking.delegatedOf`). */
  delegated: t.bigint().notNull(),
  /** Positions holding active or thawing shares. */
  delegatorCount: t.integer().notNull(),
  totalDelegated: t.bigint().notNull(),
  totalWithdrawn: t.bigint().notNull(),
  totalSlashed: t.bigint().notNull(),
  /** Payment token shared with delegators, and claimed by them. */
  totalEarningsShared: t.bigint().notNull(),
  totalEarningsClaimed: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** One delegator's position in one provider's pool (`DelegationPool.delegationOf`), with its totals. */
export const delegation = onchainTable(
  "delegation",
  (t) => ({
    /** `<provider>-<delegator>`. */
    id: t.text().primaryKey(),
    provider: t.hex().notNull(),
    delegator: t.hex().notNull(),
    shares: t.bigint().notNull(),
    thawingShares: t.bigint().notNull(),
    thawEpoch: t.integer().notNull(),
    releaseAt: t.bigint().notNull(),
    /** The accumulator when last settled, and the earnings settled then and not yet claimed. */
    rewardPerSharePaid: t.bigint().notNull(),
    unclaimed: t.bigint().notNull(),
    /** The VRT this position votes with (its value at its last revaluation). */
    votes: t.bigint().notNull(),
    /** VRT put in, VRT moved to thawing, VRT taken out. */
    delegated: t.bigint().notNull(),
    undelegated: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    /** VRT this position lost to slashes of the pool (its shares' worth before less after). */
    slashed: t.bigint().notNull(),
    /** Payment token earned (settled into `unclaimed` or claimed) and claimed. */
    earned: t.bigint().notNull(),
    claimed: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    providerIdx: index().on(table.provider),
    delegatorIdx: index().on(table.delegator),
  }),
);

/** Every delegation event, in order: the history of positions and pools. */
export const delegationEvent = onchainTable(
  "delegation_event",
  (t) => ({
    id: t.text().primaryKey(),
    provider: t.hex().notNull(),
    /** Absent for pool-wide events (a slash, shared earnings, a share change). */
    delegator: t.hex(),
    kind: delegationEventKind("kind").notNull(),
    /** VRT for Delegated/Undelegated/Withdrawn/Slashed, payment token for Claimed/Earned, bps for Share*. */
    amount: t.bigint().notNull(),
    shares: t.bigint(),
    jobId: t.bigint(),
    releaseAt: t.bigint(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    providerIdx: index().on(table.provider, table.blockNumber),
    delegatorIdx: index().on(table.delegator, table.blockNumber),
  }),
);

/* STANDING ASKS (the fast path) */

/** A provider's standing ask for a model, as published (the ask book's `askOf` less `active`). */
export const ask = onchainTable(
  "ask",
  (t) => ({
    /** `<provider>-<modelId>`. */
    id: t.text().primaryKey(),
    provider: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    /** Payment-token wei per job; 0 once withdrawn. */
    price: t.bigint().notNull(),
    /** Most jobs taken and not yet submitted at once; 0 once withdrawn. */
    capacity: t.integer().notNull(),
    /** Last unix second it can be taken. */
    expiry: t.bigint().notNull(),
    /** Most collateral (VRT wei) one job may lock through it. */
    maxCollateral: t.bigint().notNull(),
    /** Shortest execution window (seconds) a job taking it may give; 0 once withdrawn. */
    minExecutionWindow: t.bigint().notNull(),
    /** Most consumer callback gas a job taking it may ask for (0: no consumer); 0 once withdrawn. */
    maxCallbackGas: t.bigint().notNull(),
    /** Published and not withdrawn (it may still have expired: compare `expiry` with now). */
    published: t.boolean().notNull(),
    /** Times it was set (published or updated). */
    updates: t.integer().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    modelPriceIdx: index().on(table.modelId, table.published, table.price),
    providerIdx: index().on(table.provider),
  }),
);

/** Every ask set or withdrawn, for its history. */
export const askEvent = onchainTable(
  "ask_event",
  (t) => ({
    id: t.text().primaryKey(),
    provider: t.hex().notNull(),
    modelId: t.bigint().notNull(),
    withdrawn: t.boolean().notNull(),
    price: t.bigint().notNull(),
    capacity: t.integer().notNull(),
    expiry: t.bigint().notNull(),
    maxCollateral: t.bigint().notNull(),
    minExecutionWindow: t.bigint().notNull(),
    maxCallbackGas: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    askIdx: index().on(table.provider, table.modelId, table.blockNumber),
  }),
);

/* RELATIONS */

export const providerRelations = relations(provider, ({ many, one }) => ({
  jobs: many(job),
  bids: many(bid),
  results: many(result),
  disputes: many(dispute),
  stakeEvents: many(stakeEvent),
  days: many(providerDay),
  modelDays: many(providerModelDay),
  votingPower: one(votingPower, { fields: [provider.address], references: [votingPower.account] }),
}));

export const providerDayRelations = relations(providerDay, ({ one }) => ({
  providerRecord: one(provider, { fields: [providerDay.provider], references: [provider.address] }),
}));

export const providerModelDayRelations = relations(providerModelDay, ({ one }) => ({
  providerRecord: one(provider, {
    fields: [providerModelDay.provider],
    references: [provider.address],
  }),
  model: one(model, { fields: [providerModelDay.modelId], references: [model.id] }),
}));

export const stakeEventRelations = relations(stakeEvent, ({ one }) => ({
  providerRecord: one(provider, {
    fields: [stakeEvent.provider],
    references: [provider.address],
  }),
  job: one(job, { fields: [stakeEvent.jobId], references: [job.id] }),
}));

export const modelRelations = relations(model, ({ many }) => ({
  jobs: many(job),
  dailyStats: many(dailyModelStat),
}));

export const jobRelations = relations(job, ({ one, many }) => ({
  model: one(model, { fields: [job.modelId], references: [model.id] }),
  providerRecord: one(provider, { fields: [job.provider], references: [provider.address] }),
  bids: many(bid),
  results: many(result),
  disputes: many(dispute),
  rewardPots: many(rewardPot),
  statusChanges: many(jobStatusChange),
  stakeEvents: many(stakeEvent),
  balanceChanges: many(balanceChange),
}));

export const rewardPotRelations = relations(rewardPot, ({ one }) => ({
  job: one(job, { fields: [rewardPot.jobId], references: [job.id] }),
}));

export const jobStatusChangeRelations = relations(jobStatusChange, ({ one }) => ({
  job: one(job, { fields: [jobStatusChange.jobId], references: [job.id] }),
}));

export const bidRelations = relations(bid, ({ one }) => ({
  job: one(job, { fields: [bid.jobId], references: [job.id] }),
  bidderRecord: one(provider, { fields: [bid.bidder], references: [provider.address] }),
}));

export const resultRelations = relations(result, ({ one }) => ({
  job: one(job, { fields: [result.jobId], references: [job.id] }),
  providerRecord: one(provider, { fields: [result.provider], references: [provider.address] }),
}));

export const disputeRelations = relations(dispute, ({ one, many }) => ({
  job: one(job, { fields: [dispute.jobId], references: [job.id] }),
  moves: many(disputeMove),
  providerRecord: one(provider, { fields: [dispute.provider], references: [provider.address] }),
}));

export const disputeMoveRelations = relations(disputeMove, ({ one }) => ({
  dispute: one(dispute, { fields: [disputeMove.disputeId], references: [dispute.disputeId] }),
}));

export const accountRelations = relations(account, ({ many }) => ({
  entries: many(balanceChange),
}));

export const balanceChangeRelations = relations(balanceChange, ({ one }) => ({
  accountRecord: one(account, { fields: [balanceChange.account], references: [account.address] }),
  job: one(job, { fields: [balanceChange.jobId], references: [job.id] }),
}));

export const dailyModelStatRelations = relations(dailyModelStat, ({ one }) => ({
  model: one(model, { fields: [dailyModelStat.modelId], references: [model.id] }),
}));

export const parameterRelations = relations(parameter, ({ many }) => ({
  changes: many(parameterChange),
}));

export const parameterChangeRelations = relations(parameterChange, ({ one }) => ({
  current: one(parameter, { fields: [parameterChange.name], references: [parameter.name] }),
  proposal: one(proposal, { fields: [parameterChange.proposalId], references: [proposal.id] }),
}));

export const proposalRelations = relations(proposal, ({ many }) => ({
  votes: many(vote),
  parameterChanges: many(parameterChange),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
  voterPower: one(votingPower, { fields: [vote.voter], references: [votingPower.account] }),
}));

export const delegationPoolRelations = relations(delegationPool, ({ one, many }) => ({
  providerRecord: one(provider, {
    fields: [delegationPool.provider],
    references: [provider.address],
  }),
  delegations: many(delegation),
  events: many(delegationEvent),
}));

export const delegationRelations = relations(delegation, ({ one }) => ({
  pool: one(delegationPool, {
    fields: [delegation.provider],
    references: [delegationPool.provider],
  }),
}));

export const delegationEventRelations = relations(delegationEvent, ({ one }) => ({
  pool: one(delegationPool, {
    fields: [delegationEvent.provider],
    references: [delegationPool.provider],
  }),
}));
