import type { Address } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type GetDelegationParameters = {
  provider: Address;
  /** Defaults to the wallet account. */
  delegator?: Address | undefined;
};
export type GetDelegationReturnType = {
  provider: Address;
  delegator: Address;
  /** Active shares and what they are worth now (VRT wei, rounded down). */
  shares: bigint;
  active: bigint;
  /** Thawing shares and what they are worth now (zero if a slash emptied their epoch). */
  thawingShares: bigint;
  thawing: bigint;
  /** Unix seconds when the thawing VRT can be withdrawn; 0 if nothing thaws. */
  releaseAt: number;
  /** Unclaimed earnings, payment-token wei. */
  earnings: bigint;
  /** The VRT this position votes with (its value when last revalued; see `syncDelegationVotes`). */
  votes: bigint;
};
export type GetDelegationErrorType = VerityContractErrorType;

/** One delegator's position in one provider's pool: shares, their worth, earnings and votes. */
export async function getDelegation(
  client: VerityCoreClient,
  parameters: GetDelegationParameters,
): Promise<GetDelegationReturnType> {
  const delegator = parameters.delegator ?? client.walletClient?.account?.address;
  if (delegator === undefined)
    throw new TypeError("getDelegation needs `delegator` or a wallet account");
  const { provider } = parameters;
  try {
    const pool = { address: await delegationPoolAddress(client), abi: delegationPoolAbi } as const;
    const [info, [active, thawing, earnings]] = await Promise.all([
      client.publicClient.readContract({
        ...pool,
        functionName: "delegationOf",
        args: [provider, delegator],
      }),
      client.publicClient.readContract({
        ...pool,
        functionName: "balancesOf",
        args: [provider, delegator],
      }),
    ]);
    return {
      provider,
      delegator,
      shares: info.shares,
      active,
      thawingShares: info.thawingShares,
      thawing,
      releaseAt: info.releaseAt,
      earnings,
      votes: info.votes,
    };
  } catch (error) {
    throw toVerityError(error, "getDelegation");
  }
}
