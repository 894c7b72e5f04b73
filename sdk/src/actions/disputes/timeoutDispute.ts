import type { Hash, TransactionReceipt } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type TimeoutDisputeParameters = { disputeId: bigint };
export type TimeoutDisputeReturnType = { hash: Hash; receipt: TransactionReceipt };
export type TimeoutDisputeErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/** Ends a dispute whose awaited move is overdue (anyone may): the side that did not move loses. */
export async function timeoutDispute(
  client: VerityCoreClient,
  { disputeId }: TimeoutDisputeParameters,
): Promise<TimeoutDisputeReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "timeoutDispute");
  const { hash, receipt } = await write(client, "timeout", (account) =>
    client.publicClient.simulateContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "timeout",
      args: [disputeId],
      account,
    }),
  );
  return { hash, receipt };
}
