import type { Hash, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { getResult, type JobResult } from "./getResult.js";

export type FinalizeJobParameters = {
  jobId: bigint;
  /**
   * The submitted result the call must restate, when the caller has it (the
   * provider that submitted it); otherwise read from its ResultSubmitted event.
   */
  result?: Pick<JobResult, "outputHash" | "traceRoot" | "output"> | undefined;
};
export type FinalizeJobReturnType = { hash: Hash; receipt: TransactionReceipt };
export type FinalizeJobErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | NoResultErrorType;

export type NoResultErrorType = NoResultError & { name: "NoResultError" };
export class NoResultError extends BaseError {
  override name = "NoResultError" as const;
  constructor(jobId: bigint) {
    super(`Job ${jobId} has no submitted result.`);
  }
}

/**
 * Finalizes a job whose challenge window passed without a dispute (anyone may):
 * pays the provider, the fee and the refund. Reads the result it must restate
 * from the ResultSubmitted event.
 */
export async function finalizeJob(
  client: VerityCoreClient,
  { jobId, result: known }: FinalizeJobParameters,
): Promise<FinalizeJobReturnType> {
  const result = known ?? (await getResult(client, { jobId }));
  if (result === undefined) throw new NoResultError(jobId);
  const { hash, receipt } = await write(client, "finalize", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "finalize",
      args: [jobId, result.outputHash, result.traceRoot, result.output ?? "0x"],
      account,
    }),
  );
  return { hash, receipt };
}
