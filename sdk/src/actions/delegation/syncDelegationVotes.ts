import type { Address, Hash, TransactionReceipt } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { requireAccount, write } from "../internal/write.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type SyncDelegationVotesParameters = {
  provider: Address;
  /** Defaults to the wallet account; anyone may revalue anyone's position. */
  delegator?: Address | undefined;
};
export type SyncDelegationVotesReturnType = { hash: Hash; receipt: TransactionReceipt };
export type SyncDelegationVotesErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Revalues a delegation position's votes after a slash of the provider's pool (positions keep their
 * old value as votes until their delegator acts, or until someone calls this).
 */
export async function syncDelegationVotes(
  client: VerityCoreClient,
  { provider, delegator }: SyncDelegationVotesParameters,
): Promise<SyncDelegationVotesReturnType> {
  const { account } = requireAccount(client, "syncDelegationVotes");
  const pool = await delegationPoolAddress(client);
  return write(client, "syncDelegationVotes", (sender) =>
    client.publicClient.simulateContract({
      address: pool,
      abi: delegationPoolAbi,
      functionName: "syncVotes",
      args: [provider, delegator ?? account.address],
      account: sender,
    }),
  );
}
