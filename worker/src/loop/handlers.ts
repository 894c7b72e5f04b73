/**
 * Turns confirmed protocol events into records. Idempotent: a replayed event
 * (after a crash before the cursor moved) finds its record already written.
 */
import { type Hex, isAddressEqual } from "viem";
import type { ProtocolEvent } from "../chain/events.js";
import { eventId, recordEarning, recordSlash } from "../metrics/money.js";
import type { WorkerContext } from "./context.js";

/**
 * Drops every record of a job the chain no longer holds as it was (a reorg or a reset took its
 * JobPosted, or its id now names another job): its results (unless `keepResults`), kept input and
 * skip marks, and its bids, except with `keepLiveBids` those whose commitment is or may be on
 * chain (StateStore's `forgetJob` says why).
 */
export async function forgetJob(
  ctx: Pick<WorkerContext, "store" | "skipped">,
  jobId: bigint,
  options: { keepLiveBids?: boolean; keepResults?: boolean } = {},
): Promise<void> {
  for (const skipped of [...ctx.skipped])
    if (skipped.startsWith(`${jobId}-`)) ctx.skipped.delete(skipped);
  await ctx.store.forgetJob(jobId, options);
}

export async function handleEvents(ctx: WorkerContext, events: ProtocolEvent[]): Promise<void> {
  for (const event of events) {
    switch (event.eventName) {
      case "JobPosted": {
        const { jobId, modelId, request, inputHash, input, inputUri } = event.args;
        const known = ctx.store.jobs.get(jobId.toString());
        if (known !== undefined && known.inputHash === inputHash && known.modelId === modelId)
          break; // a replayed event
        if (known !== undefined) {
          // The id named another job on a branch the chain left: its records go, but not a bid
          // whose commit a reorg may have re-mined onto this job (bidder.ts reveals or forfeits it).
          await forgetJob(ctx, jobId, { keepLiveBids: true });
          ctx.log.warn("job_replaced", { jobId, inputHash, liveBid: ctx.store.hasLiveBid(jobId) });
        }
        // A job of a model not served is recorded only to settle such a bid of ours.
        if (!ctx.models.has(modelId) && !ctx.store.hasLiveBid(jobId)) break;
        await ctx.store.jobs.put({
          jobId,
          modelId,
          inputHash,
          ...(input !== "0x" ? { input } : {}),
          ...(inputUri !== "" ? { inputUri } : {}),
          maxPrice: request.maxPrice,
          executionWindow: request.executionWindow,
          postedBlock: event.blockNumber,
        });
        ctx.metrics.jobsSeen.inc();
        ctx.log.info("job_seen", { jobId, modelId, maxPrice: request.maxPrice });
        break;
      }
      case "JobReauctioned": {
        const job = ctx.store.jobs.get(event.args.jobId.toString());
        if (job?.done) await ctx.store.jobs.put({ ...job, done: false });
        break;
      }
      case "ResultSubmitted": {
        const { jobId, provider, outputHash, traceRoot, layerHashes, output, outputUri } =
          event.args;
        const job = ctx.store.jobs.get(jobId.toString());
        if (job === undefined || isAddressEqual(provider, ctx.address) || !ctx.config.watch.enabled)
          break;
        if (job.observed?.block === event.blockNumber) break;
        await ctx.store.jobs.put({
          ...job,
          done: false,
          observed: {
            provider,
            outputHash,
            traceRoot,
            layerHashes: [...layerHashes],
            ...(output !== "0x" ? { output } : {}),
            ...(outputUri !== "" ? { outputUri } : {}),
            block: event.blockNumber,
          },
        });
        break;
      }
      case "JobFinalized": {
        const { jobId, provider, payment } = event.args;
        if (!isAddressEqual(provider, ctx.address)) break;
        ctx.metrics.jobsFinalized.inc();
        // Keyed by the job, not the log: a finalize dropped by a reorg and sent again is one payment.
        const job = ctx.store.jobs.get(jobId.toString());
        await recordEarning(ctx, payment, `finalized:${jobId}:${job?.inputHash ?? eventId(event)}`);
        ctx.log.info("payment_credited", { jobId, payment });
        break;
      }
      case "DeadlineMissed": {
        if (isAddressEqual(event.args.provider, ctx.address)) {
          ctx.metrics.missedPhases.inc({ phase: "execution" });
          ctx.metrics.missedDeadlinesInARow.set(Number(event.args.missedInARow));
          await recordSlash(ctx, "missed_deadline", event.args.slashed, eventId(event));
          ctx.log.error("slashed_for_missed_deadline", {
            jobId: event.args.jobId,
            slashed: event.args.slashed,
            missedInARow: event.args.missedInARow,
          });
        }
        break;
      }
      case "MissedDeadlinesReset": {
        if (isAddressEqual(event.args.provider, ctx.address))
          ctx.metrics.missedDeadlinesInARow.set(0);
        break;
      }
      case "BidForfeited": {
        const { jobId, round, bidder, slashed } = event.args;
        if (!isAddressEqual(bidder, ctx.address)) break;
        ctx.log.error("slashed_for_unrevealed_bid", { jobId, round, slashed });
        await recordSlash(ctx, "unrevealed_bid", slashed, eventId(event));
        const bid = ctx.store.bid(jobId, round);
        // Forfeited by someone else (the requester, say) before we did it ourselves.
        if (bid !== undefined && bid.state !== "forfeited") {
          await ctx.store.bids.put({ ...bid, state: "forfeited" });
          ctx.metrics.bidsForfeited.inc();
        }
        break;
      }
      case "ResultRejected": {
        if (isAddressEqual(event.args.provider, ctx.address)) {
          await recordSlash(ctx, "wrong_result", event.args.slashed, eventId(event));
          ctx.log.error("slashed_for_wrong_result", {
            jobId: event.args.jobId,
            slashed: event.args.slashed,
          });
        }
        break;
      }
      case "DisputeOpened": {
        const { disputeId, jobId, challenger, provider, layer, agreedHash, disputedHash } =
          event.args;
        if (
          isAddressEqual(provider, ctx.address) &&
          ctx.store.defenses.get(disputeId.toString()) === undefined
        ) {
          await ctx.store.defenses.put({
            disputeId,
            jobId,
            layer: Number(layer),
            agreedHash,
            disputedHash,
            challenger,
            state: "open",
          });
          ctx.metrics.disputes.inc({ role: "provider", outcome: "opened" });
          ctx.log.warn("dispute_opened_against_us", { disputeId, jobId, layer, challenger });
        }
        if (isAddressEqual(challenger, ctx.address)) {
          const record = ctx.store.challenges.get(jobId.toString());
          if (record !== undefined && record.disputeId === undefined) {
            await ctx.store.challenges.put({ ...record, disputeId, state: "opened" });
          }
        }
        break;
      }
      case "DisputeResponded": {
        const { disputeId, activation } = event.args;
        for (const record of ctx.store.challenges.values()) {
          if (record.disputeId === disputeId && record.revealed === undefined) {
            await ctx.store.challenges.put({ ...record, revealed: activation as Hex });
          }
        }
        break;
      }
      default:
        break;
    }
  }
}
