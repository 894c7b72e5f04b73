/**
 * Samples the provider's account into gauges: stake by state, unclaimed
 * payments and the gas balance, each converted from the exact on-chain amount.
 */
import { claimable, getStake, type VerityClient } from "@verity/sdk";
import type { Address } from "viem";
import type { WorkerPublicClient } from "../chain/clients.js";
import { type WorkerMetrics, weiToTokens } from "./worker-metrics.js";

export type AccountSample = {
  bonded: bigint;
  locked: bigint;
  free: bigint;
  unbonding: bigint;
  withdrawable: bigint;
  claimablePayment: bigint;
  gasWei: bigint;
};

export async function sampleAccount(
  ctx: { sdk: VerityClient; client: WorkerPublicClient; address: Address; metrics: WorkerMetrics },
  nowSeconds: number,
): Promise<AccountSample> {
  const [stake, owed, gasWei] = await Promise.all([
    getStake(ctx.sdk, { provider: ctx.address }),
    claimable(ctx.sdk, { account: ctx.address }),
    ctx.client.getBalance({ address: ctx.address }),
  ]);
  const withdrawable = stake.releaseAt > 0 && stake.releaseAt <= nowSeconds ? stake.unbonding : 0n;
  const sample: AccountSample = {
    bonded: stake.bonded,
    locked: stake.locked,
    free: stake.free,
    unbonding: stake.unbonding,
    withdrawable,
    claimablePayment: owed,
    gasWei,
  };
  for (const state of ["bonded", "locked", "free", "unbonding", "withdrawable"] as const)
    ctx.metrics.stake.set({ state }, weiToTokens(sample[state]));
  ctx.metrics.claimablePayments.set(Number(owed));
  ctx.metrics.gasBalance.set(weiToTokens(gasWei));
  return sample;
}
