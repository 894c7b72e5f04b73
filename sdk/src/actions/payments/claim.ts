import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type ClaimParameters = Record<string, never> | undefined;
export type ClaimReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Payment-token wei transferred to the wallet. */
  amount: bigint;
};
export type ClaimErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Withdraws the payment token credited to the wallet by the job market:
 * provider payments, requester refunds and the treasury's fees.
 */
export async function claim(
  client: VerityCoreClient,
  _parameters?: ClaimParameters,
): Promise<ClaimReturnType> {
  const { hash, receipt, result } = await write(client, "claim", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "claim",
      account,
    }),
  );
  const [event] = parseEventLogs({ abi: jobMarketAbi, eventName: "Claimed", logs: receipt.logs });
  return { hash, receipt, amount: event?.args.amount ?? result };
}
