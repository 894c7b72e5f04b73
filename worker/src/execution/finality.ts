/**
 * Finality in batches: the jobs this worker finds past their challenge window in one tick are
 * finalized together at the start of the next, up to 64 per transaction through the market's
 * BatchFinalizer (a busy provider pays one transaction for many payments: about 37K gas a job
 * warm in a batch of ten, against 80K apart; docs/gas.md). A batch is all or nothing: when it
 * reverts (one job was disputed or finalized by someone else meanwhile), each of its jobs is
 * finalized apart, so one job cannot hold back the others' pay.
 */
import {
  finalizeJob,
  finalizeJobs,
  type JobResult,
  MAX_FINALIZE_BATCH,
  VerityContractError,
  walk,
} from "@verity/sdk";
import type { WorkerContext } from "../loop/context.js";

type Result = Pick<JobResult, "outputHash" | "traceRoot" | "output">;
type Waiting = {
  jobId: bigint;
  result: Result;
  resolve: () => void;
  reject: (error: unknown) => void;
};

export class FinalityBatcher {
  private waiting = new Map<bigint, Waiting>();

  constructor(private readonly ctx: Pick<WorkerContext, "sdk" | "log" | "metrics">) {}

  /** Resolves once the job's finalize (in a batch or apart) is mined; rejects with its error. */
  finalize(jobId: bigint, result: Result): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.get(jobId)?.reject(new Error(`job ${jobId}: finalize asked again`));
      this.waiting.set(jobId, { jobId, result, resolve, reject });
    });
  }

  /** How many jobs wait for the next flush. */
  get size(): number {
    return this.waiting.size;
  }

  /** Sends every waiting job's finalize: batches of up to 64, each job apart if its batch reverts. */
  async flush(): Promise<void> {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (let i = 0; i < all.length; i += MAX_FINALIZE_BATCH) {
      await this.send(all.slice(i, i + MAX_FINALIZE_BATCH));
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await finalizeJobs(this.ctx.sdk, {
          jobs: batch.map(({ jobId, result }) => ({ jobId, result })),
        });
        this.ctx.metrics.finalityBatches.inc();
        this.ctx.log.info("jobs_finalized_in_batch", {
          jobs: batch.map((w) => w.jobId),
        });
        for (const w of batch) w.resolve();
        return;
      } catch (error) {
        // A revert names a job that cannot be finalized: the others still can, apart. Anything
        // else (the RPC, the sender) fails the whole batch; the jobs ask again next tick.
        const revert = walk(error, (e) => e instanceof VerityContractError);
        if (!(revert instanceof VerityContractError)) {
          for (const w of batch) w.reject(error);
          return;
        }
        this.ctx.log.warn("finality_batch_reverted", {
          jobs: batch.map((w) => w.jobId),
          error: revert.shortMessage,
        });
      }
    }
    for (const w of batch) {
      try {
        await finalizeJob(this.ctx.sdk, { jobId: w.jobId, result: w.result });
        w.resolve();
      } catch (error) {
        w.reject(error);
      }
    }
  }
}
