/**
 * Typed rows of the indexer's GraphQL API (indexer/ponder.schema.ts). Ponder
 * serialises BigInt columns as decimal strings; the parsers here turn them
 * back into bigints, so rows compare with what the contracts return. Enum
 * fields take the types generated from the schema (./generated/schema.ts), and
 * `SchemaChecks` below fails the typecheck when a row names a column the
 * schema does not have.
 */
import type { Address, Hex } from "viem";
import type * as schema from "./generated/schema.js";

export type IndexedJobStatus = schema.JobStatus;

export type IndexedJob = {
  id: bigint;
  requester: Address;
  modelId: bigint;
  status: IndexedJobStatus;
  round: number;
  reauction: boolean;
  maxPrice: bigint;
  executionWindow: bigint;
  consumer: Address;
  inputHash: Hex;
  /** The input bytes when posted inline. */
  input: Hex | null;
  inputUri: string | null;
  commitDeadline: bigint;
  revealDeadline: bigint;
  commitCount: number;
  revealCount: number;
  provider: Address | null;
  /** As `getJob().price`: the leading price, then the clearing price (gross of the fee); 0 while none. */
  price: bigint;
  /** Fixed at post: every bidder locks it at commit, the winner keeps it locked. */
  collateral: bigint;
  /** The requester's assurance level (protocol-token wei; 0 for none). */
  minCollateral: bigint;
  deadline: bigint;
  executionDeadline: bigint | null;
  challengeDeadline: bigint | null;
  outputHash: Hex | null;
  traceRoot: Hex | null;
  payment: bigint | null;
  fee: bigint | null;
  refund: bigint | null;
  slashed: bigint;
  callbackSuccess: boolean | null;
  disputeCount: number;
  postedAt: bigint;
  postedBlock: bigint;
  postTransactionHash: Hex;
  assignedAt: bigint | null;
  /** The block of the current round's assignment. */
  assignedBlock: bigint | null;
  submittedAt: bigint | null;
  disputedAt: bigint | null;
  finalizedAt: bigint | null;
  cancelledAt: bigint | null;
  expiredAt: bigint | null;
  rejectedAt: bigint | null;
  updatedAt: bigint;
};

export type IndexedBid = {
  jobId: bigint;
  round: number;
  bidder: Address;
  commitment: Hex;
  committedAt: bigint;
  /** Protocol-token collateral the commitment locked (the job's). */
  collateral: bigint;
  revealed: boolean;
  price: bigint | null;
  /** Led the auction when revealed (a later reveal may have displaced it): `won` names the winner. */
  leading: boolean | null;
  revealedAt: bigint | null;
  won: boolean;
  /** Never revealed: the collateral was released, less `slashed` paid to the requester. */
  forfeited: boolean;
  slashed: bigint | null;
  forfeitedAt: bigint | null;
};

export type IndexedResult = {
  jobId: bigint;
  round: number;
  provider: Address;
  outputHash: Hex;
  traceRoot: Hex;
  output: Hex | null;
  outputUri: string | null;
  challengeDeadline: bigint;
  status: schema.ResultStatus;
  submittedAt: bigint;
  transactionHash: Hex;
};

export type IndexedDispute = {
  jobId: bigint;
  seq: number;
  round: number;
  provider: Address;
  challenger: Address | null;
  outcome: schema.DisputeOutcome;
  slashed: bigint | null;
  /** Ended after another dispute of the round had already proven the result wrong. */
  stale: boolean;
  openedAt: bigint;
  resolvedAt: bigint | null;
  openTransactionHash: Hex;
  /** From the dispute game (null until it is indexed). */
  disputeId: bigint | null;
  phase: schema.DisputePhase | null;
  layer: number | null;
  bond: bigint | null;
  /** The deadline of the move the dispute's phase awaits. */
  moveDeadline: bigint | null;
  winner: Address | null;
  /** The challenger's share of its round's reward pot, once credited. */
  reward: bigint | null;
};

export type IndexedDisputeMove = {
  disputeId: bigint;
  jobId: bigint;
  kind: schema.DisputeMoveKind;
  sender: Address;
  deadline: bigint | null;
  layer: number | null;
  /** The output element the last move recomputed (C-major index; a dense layer's neuron). */
  neuron: bigint | null;
  /** NeuronProven and ElementProven: the disputed layer's kind (dense, conv2d, maxpool, avgpool, add). */
  layerKind: string | null;
  computed: number | null;
  claimed: number | null;
  winner: Address | null;
  loser: Address | null;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
};

