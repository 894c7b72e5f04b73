/**
 * Finality for many jobs in one transaction, through the market's BatchFinalizer: what a busy
 * provider (or anyone) sends instead of one `finalize` per job. All or nothing: if any job of the
 * batch cannot be finalized (disputed, already final, its window still open), the whole
 * transaction reverts and the simulation says which rule failed; finalize the others apart.
 */
import type { Address, Hash, TransactionReceipt } from "viem";
import { batchFinalizerAbi, jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { write } from "../internal/write.js";
import { type FinalizeJobParameters, NoResultError } from "./finalizeJob.js";
import { getResult } from "./getResult.js";
import { InvalidJobInputError } from "./postJob.js";

/** The contract's bound on one batch (`BatchFinalizer.MAX_BATCH`). */
export const MAX_FINALIZE_BATCH = 64;

export type FinalizeJobsParameters = {
  /** Each job, with the result it must restate when the caller has it (as `finalizeJob`). */
  jobs: readonly FinalizeJobParameters[];
};
export type FinalizeJobsReturnType = { hash: Hash; receipt: TransactionReceipt };

/** The market's batch finalizer (the market names it; nothing else can be wired). */
export async function batchFinalizerAddress(client: VerityCoreClient): Promise<Address> {
  return client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "batchFinalizer",
  });
}

export async function finalizeJobs(
  client: VerityCoreClient,
  { jobs }: FinalizeJobsParameters,
): Promise<FinalizeJobsReturnType> {
  if (jobs.length === 0) throw new InvalidJobInputError("jobs must not be empty");
  if (jobs.length > MAX_FINALIZE_BATCH) {
    throw new InvalidJobInputError(
      `at most ${MAX_FINALIZE_BATCH} jobs per finalizeMany, got ${jobs.length}: split the batch`,
    );
  }
  const results = await Promise.all(
    jobs.map(async ({ jobId, result }) => {
      const known = result ?? (await getResult(client, { jobId }));
      if (known === undefined) throw new NoResultError(jobId);
      return known;
    }),
  );
  const finalizer = await batchFinalizerAddress(client);
  const { hash, receipt } = await write(client, "finalizeMany", (account) =>
    client.publicClient.simulateContract({
      address: finalizer,
      abi: batchFinalizerAbi,
      functionName: "finalizeMany",
      args: [
        jobs.map((j) => j.jobId),
        results.map((r) => r.outputHash),
        results.map((r) => r.traceRoot),
        results.map((r) => r.output ?? "0x"),
      ],
      account,
    }),
  );
  return { hash, receipt };
}
