/**
 * Watch mode: re-runs other providers' results on the models this worker
 * holds, with onnxruntime and with the TypeScript reference executor (a
 * challenge is only worth its bond when both agree), and prepares a challenge
 * when the result is wrong and challenging pays.
 */

import { activationHash, traceCommitment } from "@verity/model/commitments";
import { execute } from "@verity/model/executor";
import { getOpenDisputes, type Job } from "@verity/sdk";
import { encodePacked, type Hex, isAddressEqual, keccak256 } from "viem";
import { describeError } from "../errors.js";
import { jobInput } from "../inference/input.js";
import { buildTrace, traceProof } from "../inference/trace.js";
import type { WorkerContext } from "../loop/context.js";
import type { JobRecord, ObservedResult } from "../store/records.js";
import { challengeEconomics } from "./economics.js";
import { planChallenge } from "./layer.js";

function sameVectors(a: readonly Int8Array[], b: readonly Int8Array[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) =>
      Buffer.from(x.buffer, x.byteOffset, x.length).equals(
        Buffer.from(
          (b[i] as Int8Array).buffer,
          (b[i] as Int8Array).byteOffset,
          (b[i] as Int8Array).length,
        ),
      ),
    )
  );
}

function isCurrent(observed: ObservedResult, onchain: Job): boolean {
  const resultHash = keccak256(
    encodePacked(["bytes32", "bytes32"], [observed.outputHash, observed.traceRoot]),
  );
  return resultHash.toLowerCase() === onchain.resultHash.toLowerCase();
}

export async function reconcileWatch(
  ctx: WorkerContext,
  job: JobRecord,
  onchain: Job,
): Promise<void> {
  const observed = job.observed;
  if (
    !ctx.config.watch.enabled ||
    ctx.sdk.deployment.disputeGame === undefined ||
    observed === undefined
  )
    return;
  // A job already disputed by someone else is worth checking too: every dispute open at the
  // conviction shares the reward pot, so an honest dispute next to a sybil's still pays.
  if (
    (onchain.status !== "Submitted" && onchain.status !== "Disputed") ||
    isAddressEqual(observed.provider, ctx.address)
  )
    return;
  if (observed.verdict !== undefined || !isCurrent(observed, onchain)) return;
  const model = ctx.models.get(job.modelId);
  const runner = ctx.runners.get(job.modelId);
  if (model === undefined || runner === undefined) return;
  const log = ctx.log.child({ jobId: job.jobId, provider: observed.provider });

  let activations: Int8Array[];
  try {
    const input = await jobInput(job, { maxBytes: model.inputWidth, store: ctx.store });
    activations = await runner.run(input);
    // A challenge stakes a bond on this trace: onnxruntime and the reference must agree on it.
    if (!sameVectors(activations, execute(model.integer, input))) {
      log.error("watch_runtime_disagrees_with_reference");
      await ctx.store.jobs.put({ ...job, observed: { ...observed, verdict: "unverifiable" } });
      return;
    }
  } catch (error) {
    log.warn("watch_cannot_rerun", { error: describeError(error) });
    await ctx.store.jobs.put({ ...job, observed: { ...observed, verdict: "unverifiable" } });
    return;
  }
  const trace = buildTrace(activations);
  const valid =
    trace.outputHash.toLowerCase() === observed.outputHash.toLowerCase() &&
    trace.traceRoot.toLowerCase() === observed.traceRoot.toLowerCase();
  await ctx.store.jobs.put({
    ...job,
    observed: { ...observed, verdict: valid ? "valid" : "invalid" },
  });
  ctx.metrics.resultsVerified.inc({ verdict: valid ? "valid" : "invalid" });
  if (valid) {
    log.info("watch_result_valid");
    return;
  }
  log.warn("watch_result_invalid", {
    outputHash: observed.outputHash,
    expectedOutputHash: trace.outputHash,
    traceRoot: observed.traceRoot,
    expectedTraceRoot: trace.traceRoot,
  });

  if (ctx.store.challenges.get(job.jobId.toString()) !== undefined) return;
  const hashes = activations.map(activationHash);
  const outcome = planChallenge(
    hashes,
    traceCommitment(activations),
    observed,
    observed.layerHashes,
  );
  if (outcome.plan === undefined) {
    ctx.metrics.disputes.inc({ role: "challenger", outcome: "not_challengeable" });
    log.error("watch_cannot_challenge", { reason: outcome.reason });
    return;
  }
  const [params, openDisputes] = await Promise.all([
    ctx.parameters(),
    getOpenDisputes(ctx.sdk, { jobId: job.jobId }),
  ]);
  const economics = challengeEconomics({
    collateral: onchain.collateral,
    fraudSlashBps: params.fraudSlashBps,
    challengerShareBps: params.challengerShareBps,
    openDisputes,
    bond: params.challengerBond,
    lossProbability: ctx.config.watch.lossProbability,
    gasCostTokens: ctx.config.watch.gasCostTokens,
  });
  if (!economics.worthIt) {
    ctx.metrics.disputes.inc({ role: "challenger", outcome: "not_worth_it" });
    log.info("watch_challenge_not_worth_it", {
      reward: economics.reward,
      pot: economics.pot,
      openDisputes,
      cost: economics.cost,
    });
    return;
  }
  const { plan } = outcome;
  // A residual add also reads an earlier activation, proven against the provider's trace root:
  // its hidden hashes are ours where the roots agree, else the ones it published.
  const disputedLayer = model.integer.layers[plan.layer - 1];
  const skip =
    disputedLayer?.kind === "add"
      ? {
          skipActivation: trace.activations[disputedLayer.skip] as Hex,
          skipProof: traceProof(
            [
              hashes[0] as Hex,
              ...(observed.layerHashes ?? hashes.slice(1, -1)),
              observed.outputHash,
            ],
            disputedLayer.skip,
          ),
        }
      : {};
  await ctx.store.challenges.put({
    ...skip,
    jobId: job.jobId,
    provider: observed.provider,
    outputHash: observed.outputHash,
    traceRoot: observed.traceRoot,
    layer: plan.layer,
    hPrev: plan.hPrev,
    hDisputed: plan.hDisputed,
    proofPrev: plan.proofPrev,
    proofDisputed: plan.proofDisputed,
    agreedActivation: trace.activations[plan.layer - 1] as Hex,
    round: onchain.round,
    state: "prepared",
    createdAt: Date.now(),
  });
  log.info("watch_challenge_prepared", {
    layer: plan.layer,
    reward: economics.reward,
    cost: economics.cost,
  });
}
