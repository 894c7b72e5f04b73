/**
 * The providers' reliability record: counts, the ratios and latency derived from them (stored, so
 * that GraphQL lists sort and filter by them), and the same counts per UTC day and per model and day.
 */
import { provider, providerDay, providerModelDay } from "ponder:schema";
import type { Address } from "viem";
import { type Db, dayOf, type ProviderRow } from "./store.js";

/** What one event adds to a provider's record. */
export type RecordChange = {
  bidsCommitted?: number;
  bidsRevealed?: number;
  jobsWon?: number;
  jobsCompleted?: number;
  jobsLate?: number;
  disputesWon?: number;
  disputesLost?: number;
  earnings?: bigint;
  /** A result submitted, with its execution latency. */
  latency?: { seconds: bigint; blocks: bigint };
};

const BPS = 10_000;

/** `part / whole` in basis points, rounded down; 0 when `whole` is 0. */
export function bps(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part * BPS) / whole);
}

type Counts = {
  bidsCommitted: number;
  bidsRevealed: number;
  jobsWon: number;
  jobsCompleted: number;
  jobsLate: number;
  disputesWon: number;
  disputesLost: number;
  earnings: bigint;
  resultsSubmitted: number;
  latencySecondsSum: bigint;
  latencyBlocksSum: bigint;
};

/** The counts after `change`. */
function add<row extends Counts>(row: row, change: RecordChange): Counts {
  return {
    bidsCommitted: row.bidsCommitted + (change.bidsCommitted ?? 0),
    bidsRevealed: row.bidsRevealed + (change.bidsRevealed ?? 0),
    jobsWon: row.jobsWon + (change.jobsWon ?? 0),
    jobsCompleted: row.jobsCompleted + (change.jobsCompleted ?? 0),
    jobsLate: row.jobsLate + (change.jobsLate ?? 0),
    disputesWon: row.disputesWon + (change.disputesWon ?? 0),
    disputesLost: row.disputesLost + (change.disputesLost ?? 0),
    earnings: row.earnings + (change.earnings ?? 0n),
    resultsSubmitted: row.resultsSubmitted + (change.latency === undefined ? 0 : 1),
    latencySecondsSum: row.latencySecondsSum + (change.latency?.seconds ?? 0n),
    latencyBlocksSum: row.latencyBlocksSum + (change.latency?.blocks ?? 0n),
  };
}

/** Jobs ended and the share completed: what a day row and the provider row both carry. */
function ended(counts: Counts) {
  const jobsEnded = counts.jobsCompleted + counts.jobsLate + counts.disputesLost;
  return { jobsEnded, completionBps: bps(counts.jobsCompleted, jobsEnded) };
}

/** The provider row's counts, ratios and latency after `change`. */
export function nextRecord(row: ProviderRow, change: RecordChange): Partial<ProviderRow> {
  const counts = add(row, change);
  const wonChange = change.jobsWon ?? 0;
  const endedChange =
    (change.jobsCompleted ?? 0) + (change.jobsLate ?? 0) + (change.disputesLost ?? 0);
  const n = BigInt(counts.resultsSubmitted);
  return {
    ...counts,
    ...ended(counts),
    jobsInFlight: row.jobsInFlight + wonChange - endedChange,
    disputeLossBps: bps(counts.disputesLost, counts.disputesWon + counts.disputesLost),
    revealBps: bps(counts.bidsRevealed, counts.bidsCommitted),
    ...(change.latency === undefined
      ? {}
      : {
          meanLatencySeconds: counts.latencySecondsSum / n,
          meanLatencyBlocks: counts.latencyBlocksSum / n,
          lastLatencySeconds: change.latency.seconds,
          lastLatencyBlocks: change.latency.blocks,
        }),
  };
}

const emptyCounts: Counts = {
  bidsCommitted: 0,
  bidsRevealed: 0,
  jobsWon: 0,
  jobsCompleted: 0,
  jobsLate: 0,
  disputesWon: 0,
  disputesLost: 0,
  earnings: 0n,
  resultsSubmitted: 0,
  latencySecondsSum: 0n,
  latencyBlocksSum: 0n,
};

/**
 * Adds `change` to the record of a provider that has a row already (it bid or was assigned a job,
 * so it registered and staked), and to its rows of the event's day, overall and for `modelId`.
 */
export async function countRecord(
  db: Db,
  address: Address,
  modelId: bigint,
  timestamp: bigint,
  change: RecordChange,
): Promise<void> {
  await db
    .update(provider, { address })
    .set((row) => ({ ...nextRecord(row, change), updatedAt: timestamp }));
  const { day, date } = dayOf(timestamp);
  const first = add(emptyCounts, change);
  const next = <row extends Counts>(row: row) => {
    const counts = add(row, change);
    return { ...counts, ...ended(counts) };
  };
  await db
    .insert(providerDay)
    .values({ provider: address, day, date, ...first, ...ended(first) })
    .onConflictDoUpdate(next);
  await db
    .insert(providerModelDay)
    .values({ provider: address, modelId, day, date, ...first, ...ended(first) })
    .onConflictDoUpdate(next);
}
