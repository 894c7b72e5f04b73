import type { Context } from "ponder:registry";
import {
  account,
  dailyModelStat,
  job,
  jobStatusChange,
  market,
  parameter,
  provider,
} from "ponder:schema";
import { jobStatuses } from "@verity/sdk/enums";
import type { Address, Hex } from "viem";

export type Db = Context["db"];
export type JobStatus = typeof job.$inferSelect.status;
export type ProviderRow = typeof provider.$inferSelect;

/** What every handler needs to know of the log it handles. */
export type EventMeta = {
  id: string;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex; from: Address };
  log: { logIndex: number };
};

/** The block and transaction columns shared by history tables. */
export function logColumns(event: EventMeta) {
  return {
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  };
}

/** The contract's `JobStatus` enum by its numeric value (generated from the contracts). */
export const JOB_STATUS: readonly (JobStatus | "None")[] = jobStatuses;

/* PROVIDERS */

export function providerStatusOf(
  row: Pick<ProviderRow, "registered" | "bonded">,
  minStake: bigint,
): ProviderRow["status"] {
  if (!row.registered) return "Unregistered";
  return row.bonded >= minStake ? "Active" : "Underbonded";
}

/** The current minimum stake; Parameters is deployed (and emits it) before any stake exists. */
export async function minStake(db: Db): Promise<bigint> {
  const row = await db.find(parameter, { name: "minStake" });
  return row?.value ?? 0n;
}

/** The provider row, created empty the first time an address touches stake. */
export async function getProvider(db: Db, address: Address, timestamp: bigint) {
  const row = await db.find(provider, { address });
  if (row !== null) return row;
  return db.insert(provider).values({
    address,
    registered: false,
    bonded: 0n,
    locked: 0n,
    unbonding: 0n,
    releaseAt: 0n,
    status: "Unregistered",
    bidsCommitted: 0,
    bidsRevealed: 0,
    jobsWon: 0,
    jobsInFlight: 0,
    jobsCompleted: 0,
    jobsLate: 0,
    missedInARow: 0,
    bidsForfeited: 0,
    disputesWon: 0,
    disputesLost: 0,
    totalSlashed: 0n,
    earnings: 0n,
    jobsEnded: 0,
    completionBps: 0,
    disputeLossBps: 0,
    revealBps: 0,
    resultsSubmitted: 0,
    latencySecondsSum: 0n,
    latencyBlocksSum: 0n,
    updatedAt: timestamp,
  });
}

/** Applies a change to a provider's row and recomputes its status. */
export async function updateProvider(
  db: Db,
  address: Address,
  timestamp: bigint,
  change: (row: ProviderRow) => Partial<ProviderRow>,
): Promise<ProviderRow> {
  const row = await getProvider(db, address, timestamp);
  const changes = change(row);
  const status = providerStatusOf({ ...row, ...changes }, await minStake(db));
  return db.update(provider, { address }).set({ ...changes, status, updatedAt: timestamp });
}

/**
 * Changes what does not bear on a provider's status (counters, locked stake)
 * of a provider that has a row already (it bid or holds collateral, so it
 * registered and staked): one write.
 */
export async function countProvider(
  db: Db,
  address: Address,
  timestamp: bigint,
  change: (row: ProviderRow) => Partial<ProviderRow>,
): Promise<ProviderRow> {
  return db.update(provider, { address }).set((row) => ({ ...change(row), updatedAt: timestamp }));
}

/* JOBS */

/**
 * Moves a job to `to` (with other column changes) and records the transition;
 * a change that keeps the status records nothing.
 */
export async function moveJob(
  db: Db,
  event: EventMeta,
  jobId: bigint,
  to: JobStatus,
  changes: Partial<typeof job.$inferInsert> = {},
) {
  const before = await db.find(job, { id: jobId });
  if (before === null) throw new Error(`job ${jobId} was never posted`);
  // Read before the update: the store may hand back the row it then changes.
  const from = before.status;
  const after = await db
    .update(job, { id: jobId })
    .set({ ...changes, status: to, updatedAt: event.block.timestamp });
  if (from !== to) {
    await db.insert(jobStatusChange).values({
      id: event.id,
      jobId,
      round: after.round,
      from,
      to,
      ...logColumns(event),
    });
  }
  return after;
}

/* MARKET */

export async function updateMarket(
  db: Db,
  timestamp: bigint,
  change: (row: typeof market.$inferSelect) => Partial<typeof market.$inferInsert>,
) {
  const row =
    (await db.find(market, { id: "market" })) ??
    (await db.insert(market).values({
      id: "market",
      paused: false,
      jobCount: 0,
      providerCount: 0,
      jobsFinalized: 0,
      volume: 0n,
      grossVolume: 0n,
      fees: 0n,
      slashed: 0n,
      updatedAt: timestamp,
    }));
  await db.update(market, { id: "market" }).set({ ...change(row), updatedAt: timestamp });
}

/** Adds credits and claims to what the protocol owes an account. */
export async function updateAccount(
  db: Db,
  address: Address,
  timestamp: bigint,
  change: {
    credited?: bigint;
    claimed?: bigint;
    bondCredited?: bigint;
    bondClaimed?: bigint;
    rewardCredited?: bigint;
  },
) {
  const credited = change.credited ?? 0n;
  const claimed = change.claimed ?? 0n;
  const bondCredited = change.bondCredited ?? 0n;
  const bondClaimed = change.bondClaimed ?? 0n;
  const rewardCredited = change.rewardCredited ?? 0n;
  await db
    .insert(account)
    .values({
      address,
      credited,
      claimed,
      claimable: credited - claimed,
      bondCredited,
      bondClaimed,
      rewardCredited,
      bondClaimable: bondCredited + rewardCredited - bondClaimed,
      updatedAt: timestamp,
    })
    .onConflictDoUpdate((row) => ({
      credited: row.credited + credited,
      claimed: row.claimed + claimed,
      claimable: row.claimable + credited - claimed,
      bondCredited: row.bondCredited + bondCredited,
      bondClaimed: row.bondClaimed + bondClaimed,
      rewardCredited: row.rewardCredited + rewardCredited,
      bondClaimable: row.bondClaimable + bondCredited + rewardCredited - bondClaimed,
      updatedAt: timestamp,
    }));
}

/* DAYS */

const DAY = 86_400n;

export function dayOf(timestamp: bigint): { day: number; date: string } {
  const day = Number(timestamp / DAY);
  return { day, date: new Date(day * 86_400_000).toISOString().slice(0, 10) };
}

export async function getDailyModelStat(db: Db, modelId: bigint, timestamp: bigint) {
  const { day, date } = dayOf(timestamp);
  const row = await db.find(dailyModelStat, { modelId, day });
  if (row !== null) return row;
  return db.insert(dailyModelStat).values({
    modelId,
    day,
    date,
    jobsPosted: 0,
    jobsAssigned: 0,
    jobsFinalized: 0,
    clearingCount: 0,
    clearingVolume: 0n,
    belowMedianLow: 0,
  });
}

export async function updateDailyModelStat(
  db: Db,
  modelId: bigint,
  timestamp: bigint,
  change: (row: typeof dailyModelStat.$inferSelect) => Partial<typeof dailyModelStat.$inferInsert>,
) {
  const row = await getDailyModelStat(db, modelId, timestamp);
  await db.update(dailyModelStat, { modelId, day: row.day }).set(change(row));
}
