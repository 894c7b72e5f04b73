import type { Address } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

export type ClaimableParameters = {
  /** Defaults to the wallet account. */
  account?: Address | undefined;
};
/** Payment-token wei credited and not yet claimed. */
export type ClaimableReturnType = bigint;
export type ClaimableErrorType = Error;

/** Payment token the job market has credited to an account (payments, refunds, fees). */
export async function claimable(
  client: VerityCoreClient,
  parameters: ClaimableParameters = {},
): Promise<ClaimableReturnType> {
  const account = parameters.account ?? client.walletClient?.account?.address;
  if (account === undefined) throw new TypeError("claimable needs `account` or a wallet account");
  return client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "claimable",
    args: [account],
  });
}