export type IndexedProposal = {
  id: bigint;
  proposer: Address;
  targets: Address[];
  calldatas: Hex[];
  /** The calls in words, with each changed parameter's value at proposal time. */
  actions: IndexedProposalAction[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
  /** The Governor's `state()` at the indexed block. */
  status: schema.ProposalStatus;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  voteCount: number;
  /** Votes (For + Abstain) needed at the snapshot; null until voting has closed. */
  quorum: bigint | null;
  /** Why a defeated proposal lost. */
  defeatedBecause: "QuorumNotReached" | "NotMoreForThanAgainst" | null;
  eta: bigint | null;
  createdAt: bigint;
  queuedAt: bigint | null;
  executedAt: bigint | null;
};

/** One call of a proposal, decoded by the indexer. */
export type IndexedProposalAction = {
  target: Address;
  /** Wei sent with the call, in decimal. */
  value: string;
  calldata: Hex;
  contract: "parameters" | "governor" | "timelock" | null;
  functionName: string | null;
  /** Arguments as strings (addresses in hex, numbers in decimal). */
  args: string[];
  parameter: string | null;
  /** The parameter's value when the proposal was made, and the proposed one. */
  oldValue: string | null;
  newValue: string | null;
};

export type IndexedVote = {
  proposalId: bigint;
  voter: Address;
  support: schema.VoteSupport;
  weight: bigint;
  reason: string;
  blockNumber: bigint;
  timestamp: bigint;
};

export type IndexedProposalWithVotes = IndexedProposal & {
  votes: IndexedVote[];
  /** Parameter changes its execution made. */
  parameterChanges: IndexedParameterChange[];
};

export type IndexedJobStatusChange = {
  round: number;
  from: IndexedJobStatus | null;
  to: IndexedJobStatus;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
  logIndex: number;
};

export type IndexedStakeEvent = {
  provider: Address;
  kind: schema.StakeEventKind;
  amount: bigint;
  jobId: bigint | null;
  recipient: Address | null;
  bondedAfter: bigint;
  lockedAfter: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
};

/** A job with everything that happened to it. */
/**
 * A convicted round's reward pot: the challengers' share of the slash, split equally among the
 * round's disputes open at the conviction; `remaining`/`sharesLeft` as `DisputeGame.rewardPot`.
 */
export type IndexedRewardPot = {
  jobId: bigint;
  round: number;
  pot: bigint;
  shares: number;
  remaining: bigint;
  sharesLeft: number;
  fundedAt: bigint;
  transactionHash: Hex;
};

export type IndexedJobHistory = IndexedJob & {
  bids: IndexedBid[];
  results: IndexedResult[];
  disputes: IndexedDispute[];
  rewardPots: IndexedRewardPot[];
  /** The dispute game's moves on this job, in order. */
  disputeMoves: IndexedDisputeMove[];
  statusChanges: IndexedJobStatusChange[];
  stakeEvents: IndexedStakeEvent[];
};

export type IndexedProvider = {
  address: Address;
  registered: boolean;
  metadata: string | null;
  endpoint: string | null;
  status: schema.ProviderStatus;
  bonded: bigint;
  locked: bigint;
  unbonding: bigint;
  releaseAt: bigint;
  bidsCommitted: number;
  bidsRevealed: number;
  /** Commitments never revealed and forfeited. */
  bidsForfeited: number;
  /** Jobs assigned, those in flight included. */
  jobsWon: number;
  /** Jobs won and not yet ended (assigned, submitted or disputed). */
  jobsInFlight: number;
  jobsCompleted: number;
  jobsLate: number;
  /** Consecutive missed deadlines, as the market's `missedDeadlines`. */
  missedInARow: number;
  disputesWon: number;
  disputesLost: number;
  totalSlashed: bigint;
  /** Net of the protocol fee. */
  earnings: bigint;
  /** `jobsCompleted + jobsLate + disputesLost`. */
  jobsEnded: number;
  /** Basis points, rounded down; 0 when the denominator is 0. `jobsCompleted / jobsEnded`. */
  completionBps: number;
  /** `disputesLost / (disputesWon + disputesLost)`. */
  disputeLossBps: number;
  /** `bidsRevealed / bidsCommitted`. */
  revealBps: number;
  resultsSubmitted: number;
  /** Assignment to result; null before the first result. */
  meanLatencySeconds: bigint | null;
  meanLatencyBlocks: bigint | null;
  lastLatencySeconds: bigint | null;
  lastLatencyBlocks: bigint | null;
  updatedAt: bigint;
};

/** One delegator's position in one provider's pool, with its totals (indexer's `delegation`). */
export type IndexedDelegation = {
  id: string;
  provider: Address;
  delegator: Address;
  shares: bigint;
  thawingShares: bigint;
  thawEpoch: number;
  releaseAt: bigint;
  /** Payment-token earnings not yet claimed (what `claimEarnings` would pay). */
  unclaimed: bigint;
  votes: bigint;
  /** VRT put in, moved to thawing, taken out, and lost to slashes. */
  delegated: bigint;
  undelegated: bigint;
  withdrawn: bigint;
  slashed: bigint;
  /** Payment token earned in all, and claimed. */
  earned: bigint;
  claimed: bigint;
  updatedAt: bigint;
};

export type IndexedModel = {
  id: bigint;
  publisher: Address;
  artifactHash: Hex;
  kind: schema.ModelKind;
  uri: string;
  widths: number[];
  layerCount: number;
  weightCommitment: Hex;
  computeUnits: bigint;
  active: boolean;
  jobsPosted: number;
  jobsFinalized: number;
  lastClearingPrice: bigint | null;
  registeredAt: bigint;
};

export type IndexedMarket = {
  paused: boolean;
  jobCount: number;
  jobsFinalized: number;
  /** Net: paid to providers for finalized jobs, after the protocol fee. */
  volume: bigint;
  /** Gross: what requesters paid for finalized jobs (`volume + fees`). */
  grossVolume: bigint;
  fees: bigint;
  slashed: bigint;
  updatedAt: bigint;
};

export type IndexedParameterChange = {
  name: string;
  oldValue: bigint;
  newValue: bigint;
  /** For an address-typed parameter (treasury, governor.timelock): the values as addresses. */
  oldAddress: Address | null;
  newAddress: Address | null;
  /** Who made the change: the timelock under governance, the deployer at deployment. */
  sender: Address;
  /** Who sent the transaction (whoever called the Governor's `execute`). */
  executor: Address;
  /** The proposal whose execution made the change, under governance. */
  proposalId: bigint | null;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
};

/** The columns a row names that the indexer's schema lacks (never, when all exist). */
type UnknownColumns<row, fields> = Exclude<keyof row, keyof fields>;
type Expect<unknownColumns extends never> = unknownColumns;

/** Fails the typecheck when a row type drifts from indexer/ponder.schema.ts (see tools/gen-graphql.mts). */
export type SchemaChecks = [
  Expect<UnknownColumns<IndexedJob, schema.JobFields>>,
  Expect<UnknownColumns<IndexedBid, schema.BidFields>>,
  Expect<UnknownColumns<IndexedResult, schema.ResultFields>>,
  Expect<UnknownColumns<IndexedDispute, schema.DisputeFields>>,
  Expect<UnknownColumns<IndexedRewardPot, schema.RewardPotFields>>,
  Expect<UnknownColumns<IndexedDisputeMove, schema.DisputeMoveFields>>,
  Expect<UnknownColumns<IndexedProposal, schema.ProposalFields>>,
  Expect<UnknownColumns<IndexedVote, schema.VoteFields>>,
  Expect<UnknownColumns<IndexedJobStatusChange, schema.JobStatusChangeFields>>,
  Expect<UnknownColumns<IndexedStakeEvent, schema.StakeEventFields>>,
  Expect<UnknownColumns<IndexedProvider, schema.ProviderFields>>,
  Expect<UnknownColumns<IndexedModel, schema.ModelFields>>,
  Expect<UnknownColumns<IndexedMarket, schema.MarketFields>>,
  Expect<UnknownColumns<IndexedParameterChange, schema.ParameterChangeFields>>,
];

export type PageInfo = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

export type Page<item> = { items: item[]; pageInfo: PageInfo; totalCount: number };

/* PARSERS */

type Raw = Record<string, unknown>;

function toBigInts<row>(raw: Raw, keys: readonly string[]): row {
  const out: Raw = { ...raw };
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === "string" || typeof value === "number") out[key] = BigInt(value);
  }
  return out as row;
}

