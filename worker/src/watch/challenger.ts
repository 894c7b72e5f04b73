/**
 * The challenger's moves in a dispute it opened: challenge (after approving
 * the bond), then, once the provider revealed the disputed layer, prove the
 * first wrong element (`proveNeuron` on a dense layer, `proveConv`, `provePool` or `proveAdd` on
 * a spatial one); `timeout` when the provider does
 * not answer in time. Every step re-reads the dispute first.
 */

import { elementWitness } from "@verity/model/element-witness";
import { firstWrongElement as firstWrongElementOf } from "@verity/model/fault";
import { layerOutputSize } from "@verity/model/shapes";
import {
  challenge,
  closeStaleDispute,
  getDispute,
  getJob,
  getRewardPot,
  layerProofFromWitness,
  proveElement,
  proveNeuron,
  timeoutDispute,
} from "@verity/sdk";
import { disputeGameAbi } from "@verity/sdk/abis";
import { encodePacked, erc20Abi, type Hex, keccak256 } from "viem";
import { claimBonds } from "../dispute/defender.js";
import { hexToInt8 } from "../inference/input.js";
import type { WorkerContext } from "../loop/context.js";
import type { ChallengeRecord } from "../store/records.js";

/** Whether the worker holds the bond; the SDK's `challenge` approves the game for it. */
async function canAffordBond(ctx: WorkerContext, bond: bigint): Promise<boolean> {
  const balance = await ctx.client.readContract({
    address: ctx.sdk.deployment.token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [ctx.address],
  });
  if (balance < bond) {
    ctx.log.error("watch_bond_unaffordable", { balance, bond });
    return false;
  }
  return true;
}

async function open(ctx: WorkerContext, record: ChallengeRecord, game: Hex): Promise<void> {
  const log = ctx.log.child({ jobId: record.jobId, layer: record.layer });
  const job = await getJob(ctx.sdk, { jobId: record.jobId });
  // Disputes run side by side: another challenger's dispute (perhaps the provider's own sybil,
  // which may lose on purpose) is no reason to wait. But one of ours may already be open if we
  // crashed between sending the challenge and recording it: never post a second bond.
  if (job.status === "Disputed" && (await linkOurOpenDispute(ctx, record, game))) return;
  const resultHash = keccak256(
    encodePacked(["bytes32", "bytes32"], [record.outputHash, record.traceRoot]),
  );
  if (
    (job.status !== "Submitted" && job.status !== "Disputed") ||
    resultHash.toLowerCase() !== job.resultHash.toLowerCase()
  ) {
    await ctx.store.challenges.put({ ...record, state: "abandoned" });
    log.info("watch_challenge_abandoned", { status: job.status });
    return;
  }
  if (ctx.clock.now >= job.deadline) {
    await ctx.store.challenges.put({ ...record, state: "abandoned" });
    log.warn("watch_challenge_window_closed", { deadline: job.deadline });
    return;
  }
  const params = await ctx.parameters();
  if (!(await canAffordBond(ctx, params.challengerBond))) return;
  const { disputeId } = await challenge(ctx.sdk, {
    jobId: record.jobId,
    layer: record.layer,
    outputHash: record.outputHash,
    traceRoot: record.traceRoot,
    hPrev: record.hPrev,
    proofPrev: record.proofPrev,
    hDisputed: record.hDisputed,
    proofDisputed: record.proofDisputed,
    // One approval for every future bond.
    approve: "max",
  });
  await ctx.store.challenges.put({ ...record, disputeId, round: job.round, state: "opened" });
  ctx.metrics.disputes.inc({ role: "challenger", outcome: "opened" });
  log.info("watch_challenge_opened", { disputeId });
}

async function revealedActivation(
  ctx: WorkerContext,
  record: ChallengeRecord,
  game: Hex,
): Promise<Hex | undefined> {
  if (record.revealed !== undefined) return record.revealed;
  // The move deadline will not wait for confirmations: read the provider's answer directly.
  const logs = await ctx.client.getContractEvents({
    address: game,
    abi: disputeGameAbi,
    eventName: "DisputeResponded",
    args: { disputeId: record.disputeId as bigint },
    fromBlock: BigInt(ctx.sdk.deployment.startBlock),
  });
  return logs[0]?.args.activation;
}

/** Finds a dispute we opened on this job and records it; false when there is none. */
async function linkOurOpenDispute(
  ctx: WorkerContext,
  record: ChallengeRecord,
  game: Hex,
): Promise<boolean> {
  const logs = await ctx.client.getContractEvents({
    address: game,
    abi: disputeGameAbi,
    eventName: "DisputeOpened",
    args: { jobId: record.jobId },
    fromBlock: BigInt(ctx.sdk.deployment.startBlock),
  });
  const ours = logs.find((l) => l.args.challenger?.toLowerCase() === ctx.address.toLowerCase());
  if (ours?.args.disputeId === undefined) return false;
  await ctx.store.challenges.put({ ...record, disputeId: ours.args.disputeId, state: "opened" });
  return true;
}

