import type { Address } from "viem";
import { stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";

export type GetStakeParameters = {
  /** Defaults to the wallet account. */
  provider?: Address | undefined;
};
export type GetStakeReturnType = {
  provider: Address;
  registered: boolean;
  /** Bonded VRT wei, including `locked`. */
  bonded: bigint;
  /** Collateral of jobs in flight. */
  locked: bigint;
  /** What new jobs can lock: capacity (own bonded stake plus capped delegation) not locked. */
  free: bigint;
  /** Requested for withdrawal, still slashable until `releaseAt`. */
  unbonding: bigint;
  /** Unix seconds; 0 when nothing is unbonding. */
  releaseAt: number;
  /** Registered and bonded at least the minimum stake: may bid. */
  eligible: boolean;
};
export type GetStakeErrorType = VerityContractErrorType;

/** A provider's stake: bonded, locked, free, unbonding and whether it may bid. */
export async function getStake(
  client: VerityCoreClient,
  parameters: GetStakeParameters = {},
): Promise<GetStakeReturnType> {
  const provider = parameters.provider ?? client.walletClient?.account?.address;
  if (provider === undefined) throw new TypeError("getStake needs `provider` or a wallet account");
  const contract = { address: client.deployment.staking, abi: stakingAbi } as const;
  try {
    const [info, free, eligible] = await Promise.all([
      client.publicClient.readContract({ ...contract, functionName: "stakeOf", args: [provider] }),
      client.publicClient.readContract({
        ...contract,
        functionName: "freeStakeOf",
        args: [provider],
      }),
      client.publicClient.readContract({
        ...contract,
        functionName: "isEligible",
        args: [provider],
      }),
    ]);
    return {
      provider,
      registered: info.registered,
      bonded: info.bonded,
      locked: info.locked,
      free,
      unbonding: info.unbonding,
      releaseAt: Number(info.releaseAt),
      eligible,
    };
  } catch (error) {
    throw toVerityError(error, "getStake");
  }
}