const jobBigInts = [
  "id",
  "modelId",
  "maxPrice",
  "executionWindow",
  "commitDeadline",
  "revealDeadline",
  "price",
  "collateral",
  "minCollateral",
  "deadline",
  "executionDeadline",
  "challengeDeadline",
  "payment",
  "fee",
  "refund",
  "slashed",
  "postedAt",
  "postedBlock",
  "assignedAt",
  "assignedBlock",
  "submittedAt",
  "disputedAt",
  "finalizedAt",
  "cancelledAt",
  "expiredAt",
  "rejectedAt",
  "updatedAt",
] as const;

export const parseJob = (raw: Raw): IndexedJob => toBigInts(raw, jobBigInts);
export const parseBid = (raw: Raw): IndexedBid =>
  toBigInts(raw, [
    "jobId",
    "committedAt",
    "collateral",
    "price",
    "revealedAt",
    "slashed",
    "forfeitedAt",
  ]);
export const parseResult = (raw: Raw): IndexedResult =>
  toBigInts(raw, ["jobId", "challengeDeadline", "submittedAt"]);
export const parseDispute = (raw: Raw): IndexedDispute =>
  toBigInts(raw, [
    "jobId",
    "slashed",
    "openedAt",
    "resolvedAt",
    "disputeId",
    "bond",
    "moveDeadline",
    "reward",
  ]);
