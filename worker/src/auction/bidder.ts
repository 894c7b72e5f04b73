/**
 * The sealed-bid auction, seen from one job at a time. Each call decides from
 * the chain's current state and the bid record on disk, so it can be called
 * again at any time, after any crash:
 *
 *   no record  -> fetch and keep a URI input; price the job; write the salt durably; commitBid
 *   salted     -> committed on chain? then `committed`; else commit (window open) or give up
 *   committed  -> our commitment gone from the chain and no BidRevealed of ours: a reorg
 *                 dropped the commit, back to `salted` (a zero commitment is never read as
 *                 "revealed"); in the reveal phase: revealBid;
 *                 reveal phase missed -> forfeit our own commitment (see forfeitOwnCommitment)
 *   revealed   -> our commitment back on chain during the reveal phase (a reorg dropped the
 *                 reveal): back to `committed`; after the reveal phase, settle when leading
 *
 * commitBid locks the job's collateral (fixed at post) from free stake at once,
 * so the chain's free stake already excludes every mined commitment; only
 * bids salted but not yet mined are reserved here.
 */
import {
  commitBid,
  computeBidCommitment,
  forfeitUnrevealedBid,
  getBidCommitment,
  getStake,
  type Job,
  revealBid,
  settleAuction,
  VerityContractError,
  walk,
} from "@verity/sdk";
import { jobMarketAbi } from "@verity/sdk/abis";
import { type Hex, zeroHash } from "viem";
import { describeError } from "../errors.js";
import { jobInput } from "../inference/input.js";
import type { WorkerContext } from "../loop/context.js";
import { lastFailure, missPhase } from "../loop/missed.js";
import type { BidRecord, JobRecord } from "../store/records.js";
import { bidFloor, quote } from "./pricing.js";
import { randomSalt } from "./salt.js";

function same(a: Hex, b: Hex): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Collateral that commits salted but not yet mined will lock: it must stay free. A mined commit
 * is locked on chain already (and unlocked there when it loses), so it is not counted twice.
 */
export function reservedCollateral(bids: readonly BidRecord[]): bigint {
  let total = 0n;
  for (const bid of bids) if (bid.state === "salted") total += bid.collateral ?? 0n;
  return total;
}

function revertName(error: unknown): string | undefined {
  const found = walk(error, (e) => e instanceof VerityContractError);
  return found instanceof VerityContractError ? found.errorName : undefined;
}

/**
 * A commitment of ours that can no longer be revealed keeps the job's whole collateral locked
 * until someone forfeits it; the requester will, for its share. Forfeiting it ourselves costs the
 * same slash and frees the rest of the stake at once. Returns what became of the bid.
 */
export async function forfeitOwnCommitment(
  ctx: WorkerContext,
  bid: BidRecord,
): Promise<"forfeited" | "revealed" | "not_yet"> {
  const log = ctx.log.child({ jobId: bid.jobId, round: bid.round });
  try {
    await forfeitUnrevealedBid(ctx.sdk, { jobId: bid.jobId, round: bid.round });
  } catch (error) {
    const name = revertName(error);
    // No commitment: it was revealed (a crash hid the reveal from the record) or forfeited by someone else.
    if (name === "MarketNoCommitment") {
      await ctx.store.bids.put({
        ...bid,
        state: bid.state === "salted" ? "abandoned" : "revealed",
      });
      return "revealed";
    }
    if (name === "MarketRevealStillOpen") return "not_yet";
    throw error;
  }
  await ctx.store.bids.put({ ...bid, state: "forfeited" });
  ctx.metrics.bidsForfeited.inc();
  log.error("bid_forfeited", {
    detail:
      "our commitment was never revealed: the liveness share of its collateral went to the requester",
    collateral: bid.collateral,
  });
  return "forfeited";
}

/** Whether the chain holds a BidRevealed of ours for this round (a zero commitment is ambiguous). */
async function revealedOnChain(
  ctx: WorkerContext,
  job: JobRecord,
  round: number,
): Promise<boolean> {
  const logs = await ctx.client.getContractEvents({
    address: ctx.sdk.deployment.jobMarket,
    abi: jobMarketAbi,
    eventName: "BidRevealed",
    args: { jobId: job.jobId, bidder: ctx.address },
    fromBlock: job.postedBlock,
    toBlock: "latest",
  });
  return logs.some((l) => l.args.round === round);
}

