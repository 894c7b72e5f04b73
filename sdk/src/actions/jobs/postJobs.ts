/**
 * Many jobs at once: one approval for all of them, every post sent back to back
 * with consecutive nonces (no wait for a receipt between two posts), then every
 * receipt awaited together. A stream of jobs costs one block of latency, not one
 * block per job. A job that names a `provider` takes that provider's standing
 * ask (the fast path, as `postJobWithAsk`) and is assigned in its own post.
 */
import {
  type Address,
  erc20Abi,
  type Hash,
  type Hex,
  isAddressEqual,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import { toVerityError } from "../../errors/contract.js";
import { TransactionRevertedError } from "../../errors/wallet.js";
import { type ApproveMode, ensureAllowance } from "../internal/approve.js";
import { requireAccount } from "../internal/write.js";
import { jobsPostedIn } from "./jobsPostedIn.js";
import { InvalidJobInputError, type PostJobParameters, postJobChecks } from "./postJob.js";

/** At most this many posts in one call: one account's transactions in one node's pool. */
export const MAX_JOBS_PER_BATCH = 500;

/** A job of a batch: as `postJob` takes it, or with `provider` to take that provider's ask. */
export type BatchJob = Omit<PostJobParameters, "approve"> & {
  /**
   * Take this provider's standing ask (the fast path; inline input only): the job is assigned at
   * once at the ask's price. Spread a large batch over several asks (`pickAsk`, `getAsk`): an ask
   * takes at most its capacity of jobs not yet submitted, and a post beyond it reverts.
   */
  provider?: Address | undefined;
};

export type PostJobsParameters = {
  /** Each job as `postJob` takes it; their `approve` is ignored (one approval covers all). */
  jobs: readonly BatchJob[];
  /** Approve the job market for the sum of the jobs' `maxPrice` when needed; default true (exact). */
  approve?: ApproveMode | undefined;
};

export type PostedJob = {
  jobId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  collateral: bigint;
  commitDeadline: number;
  revealDeadline: number;
  /** A fast job (one that named a provider): whom it was assigned to, at what price, due when. */
  assigned?: { provider: Address; price: bigint; executionDeadline: number } | undefined;
};

export type PostJobsReturnType = {
  /** In the order of `jobs`. */
  posted: PostedJob[];
  /** The one approval sent first, if the allowance was short. */
  approvalHash: Hash | undefined;
};

export type PostJobsErrorType = PostJobsError & { name: "PostJobsError" };
/**
 * A post could not be sent or reverted. The jobs posted before it stand (their escrow is held
 * by the market, as any job's): `posted` lists them.
 */
export class PostJobsError extends BaseError {
  override name = "PostJobsError" as const;
  readonly posted: PostedJob[];
  readonly failedIndex: number;
  constructor(failedIndex: number, posted: PostedJob[], cause: unknown) {
    super(
      `Posting job ${failedIndex + 1} of the batch failed; ${posted.length} posted before it.`,
      {
        cause: cause as Error,
        metaMessages: [
          "The jobs in `posted` stand and are escrowed; post the rest again once the cause is fixed.",
        ],
      },
    );
    this.failedIndex = failedIndex;
    this.posted = posted;
  }
}

/**
 * Posts `jobs` in one go: checks every input first, approves the payment token once for the
 * total, checks the balance covers it, then sends the posts with consecutive nonces without
 * waiting in between, and waits for all the receipts.
 */
export async function postJobs(
  client: VerityCoreClient,
  parameters: PostJobsParameters,
): Promise<PostJobsReturnType> {
  const { jobs } = parameters;
  if (jobs.length === 0) throw new InvalidJobInputError("jobs must not be empty");
  if (jobs.length > MAX_JOBS_PER_BATCH) {
    throw new InvalidJobInputError(
      `at most ${MAX_JOBS_PER_BATCH} jobs per batch, got ${jobs.length}: split the stream`,
    );
  }
  const { wallet, account } = requireAccount(client, "postJobs");
  const widths = new Map<bigint, Promise<number | undefined>>();
  const calls = [];
  for (const [index, job] of jobs.entries()) {
    const call = await postJobChecks(client, job, widths);
    if (job.provider !== undefined && call.input === undefined)
      throw new InvalidJobInputError(`job ${index + 1}: the fast path takes an inline input only`);
    calls.push(call);
  }
  const total = calls.reduce((sum, c) => sum + c.request.maxPrice, 0n);
  const balance = await client.publicClient.readContract({
    address: client.deployment.paymentToken,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account.address],
  });
  if (balance < total) {
    throw new InvalidJobInputError(
      `the jobs escrow ${total} of the payment token in all, but ${account.address} holds ${balance}`,
    );
  }
  const approvalHash = await ensureAllowance(client, {
    token: client.deployment.paymentToken,
    spender: client.deployment.jobMarket,
    amount: total,
    mode: parameters.approve ?? true,
    action: "postJobs",
  });

  let nonce = await client.publicClient.getTransactionCount({
    address: account.address,
    blockTag: "pending",
  });
  const sent: { index: number; hash: Hash }[] = [];
  let failure: { index: number; error: unknown } | undefined;
  for (const [index, call] of calls.entries()) {
    const provider = jobs[index]?.provider;
    try {
      const common = {
        address: client.deployment.jobMarket,
        abi: jobMarketAbi,
        account,
        nonce,
        chain: wallet.chain ?? client.publicClient.chain ?? null,
      } as const;
      const hash =
        provider !== undefined
          ? await wallet.writeContract({
              ...common,
              functionName: "postJobWithAsk",
              args: [call.request, call.input as Hex, provider],
            })
          : call.input !== undefined
            ? await wallet.writeContract({
                ...common,
                functionName: "postJob",
                args: [call.request, call.input],
              })
            : await wallet.writeContract({
                ...common,
                functionName: "postJobWithUri",
                args: [call.request, call.inputUri ?? "", call.inputHash],
              });
      sent.push({ index, hash });
      nonce++;
    } catch (error) {
      failure = { index, error: toVerityError(error, "postJobs") };
      break;
    }
  }

  const posted: PostedJob[] = [];
  for (const { index, hash } of sent) {
    const receipt = await client.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") {
      failure ??= { index, error: new TransactionRevertedError("postJobs", hash) };
      continue;
    }
    const [event] = jobsPostedIn(receipt, client.deployment.jobMarket);
    if (event === undefined) continue;
    const [assigned] = parseEventLogs({
      abi: jobMarketAbi,
      eventName: "JobAssigned",
      logs: receipt.logs.filter((log) => isAddressEqual(log.address, client.deployment.jobMarket)),
    });
    posted.push({
      jobId: event.jobId,
      hash,
      receipt,
      collateral: assigned?.args.collateral ?? event.collateral,
      commitDeadline: event.commitDeadline,
      revealDeadline: event.revealDeadline,
      assigned:
        assigned === undefined
          ? undefined
          : {
              provider: assigned.args.provider,
              price: assigned.args.price,
              executionDeadline: Number(assigned.args.executionDeadline),
            },
    });
  }
  if (failure !== undefined) throw new PostJobsError(failure.index, posted, failure.error);
  return { posted, approvalHash };
}
