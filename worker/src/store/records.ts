/** What the worker keeps on disk, one JSON file per record (see store/state.ts for the layout). */
import type { Address, Hex } from "viem";

/** A job on a model this worker holds, learned from its JobPosted event. */
export type JobRecord = {
  jobId: bigint;
  modelId: bigint;
  inputHash: Hex;
  /** Inline input bytes; absent when the job gave `inputUri`. */
  input?: Hex;
  inputUri?: string;
  maxPrice: bigint;
  executionWindow: bigint;
  postedBlock: bigint;
  /** Terminal on chain and nothing left for this worker to do. */
  done?: boolean;
  /**
   * The head block when `done` was decided: a reorg back past it may undo what made the job
   * terminal (our own finalize, say), so the job is reopened and read from the chain again.
   */
  doneAtBlock?: bigint;
  /** The head block when the chain first showed the job terminal; done once that is confirmed. */
  terminalSince?: bigint;
  /** The latest result another provider submitted (watch mode). */
  observed?: ObservedResult;
};

export type ObservedResult = {
  provider: Address;
  outputHash: Hex;
  traceRoot: Hex;
  /** The provider's `h_1 .. h_{L-1}` (the market checked that they give `traceRoot`). */
  layerHashes: Hex[];
  output?: Hex;
  outputUri?: string;
  block: bigint;
  /** What re-running the model said: absent until checked. */
  verdict?: "valid" | "invalid" | "unverifiable";
};

/**
 * A sealed bid. Written (fsync + atomic rename) before commitBid is sent, and
 * never rewritten with another salt: a restart always finds the salt it committed.
 */
export type BidRecord = {
  jobId: bigint;
  round: number;
  price: bigint;
  salt: Hex;
  commitment: Hex;
  /** The job's collateral, which the commit locks (absent in records written before it was kept). */
  collateral?: bigint;
  /**
   * The input hash of the job this bid was priced for (absent in records written before it was
   * kept). It differs from the job record's when a reorg gave the id to another requester's post
   * and the commit landed on that job: see `reconcileBidding`.
   */
  inputHash?: Hex;
  /**
   * `unrevealed`: the reveal phase was missed and the commitment still locks the collateral, until
   * the worker forfeits it (`forfeited`).
   */
  state: "salted" | "committed" | "revealed" | "unrevealed" | "forfeited" | "abandoned";
  createdAt: number;
};

/** The trace of one execution, kept to answer a dispute after a restart. */
export type ResultRecord = {
  jobId: bigint;
  round: number;
  /** `[a_0, ..., a_L]` as the run produced them (stored binary: store/result-file.ts). */
  activations: Int8Array[];
  output: Hex;
  outputHash: Hex;
  layerHashes: Hex[];
  traceRoot: Hex;
  state: "computed" | "submitted" | "finalized" | "rejected";
};

/** A dispute against one of this worker's results. */
export type DefenseRecord = {
  disputeId: bigint;
  jobId: bigint;
  layer: number;
  agreedHash: Hex;
  disputedHash: Hex;
  challenger: Address;
  /** The auction round the dispute is about, once read from the game. */
  round?: number;
  state: "open" | "responded" | "resolved";
  /** `stale`: another dispute convicted the round first; this one was no longer defended. */
  outcome?: "won" | "lost" | "stale";
  /**
   * The block at which an end (won, lost, stale) was first read: the record is `resolved` only
   * once that is `confirmations` blocks deep, since a reorg can drop the move that ended it.
   */
  endedSince?: bigint;
};

/** A challenge this worker opened (or is about to open) against another provider's result. */
export type ChallengeRecord = {
  jobId: bigint;
  provider: Address;
  outputHash: Hex;
  traceRoot: Hex;
  /** Layer `l` (1-based), the first wrong one. */
  layer: number;
  hPrev: Hex;
  hDisputed: Hex;
  proofPrev: Hex[];
  proofDisputed: Hex[];
  /** Our `a_{l-1}`, agreed by both sides. */
  agreedActivation: Hex;
  /**
   * A residual add layer only: `a_skip` (agreed: it is earlier than the first wrong layer) and the
   * siblings of its hash up to the provider's trace root (empty when it is the input).
   */
  skipActivation?: Hex;
  skipProof?: Hex[];
  disputeId?: bigint;
  /** The job's auction round whose result is challenged. */
  round?: number;
  /** The provider's revealed `a_l`, from DisputeResponded. */
  revealed?: Hex;
  state: "prepared" | "opened" | "proved" | "resolved" | "abandoned";
  /** `stale`: another dispute convicted the round; ours was closed with its bond and pot share. */
  outcome?: "won" | "lost" | "stale";
  createdAt: number;
};
