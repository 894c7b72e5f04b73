/** What every reconciler needs: configuration, chain access, state, models, metrics, log and the chain's clock. */
import type { ProtocolParameters, VerityClient } from "@verity/sdk";
import type { Address } from "viem";
import type { WorkerPublicClient } from "../chain/clients.js";
import type { ChainView } from "../chain/head.js";
import type { TxSender } from "../chain/sender.js";
import type { WorkerConfig } from "../config/schema.js";
import type { FinalityBatcher } from "../execution/finality.js";
import type { HeldModel } from "../inference/models.js";
import type { InferenceRunner } from "../inference/runner.js";
import type { Logger } from "../log.js";
import type { WorkerMetrics } from "../metrics/worker-metrics.js";
import type { StateStore } from "../store/state.js";
import type { MissedPhase } from "./missed.js";

export type ChainClock = {
  /** Timestamp of the latest block. */
  now: number;
  block: bigint;
  /** Estimated seconds between blocks. */
  blockTime: number;
  /** When (wall clock, ms) this head was first seen. */
  seenAtMs: number;
};

/** The chain's time now, estimated: the head's timestamp plus the time since it was seen, at most a block's worth. */
export function chainTimeNow(clock: ChainClock): number {
  const elapsed = (Date.now() - clock.seenAtMs) / 1000;
  return clock.now + Math.min(elapsed, clock.blockTime * 2);
}

export type WorkerContext = {
  config: WorkerConfig;
  address: Address;
  /** The SDK client: every protocol read and write goes through its actions. */
  sdk: VerityClient;
  /** The public client under `sdk`, for blocks and event logs. */
  client: WorkerPublicClient;
  /** Protocol parameters, cached for a minute. */
  parameters: () => Promise<ProtocolParameters>;
  /** The serialized sender under `sdk`'s writes. */
  sender: TxSender;
  store: StateStore;
  models: Map<bigint, HeldModel>;
  runners: Map<bigint, InferenceRunner>;
  metrics: WorkerMetrics;
  log: Logger;
  clock: ChainClock;
  /** Jobs (`jobId-round`) this worker decided not to bid on, so the decision is not logged every tick. */
  skipped: Set<string>;
  /** The head, cursor and reorg view (chain/head.ts): `chain.status()` is read by health. */
  chain: ChainView;
  /** Recent phases missed, newest last (loop/missed.ts). */
  missedPhases: MissedPhase[];
  /** The last failure per job id, the cause a missed phase is logged with. */
  failures: Map<string, string>;
  /** Own jobs past their challenge window, finalized together at the next tick. */
  finality: FinalityBatcher;
};
