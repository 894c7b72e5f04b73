import { dispute, type job } from "ponder:schema";
import type { Db, EventMeta } from "./store.js";

type Job = typeof job.$inferSelect;
type Dispute = typeof dispute.$inferSelect;

/**
 * The dispute row a transaction opens on a job. The job market (JobDisputed)
 * and the dispute game (DisputeOpened) both report the opening, in one
 * transaction and in either order: whichever is indexed first creates the row
 * and the other finds it by the transaction hash.
 */
export async function openedDispute(db: Db, event: EventMeta, current: Job) {
  const last =
    current.disputeCount > 0
      ? await db.find(dispute, { jobId: current.id, seq: current.disputeCount - 1 })
      : null;
  const seq =
    last !== null && last.openTransactionHash === event.transaction.hash
      ? last.seq
      : current.disputeCount;
  if (current.provider === null) throw new Error(`disputed job ${current.id} has no provider`);
  return {
    key: { jobId: current.id, seq },
    values: {
      round: current.round,
      provider: current.provider,
      outcome: "Open" as const,
      stale: false,
      openedAt: event.block.timestamp,
      openTransactionHash: event.transaction.hash,
    },
  };
}

/**
 * The dispute the market's DisputeRejected or ResultRejected settles. The
 * market does not name it: the dispute game resolved it earlier in the same
 * transaction (and marked it with the transaction hash); without the game,
 * disputes are taken in the order they opened.
 */
export async function settledDispute(db: Db, event: EventMeta, current: Job): Promise<Dispute> {
  let firstOpen: Dispute | undefined;
  for (let seq = 0; seq < current.disputeCount; seq++) {
    const row = await db.find(dispute, { jobId: current.id, seq });
    if (row === null) continue;
    if (row.resolveTransactionHash === event.transaction.hash) return row;
    if (firstOpen === undefined && row.outcome === "Open") firstOpen = row;
  }
  if (firstOpen === undefined) throw new Error(`job ${current.id} has no open dispute`);
  return firstOpen;
}
