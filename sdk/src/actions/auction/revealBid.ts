import type { Hash, Hex, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type RevealBidParameters = { jobId: bigint; price: bigint; salt: Hex };
export type RevealBidReturnType = { hash: Hash; receipt: TransactionReceipt };
export type RevealBidErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Reveals a committed bid in the reveal phase; a leading bid locks its collateral at once. */
export async function revealBid(
  client: VerityCoreClient,
  { jobId, price, salt }: RevealBidParameters,
): Promise<RevealBidReturnType> {
  const { hash, receipt } = await write(client, "revealBid", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "revealBid",
      args: [jobId, price, salt],
      account,
    }),
  );
  return { hash, receipt };
}
