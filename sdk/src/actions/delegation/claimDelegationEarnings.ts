import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type ClaimDelegationEarningsParameters = { provider: Address };
export type ClaimDelegationEarningsReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Payment-token wei paid to the wallet. */
  amount: bigint;
};
export type ClaimDelegationEarningsErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Claims the wallet's earnings (payment token) from a provider's pool. */
export async function claimDelegationEarnings(
  client: VerityCoreClient,
  { provider }: ClaimDelegationEarningsParameters,
): Promise<ClaimDelegationEarningsReturnType> {
  const pool = await delegationPoolAddress(client);
  const { hash, receipt } = await write(client, "claimDelegationEarnings", (account) =>
    client.publicClient.simulateContract({
      address: pool,
      abi: delegationPoolAbi,
      functionName: "claimEarnings",
      args: [provider],
      account,
    }),
  );
  const [event] = parseEventLogs({
    abi: delegationPoolAbi,
    eventName: "EarningsClaimed",
    logs: receipt.logs,
  });
  return { hash, receipt, amount: event?.args.amount ?? 0n };
}
