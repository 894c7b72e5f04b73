/**
 * The provider's side of a job it won: run the model, write the trace to disk,
 * submit the result before the execution deadline, finalize after the
 * challenge window. The activations are on disk before the result can reach
 * the chain, so a restarted worker can still answer a dispute.
 */
import { claim, claimable, getResult, type Job, submitResult } from "@verity/sdk";
import { type Hex, isAddressEqual } from "viem";
import { hashesTo, jobInput } from "../inference/input.js";
import { resultTrace } from "../inference/trace.js";
import type { WorkerContext } from "../loop/context.js";
import { lastFailure, missPhase } from "../loop/missed.js";
import { recordClaim } from "../metrics/money.js";
import type { JobRecord, ResultRecord } from "../store/records.js";

async function compute(ctx: WorkerContext, job: JobRecord, round: number): Promise<ResultRecord> {
  const runner = ctx.runners.get(job.modelId);
  const model = ctx.models.get(job.modelId);
  if (runner === undefined || model === undefined)
    throw new Error(`model ${job.modelId} is not held`);
  // A URI input comes from the bytes kept at bid time: the requester is not asked again.
  const input = await jobInput(job, { store: ctx.store });
  const started = performance.now();
  const activations = await runner.run(input);
  const trace = resultTrace(activations);
  // Inference and trace commitment only: reading the input is I/O, timed apart by nothing here.
  const seconds = (performance.now() - started) / 1000;
  ctx.metrics.inferenceLatency.observe(seconds);
  ctx.log.info("inference_done", {
    jobId: job.jobId,
    round,
    inferenceMs: Number((seconds * 1000).toFixed(3)),
    onnxruntimeMs: Number(((runner.lastRunSeconds ?? seconds) * 1000).toFixed(3)),
  });
  return {
    jobId: job.jobId,
    round,
    activations: trace.activations,
    output: trace.output,
    outputHash: trace.outputHash,
    layerHashes: trace.layerHashes,
    traceRoot: trace.traceRoot,
    state: "computed",
  };
}

/** Whether the result was computed from the input of hash `inputHash` (its a_0 is the input). */
function computedFrom(result: ResultRecord, inputHash: Hex): boolean {
  const input = result.activations[0];
  return (
    input !== undefined &&
    hashesTo(new Uint8Array(input.buffer, input.byteOffset, input.length), inputHash)
  );
}

export async function reconcileOwnJob(
  ctx: WorkerContext,
  job: JobRecord,
  onchain: Job,
): Promise<void> {
  if (onchain.provider === undefined || !isAddressEqual(onchain.provider, ctx.address)) return;
  const round = onchain.round;
  const log = ctx.log.child({ jobId: job.jobId, round });
  const { now } = ctx.clock;

  if (onchain.status === "Assigned") {
    let result = ctx.store.result(job.jobId, round);
    if (result !== undefined && !computedFrom(result, onchain.inputHash)) {
      // A result kept for another job under this id (a reorg re-ordered the posts while this
      // job's task ran): submitting it would be a wrong result. Computed again from this input.
      log.error("stale_result_dropped", { inputHash: onchain.inputHash });
      await ctx.store.results.delete(`${job.jobId}-${round}`);
      result = undefined;
    }
    if (result === undefined) {
      ctx.metrics.countWin(job.jobId, round);
      // A fast job (taken from this worker's ask) had no auction: its commit deadline is 0.
      log.info(onchain.commitDeadline === 0 ? "fast_job_taken" : "auction_won", {
        price: onchain.price,
        deadline: onchain.deadline,
      });
      result = await compute(ctx, job, round);
      await ctx.store.results.put(result);
      log.info("result_computed", { outputHash: result.outputHash, traceRoot: result.traceRoot });
    }
    if (now >= onchain.deadline) {
      log.error("execution_deadline_missed", { deadline: onchain.deadline, now });
      if (!ctx.missedPhases.some((m) => m.phase === "execution" && m.jobId === job.jobId)) {
        // Counted when the chain's DeadlineMissed event is read (loop/handlers.ts).
        missPhase(
          ctx,
          {
            phase: "execution",
            jobId: job.jobId,
            cause: lastFailure(ctx, job.jobId) ?? "the result did not land before the deadline",
          },
          { counted: false },
        );
      }
      return;
    }
    // Also after a reorg dropped a mined submission: the job is Assigned again, the result kept.
    await ctx.sender.during(
      { phase: "execution", jobId: job.jobId, deadline: onchain.deadline },
      () =>
        submitResult(ctx.sdk, {
          jobId: job.jobId,
          output: result.output,
          layerHashes: result.layerHashes,
        }),
    );
    await ctx.store.results.put({ ...result, state: "submitted" });
    ctx.metrics.resultsSubmitted.inc();
    log.info("result_submitted", { outputHash: result.outputHash });
    return;
  }

  if (onchain.status === "Submitted" && now > onchain.deadline) {
    const result = ctx.store.result(job.jobId, round);
    if (result === undefined) {
      // The record is gone (a state directory restored from an older backup, say), yet the chain
      // holds what finality needs: the submitted result, read from its event and checked against
      // the job's result hash by the SDK. The collateral and the payment do not wait on the disk.
      const submitted = await getResult(ctx.sdk, { jobId: job.jobId, job: onchain });
      if (submitted === undefined) return;
      log.warn("finalize_from_chain", {
        detail: "no result record on disk; finality from the chain",
      });
      await ctx.finality.finalize(job.jobId, submitted);
      log.info("job_finalized");
      return;
    }
    await ctx.finality.finalize(job.jobId, result);
    await ctx.store.results.put({ ...result, state: "finalized" });
    log.info("job_finalized");
  }
}

/** Withdraws what the market credited this worker (payments) and what the dispute game did (bonds). */
export async function claimEarnings(ctx: WorkerContext): Promise<void> {
  const owed = await claimable(ctx.sdk, { account: ctx.address });
  if (owed > 0n) {
    const { hash, amount } = await claim(ctx.sdk);
    await recordClaim(ctx, amount, hash);
    ctx.log.info("payments_claimed", { amount: owed });
  }
}
