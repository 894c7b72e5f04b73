import type { Address, Hash, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type ForfeitUnrevealedBidParameters = {
  jobId: bigint;
  /** The auction round of the commitment (a job's round goes up on re-auction). */
  round: number;
  /** Whose commitment; defaults to the wallet account (a bidder freeing its own locked stake). */
  bidder?: Address | undefined;
};
export type ForfeitUnrevealedBidReturnType = { hash: Hash; receipt: TransactionReceipt };
export type ForfeitUnrevealedBidErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | TypeError;

/**
 * Forfeits a commitment never revealed (anyone, once its round's reveal phase is over):
 * `livenessSlashBps` of the job's collateral goes from the bidder to the requester and the rest
 * of the bidder's lock is released. Reverts `MarketNoCommitment` when the commitment was revealed
 * or already forfeited, `MarketRevealStillOpen` while it can still be revealed.
 */
export async function forfeitUnrevealedBid(
  client: VerityCoreClient,
  parameters: ForfeitUnrevealedBidParameters,
): Promise<ForfeitUnrevealedBidReturnType> {
  const bidder = parameters.bidder ?? client.walletClient?.account?.address;
  if (bidder === undefined)
    throw new TypeError("forfeitUnrevealedBid needs `bidder` or a wallet account");
  const { hash, receipt } = await write(client, "forfeitUnrevealedBid", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "forfeitUnrevealedBid",
      args: [parameters.jobId, parameters.round, bidder],
      account,
    }),
  );
  return { hash, receipt };
}
