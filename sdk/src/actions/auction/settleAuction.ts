import type { Hash, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type SettleAuctionParameters = { jobId: bigint };
export type SettleAuctionReturnType = { hash: Hash; receipt: TransactionReceipt };
export type SettleAuctionErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Closes an auction after its reveal phase (anyone): assigns the winner, or fails the round. */
export async function settleAuction(
  client: VerityCoreClient,
  { jobId }: SettleAuctionParameters,
): Promise<SettleAuctionReturnType> {
  const { hash, receipt } = await write(client, "settleAuction", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "settleAuction",
      args: [jobId],
      account,
    }),
  );
  return { hash, receipt };
}
