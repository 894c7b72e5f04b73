import type { Address, Hex } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";

export type GetBidCommitmentParameters = {
  jobId: bigint;
  /** Defaults to the wallet account. */
  bidder?: Address | undefined;
};
/** The bidder's sealed commitment in the job's current round; zero when none, or once revealed. */
export type GetBidCommitmentReturnType = Hex;
export type GetBidCommitmentErrorType = VerityContractErrorType | TypeError;

/** Reads a bidder's commitment: the market deletes it on reveal, so zero after a commit means revealed. */
export async function getBidCommitment(
  client: VerityCoreClient,
  parameters: GetBidCommitmentParameters,
): Promise<GetBidCommitmentReturnType> {
  const bidder = parameters.bidder ?? client.walletClient?.account?.address;
  if (bidder === undefined)
    throw new TypeError("getBidCommitment needs `bidder` or a wallet account");
  try {
    return await client.publicClient.readContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "commitmentOf",
      args: [parameters.jobId, bidder],
    });
  } catch (error) {
    throw toVerityError(error, "getBidCommitment");
  }
}