/** Seconds from settlement to a mined result, for this model, with the jobs already queued. */
export function estimatedExecutionSeconds(ctx: WorkerContext, modelId: bigint): number {
  const runner = ctx.runners.get(modelId);
  const p99 = runner?.latency.quantile(0.99, 1) ?? 1;
  let queued = 0;
  for (const r of ctx.store.results.values()) {
    if (r.state === "computed" && !ctx.store.jobs.get(r.jobId.toString())?.done) queued++;
  }
  return p99 * (queued + 1) + ctx.clock.blockTime * 3 + ctx.config.execution.safetySeconds;
}

async function decide(ctx: WorkerContext, job: JobRecord, onchain: Job) {
  const model = ctx.models.get(job.modelId);
  if (model === undefined) return { bid: false as const, reason: "model_not_held" };
  try {
    // A URI input is fetched now (streamed, cut at the model's width) and kept on disk before
    // the salt: after winning, the worker never depends on the requester serving it again.
    const input = await jobInput(job, { maxBytes: model.inputWidth, store: ctx.store });
    if (input.length !== model.inputWidth)
      return { bid: false as const, reason: "bad_input_length" };
  } catch (error) {
    return { bid: false as const, reason: `input_unavailable: ${describeError(error).message}` };
  }
  const [{ eligible, free }, { minBidBps }] = await Promise.all([
    getStake(ctx.sdk, { provider: ctx.address }),
    ctx.parameters(),
  ]);
  if (!eligible) return { bid: false as const, reason: "not_eligible" };
  // A bid left without its job by a rollback reserves nothing until its post comes back.
  const reserved = reservedCollateral(
    ctx.store.bids.values().filter((b) => ctx.store.jobs.get(b.jobId.toString()) !== undefined),
  );
  return quote(ctx.config.pricing, {
    computeUnits: model.computeUnits,
    maxPrice: onchain.maxPrice,
    executionWindow: onchain.executionWindow,
    estimatedExecutionSeconds: estimatedExecutionSeconds(ctx, job.modelId),
    availableStake: free > reserved ? free - reserved : 0n,
    collateral: onchain.collateral,
    minBidBps,
  });
}

/**
 * Why a commitment inherited from the job this id named before a reorg must not be revealed for
 * the job it names now, or undefined when it may: the reveal would revert (a price above this
 * job's maximum), or it could win a job the worker cannot run (a liveness slash larger than the
 * forfeit, and the requester's job stalled). Unrevealed, it is forfeited. A price under this
 * job's floor is revealed whatever else: it loses at once and its collateral comes back.
 */
async function inheritedRevealRefusal(
  ctx: WorkerContext,
  job: JobRecord,
  onchain: Job,
  bid: BidRecord,
): Promise<string | undefined> {
  if (bid.price > onchain.maxPrice) return "price_above_max";
  const { minBidBps } = await ctx.parameters();
  if (bid.price < bidFloor(onchain.maxPrice, minBidBps)) return undefined;
  const model = ctx.models.get(job.modelId);
  if (model === undefined) return "model_not_held";
  try {
    const input = await jobInput(job, { maxBytes: model.inputWidth, store: ctx.store });
    if (input.length !== model.inputWidth) return "bad_input_length";
  } catch (error) {
    return `input_unavailable: ${describeError(error).message}`;
  }
  return undefined;
}

async function putBid(
  ctx: WorkerContext,
  bid: BidRecord,
  state: BidRecord["state"],
): Promise<void> {
  await ctx.store.bids.put({ ...bid, state });
}

