import type { Hash, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type CancelJobParameters = { jobId: bigint };
export type CancelJobReturnType = { hash: Hash; receipt: TransactionReceipt };
export type CancelJobErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Cancels a job before its first bid (requester only); the escrow is credited
 * back, to be withdrawn with `claim`.
 */
export async function cancelJob(
  client: VerityCoreClient,
  { jobId }: CancelJobParameters,
): Promise<CancelJobReturnType> {
  const { hash, receipt } = await write(client, "cancelJob", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "cancelJob",
      args: [jobId],
      account,
    }),
  );
  return { hash, receipt };
}
