import type { Hash, Hex, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type CommitBidParameters = { jobId: bigint; commitment: Hex };
export type CommitBidReturnType = { hash: Hash; receipt: TransactionReceipt };
export type CommitBidErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Commits a sealed bid (see bidCommitment); the bidder must be registered with at least the
 * minimum stake, and the commitment locks the job's collateral (`getJob().collateral`) from its
 * free stake until the bid loses, is forfeited unrevealed, or the job ends.
 */
export async function commitBid(
  client: VerityCoreClient,
  { jobId, commitment }: CommitBidParameters,
): Promise<CommitBidReturnType> {
  const { hash, receipt } = await write(client, "commitBid", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "commitBid",
      args: [jobId, commitment],
      account,
    }),
  );
  return { hash, receipt };
}
