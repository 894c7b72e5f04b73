import type { Address } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";

export type ClaimableBondParameters = {
  /** Defaults to the wallet account. */
  account?: Address | undefined;
};
/** Protocol-token wei the dispute game credited and `claimBond` would withdraw. */
export type ClaimableBondReturnType = bigint;
export type ClaimableBondErrorType = MissingContractErrorType | TypeError;

/** Bonds credited to an account by resolved disputes (won challenges, lost challengers' bonds to the provider). */
export async function claimableBond(
  client: VerityCoreClient,
  parameters: ClaimableBondParameters = {},
): Promise<ClaimableBondReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "claimableBond");
  const account = parameters.account ?? client.walletClient?.account?.address;
  if (account === undefined)
    throw new TypeError("claimableBond needs `account` or a wallet account");
  return client.publicClient.readContract({
    address: disputeGame,
    abi: disputeGameAbi,
    functionName: "claimable",
    args: [account],
  });
}
