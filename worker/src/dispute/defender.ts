/**
 * Defends this worker's results. When a dispute names one of its jobs, the
 * worker reveals the disputed layer's activation (from the trace it wrote to
 * disk before submitting) before the response deadline; if the challenger
 * then misses its proof deadline, the worker ends the dispute with `timeout`.
 */
import {
  claimableBond,
  claimBond,
  getDispute,
  getRewardPot,
  respond,
  timeoutDispute,
} from "@verity/sdk";
import { bytesToHex, keccak256 } from "viem";
import type { WorkerContext } from "../loop/context.js";
import { lastFailure, missPhase } from "../loop/missed.js";
import type { DefenseRecord, ResultRecord } from "../store/records.js";

const asBytes = (a: Int8Array) => new Uint8Array(a.buffer, a.byteOffset, a.length);

function findResult(ctx: WorkerContext, record: DefenseRecord): ResultRecord | undefined {
  // The disputed hash names the activation: look for it in every round's trace of the job.
  for (const result of ctx.store.results.values()) {
    if (result.jobId !== record.jobId) continue;
    const activation = result.activations[record.layer];
    if (
      activation !== undefined &&
      keccak256(asBytes(activation)).toLowerCase() === record.disputedHash.toLowerCase()
    ) {
      return result;
    }
  }
  return undefined;
}

export async function reconcileDefense(ctx: WorkerContext, record: DefenseRecord): Promise<void> {
  const dispute = await getDispute(ctx.sdk, { disputeId: record.disputeId });
  const log = ctx.log.child({
    disputeId: record.disputeId,
    jobId: record.jobId,
    layer: record.layer,
  });
  const { now } = ctx.clock;

  /**
   * Ends the record once the end read is `confirmations` blocks deep: a shallow reorg can drop
   * the move that ended it (our timeout, say), and the dispute must then be defended again.
   */
  const end = async (outcome: "won" | "lost" | "stale"): Promise<boolean> => {
    const since = record.endedSince ?? ctx.clock.block;
    if (record.endedSince === undefined) {
      record = { ...record, endedSince: since };
      await ctx.store.defenses.put(record);
    }
    if (ctx.clock.block - since < BigInt(ctx.config.confirmations)) return false;
    await ctx.store.defenses.put({ ...record, state: "resolved", outcome });
    ctx.metrics.disputes.inc({ role: "provider", outcome });
    return true;
  };

  if (dispute.phase === "ProviderWon" || dispute.phase === "ChallengerWon") {
    const outcome = dispute.phase === "ProviderWon" ? "won" : "lost";
    if (await end(outcome))
      (outcome === "won" ? log.info : log.error)("dispute_resolved", { outcome });
    return;
  }

  // Another dispute of the same round convicted the result: the round is over, and any move on
  // this dispute would only end it as stale (crediting the challenger), at our gas. Stop here.
  let round = record.round;
  if (round === undefined) {
    round = (await getDispute(ctx.sdk, { disputeId: record.disputeId })).round;
    record = { ...record, round };
    await ctx.store.defenses.put(record);
  }
  if ((await getRewardPot(ctx.sdk, { jobId: record.jobId, round })).convicted) {
    if (await end("stale"))
      log.error("dispute_round_convicted", {
        detail: "another dispute proved this round's result wrong; this one is no longer defended",
      });
    return;
  }
  if (record.endedSince !== undefined) {
    // What ended it is gone from the chain (a reorg): defend it again from its current phase.
    const { endedSince: _, ...open } = record;
    record = open;
    await ctx.store.defenses.put(record);
    log.warn("dispute_reopened", { detail: "the move that ended it is no longer on the chain" });
  }

  if (dispute.phase === "AwaitingResponse") {
    if (now >= dispute.deadline) {
      log.error("dispute_response_too_late", { deadline: dispute.deadline, now });
      if (!ctx.missedPhases.some((m) => m.phase === "dispute_response" && m.jobId === record.jobId))
        missPhase(ctx, {
          phase: "dispute_response",
          jobId: record.jobId,
          cause: lastFailure(ctx, record.jobId) ?? "the response did not land before the deadline",
        });
      return;
    }
    const result = findResult(ctx, record);
    if (result === undefined) {
      log.error("dispute_no_trace", { disputedHash: record.disputedHash });
      return;
    }
    const activation = result.activations[record.layer];
    if (activation === undefined) return;
    await ctx.sender.during(
      { phase: "dispute_response", jobId: record.jobId, deadline: dispute.deadline },
      () =>
        respond(ctx.sdk, {
          disputeId: record.disputeId,
          activation: bytesToHex(asBytes(activation)),
        }),
    );
    await ctx.store.defenses.put({ ...record, state: "responded" });
    log.info("dispute_responded");
    return;
  }

  if (dispute.phase === "AwaitingProof" && now > dispute.deadline) {
    await timeoutDispute(ctx.sdk, { disputeId: record.disputeId });
    log.info("dispute_challenger_timed_out");
  }
}

/** Bonds the dispute game credited to this worker (lost challenges against it, or its own won ones). */
export async function claimBonds(ctx: WorkerContext): Promise<void> {
  if (ctx.sdk.deployment.disputeGame === undefined) return;
  const owed = await claimableBond(ctx.sdk, { account: ctx.address });
  if (owed === 0n) return;
  await claimBond(ctx.sdk);
  ctx.log.info("bonds_claimed", { amount: owed });
}
