import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import { isVerityContractError, type VerityContractErrorType } from "../../errors/contract.js";
import { settleAuction } from "../auction/settleAuction.js";
import { finalizeJob } from "./finalizeJob.js";
import { getJob, type Job } from "./getJob.js";
import { getResult, type JobResult } from "./getResult.js";
import { failedStatuses, type JobStatusName } from "./jobStatus.js";
import { reportMissedDeadline } from "./reportMissedDeadline.js";

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
  /**
   * Move a stalled job on yourself (needs a wallet; default true when the client has one): settle
   * an auction whose reveal window has ended (with no valid bid that expires the job and credits
   * the escrow back; with a winner nobody settled for `settleGraceSeconds`, it assigns it), and
   * report a provider past its execution deadline (the job is refunded and the provider slashed).
   * Without it, a job nobody bid on would stay Bidding: the market never acts on its own.
   */
  closeStalled?: boolean | undefined;
  /** Seconds after the reveal window a winner has to settle its own auction; default 30. */
  settleGraceSeconds?: number | undefined;
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
    const canSend = client.walletClient?.account !== undefined;
    if (job.status === "Submitted" && parameters.finalize && canSend) {
      await finalizeWhenDue(client, job);
    }
    if ((parameters.closeStalled ?? canSend) && canSend) {
      await closeIfStalled(client, job, parameters.settleGraceSeconds ?? 30);
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

/**
 * Settles an auction past its reveal window (at once when it had no valid bid, after `grace`
 * seconds when a winner has not settled it), or reports a provider past its execution deadline.
 * A race lost to someone doing the same (MarketWrongStatus) is not an error: poll on.
 */
async function closeIfStalled(client: VerityCoreClient, job: Job, grace: number): Promise<void> {
  if (job.status !== "Bidding" && job.status !== "Assigned") return;
  const now = Number((await client.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  try {
    if (job.status === "Bidding" && now > job.revealDeadline) {
      const waitFor = job.provider === undefined ? 0 : grace;
      if (now > job.revealDeadline + waitFor) await settleAuction(client, { jobId: job.id });
    } else if (job.status === "Assigned" && now > job.deadline) {
      await reportMissedDeadline(client, { jobId: job.id });
    }
  } catch (error) {
    if (isVerityContractError(error, "MarketWrongStatus")) return;
    // Mined in a block no later than the one read (a node that lags its own head): poll on.
    if (isVerityContractError(error, "MarketAuctionNotOver")) return;
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