export async function reconcileBidding(
  ctx: WorkerContext,
  job: JobRecord,
  onchain: Job,
): Promise<void> {
  if (onchain.status !== "Bidding") return;
  const { now } = ctx.clock;
  const round = onchain.round;
  const key = `${job.jobId}-${round}`;
  const log = ctx.log.child({ jobId: job.jobId, round });
  const commitOpen = now + ctx.config.bidding.commitMarginSeconds < onchain.commitDeadline;
  let bid = ctx.store.bid(job.jobId, round);
  // Priced for the job this id named before a reorg re-ordered the posts (loop/handlers.ts keeps
  // such a bid): its commitment may bid on this job now, at a price chosen for the other one.
  let inherited = bid?.inputHash !== undefined && bid.inputHash !== job.inputHash;
  if (bid !== undefined && inherited) {
    const current = await getBidCommitment(ctx.sdk, { jobId: job.jobId, bidder: ctx.address });
    if (same(current, zeroHash) && !(await revealedOnChain(ctx, job, round))) {
      // Nothing of it reached this job (a reset, or a reorg that dropped our commit too): this job
      // is bid on afresh. Should the old commit still be mined later from a node's pool, the new
      // bid finds another commitment of ours and gives up (bid_commitment_unknown), which the
      // round's end forfeits: the price of a commit surviving in a pool past its job's reorg.
      await ctx.store.bids.delete(key);
      log.info("bid_inherited_dropped", { detail: "the chain holds no commitment of this bid" });
      bid = undefined;
      inherited = false;
    }
  }

  if (bid === undefined) {
    if (!ctx.config.bidding.enabled || ctx.skipped.has(key)) return;
    if (!commitOpen) {
      // Seen (or decided) too late to bid at all: said once, with why.
      ctx.skipped.add(key);
      missPhase(ctx, {
        phase: "commit",
        jobId: job.jobId,
        cause:
          lastFailure(ctx, job.jobId) ??
          `the job was read after its commit window (deadline ${onchain.commitDeadline}, chain time ${now})`,
      });
      return;
    }
    const decision = await decide(ctx, job, onchain);
    if (!decision.bid) {
      ctx.skipped.add(key);
      ctx.metrics.bidsSkipped.inc({ reason: decision.reason.split(":")[0] ?? decision.reason });
      log.info("bid_skipped", { reason: decision.reason, maxPrice: onchain.maxPrice });
      return;
    }
    const salt = randomSalt();
    bid = {
      jobId: job.jobId,
      round,
      price: decision.price,
      salt,
      commitment: computeBidCommitment({
        jobId: job.jobId,
        round,
        bidder: ctx.address,
        price: decision.price,
        salt,
      }),
      collateral: decision.collateral,
      inputHash: job.inputHash,
      state: "salted",
      createdAt: Date.now(),
    };
    // The salt is on disk (fsync + rename) before the commitment can reach the chain.
    await ctx.store.bids.put(bid);
    log.info("bid_priced", {
      price: decision.price,
      cost: decision.cost,
      collateral: decision.collateral,
    });
  }

  if (bid.state === "salted") {
    const current = await getBidCommitment(ctx.sdk, { jobId: job.jobId, bidder: ctx.address });
    if (same(current, bid.commitment)) {
      await putBid(ctx, bid, "committed");
      return;
    }
    if (!same(current, zeroHash)) {
      log.error("bid_commitment_unknown", { onchain: current });
      await putBid(ctx, bid, "abandoned");
      return;
    }
    if (!commitOpen || inherited) {
      // A bid priced for the job this id named before a reorg is never committed for the job it
      // names now: only a commit already sent may still land (and is then revealed or forfeited).
      if (commitOpen) return;
      // A zero commitment after the commit phase is either a reveal or a commit that never landed.
      if (await revealedOnChain(ctx, job, round)) {
        await putBid(ctx, bid, "revealed");
        return;
      }
      missPhase(ctx, {
        phase: "commit",
        jobId: job.jobId,
        cause:
          lastFailure(ctx, job.jobId) ?? "the commit did not land before the commit window closed",
      });
      log.warn("bid_commit_too_late", { commitDeadline: onchain.commitDeadline, now });
      await putBid(ctx, bid, "abandoned");
      return;
    }
    await ctx.sender.during(
      { phase: "commit", jobId: job.jobId, deadline: onchain.commitDeadline },
      () => commitBid(ctx.sdk, { jobId: job.jobId, commitment: bid.commitment }),
    );
    await putBid(ctx, bid, "committed");
    ctx.metrics.bidsCommitted.inc();
    log.info("bid_committed", { price: bid.price });
    return;
  }

  if (bid.state === "committed") {
    // Read every tick, never inferred: a reorg can drop a commit that was seen mined.
    const current = await getBidCommitment(ctx.sdk, { jobId: job.jobId, bidder: ctx.address });
    if (same(current, zeroHash)) {
      // Nothing can be revealed before the commit deadline: zero there means "not committed".
      const revealed = now > onchain.commitDeadline && (await revealedOnChain(ctx, job, round));
      if (revealed) {
        await putBid(ctx, bid, "revealed");
        log.info("bid_already_revealed");
        return;
      }
      if (!commitOpen) {
        // Too late to commit again, so nothing is gained by giving the bid up on this read: it may
        // come from a node behind our commit (a replica). It stays committed and is read again at
        // the next tick; if the commitment is really gone, the round's end settles the record
        // (closeStaleBids: MarketNoCommitment).
        log.warn("bid_commitment_not_seen", { commitDeadline: onchain.commitDeadline, now });
        return;
      }
      log.warn("bid_commit_dropped", {
        detail: "the chain no longer holds our commitment (reorg); committing again",
        commitOpen,
      });
      // `salted` commits again while the window is open, else records the missed commit.
      await putBid(ctx, bid, "salted");
      return reconcileBidding(ctx, job, onchain);
    }
    // The next block is the earliest a reveal can land in: it must come after the commit deadline.
    if (now <= onchain.commitDeadline) return;
    if (inherited) {
      const refusal = await inheritedRevealRefusal(ctx, job, onchain, bid);
      if (refusal !== undefined) {
        log.error("bid_inherited_unrevealable", {
          reason: refusal,
          price: bid.price,
          detail:
            "a reorg gave this id to another job after our commit for the old one; the commitment will be forfeited to free the rest of its collateral",
        });
        await putBid(ctx, bid, "unrevealed");
        return;
      }
    }
    if (now >= onchain.revealDeadline) {
      log.error("bid_reveal_missed", {
        revealDeadline: onchain.revealDeadline,
        now,
        detail: "the commitment will be forfeited to free the rest of its collateral",
      });
      missPhase(ctx, {
        phase: "reveal",
        jobId: job.jobId,
        cause: lastFailure(ctx, job.jobId) ?? "the reveal did not land before the reveal deadline",
      });
      await putBid(ctx, bid, "unrevealed");
      return;
    }
    await ctx.sender.during(
      { phase: "reveal", jobId: job.jobId, deadline: onchain.revealDeadline },
      () => revealBid(ctx.sdk, { jobId: job.jobId, price: bid.price, salt: bid.salt }),
    );
    await putBid(ctx, bid, "revealed");
    ctx.metrics.bidsRevealed.inc();
    log.info("bid_revealed", { price: bid.price });
    return;
  }

  if (bid.state === "revealed" && now < onchain.revealDeadline) {
    // A reorg can drop a mined reveal: the commitment is then back on chain, to reveal again.
    const current = await getBidCommitment(ctx.sdk, { jobId: job.jobId, bidder: ctx.address });
    if (same(current, bid.commitment)) {
      log.warn("bid_reveal_dropped", { detail: "the chain holds our commitment again (reorg)" });
      await putBid(ctx, bid, "committed");
      return reconcileBidding(ctx, job, onchain);
    }
    return;
  }

  if (bid.state === "unrevealed") {
    // Forfeitable once the reveal deadline is behind the chain's clock.
    if (now > onchain.revealDeadline) await forfeitOwnCommitment(ctx, bid);
    return;
  }

  if (
    bid.state === "revealed" &&
    now > onchain.revealDeadline &&
    onchain.provider !== undefined &&
    same(onchain.provider, ctx.address)
  ) {
    // Anyone may settle; the leader has the reason to.
    await settleAuction(ctx.sdk, { jobId: job.jobId });
    ctx.metrics.auctionsSettled.inc();
    log.info("auction_settled");
  }
}