/** The first element of the revealed `a_l` that the agreed input(s) and the weights do not give. */
export function firstWrongElement(
  ctx: WorkerContext,
  modelId: bigint,
  record: ChallengeRecord,
  revealed: Hex,
): number | undefined {
  const model = ctx.models.get(modelId);
  const layer = model?.integer.layers[record.layer - 1];
  if (layer === undefined) return undefined;
  const claimed = hexToInt8(revealed);
  // The contract rejects a vector of the wrong length outright: any element proves it.
  if (claimed.length !== layerOutputSize(layer)) return 0;
  const agreed = hexToInt8(record.agreedActivation);
  const skip = record.skipActivation === undefined ? undefined : hexToInt8(record.skipActivation);
  return firstWrongElementOf(layer, agreed, claimed, skip);
}

async function prove(
  ctx: WorkerContext,
  record: ChallengeRecord,
  game: Hex,
  modelId: bigint,
): Promise<void> {
  const log = ctx.log.child({ jobId: record.jobId, disputeId: record.disputeId });
  const revealed = await revealedActivation(ctx, record, game);
  if (revealed === undefined) return;
  const element = firstWrongElement(ctx, modelId, record, revealed);
  const model = ctx.models.get(modelId);
  if (element === undefined || model === undefined) {
    log.error("watch_no_wrong_neuron");
    return;
  }
  const w = elementWitness(model.integer, record.layer, element);
  const move = {
    disputeId: record.disputeId as bigint,
    prevActivation: record.agreedActivation,
    disputedActivation: revealed,
  };
  if (w.kind === "dense") {
    await proveNeuron(ctx.sdk, { ...move, neuron: element, proof: layerProofFromWitness(w) });
  } else if (w.kind === "add") {
    if (record.skipActivation === undefined || record.skipProof === undefined) {
      log.error("watch_no_skip_activation", { layer: record.layer });
      return;
    }
    await proveElement(ctx.sdk, {
      ...move,
      element,
      proof: {
        ...w,
        skipActivation: record.skipActivation,
        outputHash: record.outputHash,
        traceRoot: record.traceRoot,
        skipProof: record.skipProof,
      },
    });
  } else {
    await proveElement(ctx.sdk, { ...move, element, proof: w });
  }
  await ctx.store.challenges.put({ ...record, revealed, state: "proved" });
  // Dense layers keep the event's first name (operators' alerts use it); spatial ones name the kind.
  if (w.kind === "dense") log.info("watch_neuron_proved", { neuron: element });
  else log.info("watch_element_proved", { element, kind: w.kind });
}

export async function reconcileChallenge(
  ctx: WorkerContext,
  record: ChallengeRecord,
  modelId: bigint,
): Promise<void> {
  const game = ctx.sdk.deployment.disputeGame;
  if (game === undefined) return;
  if (record.state === "prepared") return open(ctx, record, game);
  if (record.disputeId === undefined) return;
  const dispute = await getDispute(ctx.sdk, { disputeId: record.disputeId });
  if (dispute.phase === "ProviderWon" || dispute.phase === "ChallengerWon") {
    const outcome = dispute.phase === "ChallengerWon" ? "won" : "lost";
    await ctx.store.challenges.put({ ...record, state: "resolved", outcome });
    ctx.metrics.disputes.inc({ role: "challenger", outcome });
    ctx.log.info("watch_dispute_resolved", {
      jobId: record.jobId,
      disputeId: record.disputeId,
      outcome,
    });
    // A won dispute credited the bond and the first share of the pot: withdraw them now.
    if (outcome === "won") await claimBonds(ctx);
    return;
  }
  // Another dispute convicted the round (perhaps the provider's own sybil, racing ours): ours is
  // stale. Closing it at once credits the bond and our share of the pot; nothing is left to play.
  const round = record.round ?? (await getDispute(ctx.sdk, { disputeId: record.disputeId })).round;
  const pot = await getRewardPot(ctx.sdk, { jobId: record.jobId, round });
  if (pot.convicted) {
    await closeStaleDispute(ctx.sdk, { disputeId: record.disputeId });
    await ctx.store.challenges.put({ ...record, round, state: "resolved", outcome: "stale" });
    ctx.metrics.disputes.inc({ role: "challenger", outcome: "stale" });
    ctx.log.info("watch_stale_dispute_closed", {
      jobId: record.jobId,
      disputeId: record.disputeId,
      potLeft: pot.remaining,
      sharesLeft: pot.sharesLeft,
    });
    await claimBonds(ctx);
    return;
  }
  if (dispute.phase === "AwaitingResponse" && ctx.clock.now > dispute.deadline) {
    await timeoutDispute(ctx.sdk, { disputeId: record.disputeId });
    ctx.log.info("watch_provider_timed_out", { disputeId: record.disputeId });
    return;
  }
  if (dispute.phase === "AwaitingProof" && ctx.clock.now < dispute.deadline) {
    await prove(ctx, record, game, modelId);
  }
}