export const parseRewardPot = (raw: Raw): IndexedRewardPot =>
  toBigInts(raw, ["jobId", "pot", "remaining", "fundedAt"]);
export const parseDisputeMove = (raw: Raw): IndexedDisputeMove =>
  toBigInts(raw, ["disputeId", "jobId", "deadline", "neuron", "blockNumber", "timestamp"]);
export const parseProposal = (raw: Raw): IndexedProposal =>
  toBigInts(raw, [
    "id",
    "voteStart",
    "voteEnd",
    "forVotes",
    "againstVotes",
    "abstainVotes",
    "quorum",
    "eta",
    "createdAt",
    "queuedAt",
    "executedAt",
  ]);
export const parseVote = (raw: Raw): IndexedVote =>
  toBigInts(raw, ["proposalId", "weight", "blockNumber", "timestamp"]);
export const parseStatusChange = (raw: Raw): IndexedJobStatusChange =>
  toBigInts(raw, ["blockNumber", "timestamp"]);
export const parseStakeEvent = (raw: Raw): IndexedStakeEvent =>
  toBigInts(raw, ["amount", "jobId", "bondedAfter", "lockedAfter", "blockNumber", "timestamp"]);
export const parseProvider = (raw: Raw): IndexedProvider =>
  toBigInts(raw, [
    "bonded",
    "locked",
    "unbonding",
    "releaseAt",
    "totalSlashed",
    "earnings",
    "meanLatencySeconds",
    "meanLatencyBlocks",
    "lastLatencySeconds",
    "lastLatencyBlocks",
    "updatedAt",
  ]);
export const parseDelegation = (raw: Raw): IndexedDelegation =>
  toBigInts(raw, [
    "shares",
    "thawingShares",
    "releaseAt",
    "unclaimed",
    "votes",
    "delegated",
    "undelegated",
    "withdrawn",
    "slashed",
    "earned",
    "claimed",
    "updatedAt",
  ]);
export const parseModel = (raw: Raw): IndexedModel =>
  toBigInts(raw, ["id", "computeUnits", "lastClearingPrice", "registeredAt"]);
export const parseMarket = (raw: Raw): IndexedMarket =>
  toBigInts(raw, ["volume", "grossVolume", "fees", "slashed", "updatedAt"]);
export const parseParameterChange = (raw: Raw): IndexedParameterChange =>
  toBigInts(raw, ["oldValue", "newValue", "proposalId", "blockNumber", "timestamp"]);

type RawPage = { items: Raw[]; pageInfo: PageInfo; totalCount: number };

export function parsePage<item>(page: RawPage, parse: (raw: Raw) => item): Page<item> {
  return { items: page.items.map(parse), pageInfo: page.pageInfo, totalCount: page.totalCount };
}

const itemsOf = (raw: Raw | null | undefined, key: string): Raw[] =>
  ((raw?.[key] as { items?: Raw[] } | null | undefined)?.items ?? []) as Raw[];

/** `job` is the job with its relations; `moves` the dispute moves queried beside it. */
export function parseJobHistory(raw: Raw, moves: Raw | null = null): IndexedJobHistory {
  const items = (key: string) => itemsOf(raw, key);
  return {
    ...parseJob(raw),
    bids: items("bids").map(parseBid),
    results: items("results").map(parseResult),
    disputes: items("disputes").map(parseDispute),
    rewardPots: items("rewardPots").map(parseRewardPot),
    disputeMoves: itemsOf(moves, "disputeMoves").map(parseDisputeMove),
    statusChanges: items("statusChanges").map(parseStatusChange),
    stakeEvents: items("stakeEvents").map(parseStakeEvent),
  };
}

export function parseProposalWithVotes(raw: Raw, changes: Raw | null): IndexedProposalWithVotes {
  return {
    ...parseProposal(raw),
    votes: itemsOf(raw, "votes").map(parseVote),
    parameterChanges: itemsOf(changes, "parameterChanges").map(parseParameterChange),
  };
}
