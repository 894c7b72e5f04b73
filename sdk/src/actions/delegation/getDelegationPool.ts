import type { Address } from "viem";
import { delegationPoolAbi, parametersAbi, stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type GetDelegationPoolParameters = {
  /** Defaults to the wallet account. */
  provider?: Address | undefined;
};
export type GetDelegationPoolReturnType = {
  provider: Address;
  /** Active delegated VRT wei: backs capacity (up to the cap), earns, slashable. */
  tokens: bigint;
  shares: bigint;
  /** Undelegated VRT wei waiting out the unbonding delay: slashable, earns nothing. */
  thawingTokens: bigint;
  thawingShares: bigint;
  /** The delegator share (basis points) that applies to the provider's next earnings. */
  delegatorShareBps: number;
  /** A cut the provider scheduled, or undefined. */
  pendingShare: { bps: number; effectiveAt: number } | undefined;
  /** The provider's own bonded stake. */
  ownStake: bigint;
  /** Own stake plus active delegation, the latter capped at `maxDelegationRatio` × own stake. */
  capacity: bigint;
  /** Capacity not locked by jobs in flight. */
  free: bigint;
  /** Active delegation beyond the ratio cap: it earns and is slashable but backs nothing. */
  overCap: bigint;
  /** The governance cap on delegation per unit of own stake. */
  maxDelegationRatio: number;
};
export type GetDelegationPoolErrorType = VerityContractErrorType;

/** A provider's delegation pool and the capacity it gives: tokens, shares, the fee share, the cap. */
export async function getDelegationPool(
  client: VerityCoreClient,
  parameters: GetDelegationPoolParameters = {},
): Promise<GetDelegationPoolReturnType> {
  const provider = parameters.provider ?? client.walletClient?.account?.address;
  if (provider === undefined)
    throw new TypeError("getDelegationPool needs `provider` or a wallet account");
  const staking = { address: client.deployment.staking, abi: stakingAbi } as const;
  try {
    const pool = { address: await delegationPoolAddress(client), abi: delegationPoolAbi } as const;
    const [info, shareNow, stake, capacity, free, ratio] = await Promise.all([
      client.publicClient.readContract({ ...pool, functionName: "poolOf", args: [provider] }),
      client.publicClient.readContract({
        ...pool,
        functionName: "delegatorShareOf",
        args: [provider],
      }),
      client.publicClient.readContract({ ...staking, functionName: "stakeOf", args: [provider] }),
      client.publicClient.readContract({
        ...staking,
        functionName: "capacityOf",
        args: [provider],
      }),
      client.publicClient.readContract({
        ...staking,
        functionName: "freeStakeOf",
        args: [provider],
      }),
      client.publicClient.readContract({
        address: client.deployment.parameters,
        abi: parametersAbi,
        functionName: "maxDelegationRatio",
      }),
    ]);
    const backing = capacity - stake.bonded;
    const pendingApplied = info.pendingAt !== 0 && Number(shareNow) === info.pendingShareBps;
    return {
      provider,
      tokens: info.tokens,
      shares: info.shares,
      thawingTokens: info.thawingTokens,
      thawingShares: info.thawingShares,
      delegatorShareBps: Number(shareNow),
      pendingShare:
        info.pendingAt === 0 || pendingApplied
          ? undefined
          : { bps: info.pendingShareBps, effectiveAt: info.pendingAt },
      ownStake: stake.bonded,
      capacity,
      free,
      overCap: info.tokens > backing ? info.tokens - backing : 0n,
      maxDelegationRatio: ratio,
    };
  } catch (error) {
    throw toVerityError(error, "getDelegationPool");
  }
}
