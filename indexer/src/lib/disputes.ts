import { dispute, type job } from "ponder:schema";
import type { Db, EventMeta } from "./store.js";

type Job = typeof job.$inferSelect;

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
  // While disputed the contract keeps the challenge time left in `deadline`.
  const windowLeft =
    current.status === "Disputed" ? current.deadline : current.deadline - event.block.timestamp;
  return {
    key: { jobId: current.id, seq },
    values: {
      round: current.round,
      provider: current.provider,
      outcome: "Open" as const,
      windowLeft,
      openedAt: event.block.timestamp,
      openTransactionHash: event.transaction.hash,
    },
  };
}
