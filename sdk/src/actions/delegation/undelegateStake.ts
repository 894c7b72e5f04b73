import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { requireAccount, write } from "../internal/write.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type UndelegateStakeParameters = {
  provider: Address;
  /**
   * Active shares to sell, or VRT wei worth of them (`amount`, converted at the pool's price and
   * rounded up, at most all the wallet's shares). Neither: all of them.
   */
  shares?: bigint | undefined;
  amount?: bigint | undefined;
};
export type UndelegateStakeReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Shares sold. */
  shares: bigint;
  /** VRT wei now thawing (still slashable, earning nothing) until `releaseAt`. */
  amount: bigint;
  /** Unix seconds when `withdrawDelegation` can take it out. */
  releaseAt: number;
};
export type UndelegateStakeErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Starts undelegating from a provider's pool: the VRT thaws for one unbonding delay (slashable all
 * along), then `withdrawDelegation` takes it out. Reverts while these tokens back jobs in flight.
 */
export async function undelegateStake(
  client: VerityCoreClient,
  parameters: UndelegateStakeParameters,
): Promise<UndelegateStakeReturnType> {
  if (parameters.shares !== undefined && parameters.amount !== undefined) {
    throw new TypeError("undelegateStake takes `shares` or `amount`, not both");
  }
  const { account } = requireAccount(client, "undelegateStake");
  const pool = await delegationPoolAddress(client);
  const shares = parameters.shares ?? (await sharesFor(client, pool, parameters, account.address));
  const { hash, receipt } = await write(client, "undelegateStake", (sender) =>
    client.publicClient.simulateContract({
      address: pool,
      abi: delegationPoolAbi,
      functionName: "undelegate",
      args: [parameters.provider, shares],
      account: sender,
    }),
  );
  const [event] = parseEventLogs({
    abi: delegationPoolAbi,
    eventName: "Undelegated",
    logs: receipt.logs,
  });
  return {
    hash,
    receipt,
    shares,
    amount: event?.args.amount ?? 0n,
    releaseAt: Number(event?.args.releaseAt ?? 0n),
  };
}

/** The wallet's shares worth `amount` VRT (rounded up, capped at what it holds), or all of them. */
async function sharesFor(
  client: VerityCoreClient,
  pool: Address,
  { provider, amount }: UndelegateStakeParameters,
  delegator: Address,
): Promise<bigint> {
  const contract = { address: pool, abi: delegationPoolAbi } as const;
  const [mine, info] = await Promise.all([
    client.publicClient.readContract({
      ...contract,
      functionName: "delegationOf",
      args: [provider, delegator],
    }),
    client.publicClient.readContract({ ...contract, functionName: "poolOf", args: [provider] }),
  ]);
  if (amount === undefined || info.tokens === 0n) return mine.shares;
  const wanted = (amount * info.shares + info.tokens - 1n) / info.tokens;
  return wanted < mine.shares ? wanted : mine.shares;
}
