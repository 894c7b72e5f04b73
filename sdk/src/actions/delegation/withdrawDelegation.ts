import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type WithdrawDelegationParameters = { provider: Address };
export type WithdrawDelegationReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** VRT wei paid out (less any slash taken while thawing). */
  amount: bigint;
};
export type WithdrawDelegationErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Withdraws the wallet's thawed VRT from a provider's pool once its unbonding delay has passed. */
export async function withdrawDelegation(
  client: VerityCoreClient,
  { provider }: WithdrawDelegationParameters,
): Promise<WithdrawDelegationReturnType> {
  const pool = await delegationPoolAddress(client);
  const { hash, receipt } = await write(client, "withdrawDelegation", (account) =>
    client.publicClient.simulateContract({
      address: pool,
      abi: delegationPoolAbi,
      functionName: "withdraw",
      args: [provider],
      account,
    }),
  );
  const [event] = parseEventLogs({
    abi: delegationPoolAbi,
    eventName: "DelegationWithdrawn",
    logs: receipt.logs,
  });
  return { hash, receipt, amount: event?.args.amount ?? 0n };
}
