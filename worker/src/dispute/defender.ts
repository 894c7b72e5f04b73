/**
 * Defends this worker's results. When a dispute names one of its jobs, the
 * worker reveals the disputed layer's activation (from the trace it wrote to
 * disk before submitting) before the response deadline; if the challenger
 * then misses its proof deadline, the worker ends the dispute with `timeout`.
 */
import { disputeGameAbi } from "@verity/sdk/abis";
import { keccak256 } from "viem";
import { DisputePhase } from "../chain/contracts.js";
import type { WorkerContext } from "../node/context.js";
import type { DefenseRecord, ResultRecord } from "../store/records.js";

function findResult(ctx: WorkerContext, record: DefenseRecord): ResultRecord | undefined {
  // The disputed hash names the activation: look for it in every round's trace of the job.
  for (const result of ctx.store.results.values()) {
    if (result.jobId !== record.jobId) continue;
    const activation = result.activations[record.layer];
    if (
      activation !== undefined &&
      keccak256(activation).toLowerCase() === record.disputedHash.toLowerCase()
    ) {
      return result;
    }
  }
  return undefined;
}

export async function reconcileDefense(ctx: WorkerContext, record: DefenseRecord): Promise<void> {
  const game = ctx.protocol.requireGame();
  const dispute = await ctx.protocol.getDispute(record.disputeId);
  const log = ctx.log.child({
    disputeId: record.disputeId,
    jobId: record.jobId,
    layer: record.layer,
  });
  const { now } = ctx.clock;

  if (dispute.phase === DisputePhase.ProviderWon || dispute.phase === DisputePhase.ChallengerWon) {
    const outcome = dispute.phase === DisputePhase.ProviderWon ? "won" : "lost";
    await ctx.store.defenses.put({ ...record, state: "resolved", outcome });
    ctx.metrics.disputes.inc({ role: "provider", outcome });
    (outcome === "won" ? log.info : log.error)("dispute_resolved", { outcome });
    return;
  }

  if (dispute.phase === DisputePhase.AwaitingResponse) {
    if (now >= dispute.deadline) {
      log.error("dispute_response_too_late", { deadline: dispute.deadline, now });
      return;
    }
    const result = findResult(ctx, record);
    if (result === undefined) {
      log.error("dispute_no_trace", { disputedHash: record.disputedHash });
      return;
    }
    const activation = result.activations[record.layer];
    if (activation === undefined) return;
    await ctx.sender.send(`respond dispute ${record.disputeId}`, {
      address: game,
      abi: disputeGameAbi,
      functionName: "respond",
      args: [record.disputeId, activation],
    });
    await ctx.store.defenses.put({ ...record, state: "responded" });
    log.info("dispute_responded");
    return;
  }

  if (dispute.phase === DisputePhase.AwaitingProof && now > dispute.deadline) {
    await ctx.sender.send(`timeout dispute ${record.disputeId}`, {
      address: game,
      abi: disputeGameAbi,
      functionName: "timeout",
      args: [record.disputeId],
    });
    log.info("dispute_challenger_timed_out");
  }
}

/** Bonds the dispute game credited to this worker (lost challenges against it, or its own won ones). */
export async function claimBonds(ctx: WorkerContext): Promise<void> {
  if (ctx.protocol.disputeGame === undefined) return;
  const owed = await ctx.protocol.disputeClaimable(ctx.address);
  if (owed === 0n) return;
  await ctx.sender.send("claim bonds", {
    address: ctx.protocol.disputeGame,
    abi: disputeGameAbi,
    functionName: "claim",
    args: [],
  });
  ctx.log.info("bonds_claimed", { amount: owed });
}
