import type { Hash, TransactionReceipt } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type CloseStaleDisputeParameters = { disputeId: bigint };
export type CloseStaleDisputeReturnType = { hash: Hash; receipt: TransactionReceipt };
export type CloseStaleDisputeErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/**
 * Ends a dispute whose round another dispute already convicted (anyone, at once): its challenger
 * is credited its bond back and its share of the round's reward pot (`claimBond` withdraws both).
 * Reverts `DisputeNotStale` when the round was not convicted.
 */
export async function closeStaleDispute(
  client: VerityCoreClient,
  { disputeId }: CloseStaleDisputeParameters,
): Promise<CloseStaleDisputeReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "closeStaleDispute");
  const { hash, receipt } = await write(client, "closeStaleDispute", (account) =>
    client.publicClient.simulateContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "closeStaleDispute",
      args: [disputeId],
      account,
    }),
  );
  return { hash, receipt };
}
