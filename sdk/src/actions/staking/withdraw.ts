import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type WithdrawParameters = Record<string, never> | undefined;
export type WithdrawReturnType = { hash: Hash; receipt: TransactionReceipt; amount: bigint };
export type WithdrawErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Withdraws the wallet's unbonded stake once its unbonding delay has passed. */
export async function withdraw(
  client: VerityCoreClient,
  _parameters?: WithdrawParameters,
): Promise<WithdrawReturnType> {
  const { hash, receipt } = await write(client, "withdraw", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.staking,
      abi: stakingAbi,
      functionName: "withdraw",
      account,
    }),
  );
  const [event] = parseEventLogs({ abi: stakingAbi, eventName: "Withdrawn", logs: receipt.logs });
  return { hash, receipt, amount: event?.args.amount ?? 0n };
}
