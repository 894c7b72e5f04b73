import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import { isVerityContractError, type VerityContractErrorType } from "../../errors/contract.js";
import { finalizeJob } from "./finalizeJob.js";
import { getJob, type Job } from "./getJob.js";
import { getResult, type JobResult } from "./getResult.js";
import { failedStatuses, type JobStatusName } from "./jobStatus.js";

export type WaitForResultParameters = {
  jobId: bigint;
  /**
   * "final" (default) waits until the job is Finalized and paid; "provisional"
   * returns as soon as a result is Submitted, while it can still be challenged.
   */
  until?: "provisional" | "final" | undefined;
  /** Milliseconds between polls; default 1000. */
  pollingInterval?: number | undefined;
  /** Give up after this many milliseconds (WaitForResultTimeoutError); default never. */
  timeout?: number | undefined;
  /** Finalize the job yourself once its challenge window has passed (needs a wallet); default false. */
  finalize?: boolean | undefined;
  /** Called with the job each time its status changes (and once at the start). */
  onStatusChange?: ((job: Job) => void) | undefined;
  signal?: AbortSignal | undefined;
};

export type WaitForResultReturnType = JobResult & {
  /** True when the job is Finalized; false for a provisional (still challengeable) result. */
  final: boolean;
  status: "Submitted" | "Finalized";
  /** The winning bid paid for the job. */
  price: bigint;
  job: Job;
};

export type WaitForResultErrorType =
  | JobFailedErrorType
  | WaitForResultTimeoutErrorType
  | VerityContractErrorType;

export type JobFailedErrorType = JobFailedError & { name: "JobFailedError" };
/** The job ended without a result (the escrow was credited back to the requester). */
export class JobFailedError extends BaseError {
  override name = "JobFailedError" as const;
  readonly jobId: bigint;
  readonly status: JobStatusName;
  readonly job: Job;
  constructor(job: Job) {
    super(`Job ${job.id} ended ${job.status}: ${failureReason(job)}.`, {
      metaMessages: [
        "The escrowed maximum price was credited back to the requester: withdraw it with `claim`.",
      ],
    });
    this.jobId = job.id;
    this.status = job.status;
    this.job = job;
  }
}

export type WaitForResultTimeoutErrorType = WaitForResultTimeoutError & {
  name: "WaitForResultTimeoutError";
};
export class WaitForResultTimeoutError extends BaseError {
  override name = "WaitForResultTimeoutError" as const;
  readonly job: Job | undefined;
  constructor(jobId: bigint, timeout: number, job: Job | undefined) {
    super(
      `Timed out after ${timeout} ms waiting for job ${jobId} (status ${job?.status ?? "unknown"}).`,
    );
    this.job = job;
  }
}

function failureReason(job: Job): string {
  if (job.status === "Cancelled") return "cancelled by its requester";
  if (job.status === "Rejected") return "its result was proven wrong in a dispute";
  if (job.provider === undefined) return "the auction had no valid bid";
  if (/^0x0+$/.test(job.resultHash)) return "the provider missed the execution deadline";
  return "no result stood";
}

/**
 * Waits for a job's result through its states: Bidding and Assigned, then a
 * provisional result (Submitted, challengeable until its deadline), then final
 * (Finalized). Throws JobFailedError when the job ends Expired, Rejected or
 * Cancelled. Returns the output bytes from the ResultSubmitted event.
 */
export async function waitForResult(
  client: VerityCoreClient,
  parameters: WaitForResultParameters,
): Promise<WaitForResultReturnType> {
  const {
    jobId,
    until = "final",
    pollingInterval = 1000,
    timeout,
    onStatusChange,
    signal,
  } = parameters;
  const startedAt = Date.now();
  let last: Job | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const job = await getJob(client, { jobId });
    if (job.status !== last?.status) onStatusChange?.(job);
    last = job;

    if (failedStatuses.includes(job.status)) throw new JobFailedError(job);
    if (job.status === "Finalized" || (job.status === "Submitted" && until === "provisional")) {
      const result = await getResult(client, { jobId, job });
      if (result !== undefined) {
        return {
          ...result,
          final: job.status === "Finalized",
          status: job.status,
          price: job.price,
          job,
        };
      }
    }
    if (job.status === "Submitted" && parameters.finalize && client.walletClient?.account) {
      await finalizeWhenDue(client, job);
    }

    if (timeout !== undefined && Date.now() - startedAt > timeout) {
      throw new WaitForResultTimeoutError(jobId, timeout, last);
    }
    await sleep(pollingInterval, signal);
  }
}

async function finalizeWhenDue(client: VerityCoreClient, job: Job): Promise<void> {
  const block = await client.publicClient.getBlock({ blockTag: "latest" });
  if (block.timestamp <= BigInt(job.deadline)) return;
  try {
    await finalizeJob(client, { jobId: job.id });
  } catch (error) {
    // Someone (usually the provider) finalized first, or a dispute just opened: poll on.
    if (isVerityContractError(error, "MarketWrongStatus")) return;
    if (isVerityContractError(error, "MarketDeadlineNotPassed")) return;
    throw error;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
