import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type RequestUnstakeParameters = {
  /** Free bonded VRT wei to move to unbonding. */
  amount: bigint;
};
export type RequestUnstakeReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Unix seconds after which `withdraw` releases the unbonding stake. */
  releaseAt: number;
};
export type RequestUnstakeErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Starts unbonding `amount` of free stake; it stays slashable until released.
 * Adding to an amount already unbonding restarts its delay.
 */
export async function requestUnstake(
  client: VerityCoreClient,
  { amount }: RequestUnstakeParameters,
): Promise<RequestUnstakeReturnType> {
  const { hash, receipt } = await write(client, "requestUnstake", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.staking,
      abi: stakingAbi,
      functionName: "requestUnstake",
      args: [amount],
      account,
    }),
  );
  const [event] = parseEventLogs({
    abi: stakingAbi,
    eventName: "UnstakeRequested",
    logs: receipt.logs,
  });
  return { hash, receipt, releaseAt: Number(event?.args.releaseAt ?? 0n) };
}
