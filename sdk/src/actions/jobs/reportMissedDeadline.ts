import type { Hash, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type ReportMissedDeadlineParameters = { jobId: bigint };
export type ReportMissedDeadlineReturnType = { hash: Hash; receipt: TransactionReceipt };
export type ReportMissedDeadlineErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Applies the liveness penalty once a job's execution deadline has passed without a result
 * (anyone may): the slash goes to the requester, and the job is re-auctioned or refunded.
 */
export async function reportMissedDeadline(
  client: VerityCoreClient,
  { jobId }: ReportMissedDeadlineParameters,
): Promise<ReportMissedDeadlineReturnType> {
  const { hash, receipt } = await write(client, "reportMissedDeadline", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "reportMissedDeadline",
      args: [jobId],
      account,
    }),
  );
  return { hash, receipt };
}
