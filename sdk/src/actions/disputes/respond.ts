import type { Hash, Hex, TransactionReceipt } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type RespondParameters = {
  disputeId: bigint /** The disputed layer's output vector (int8 bytes), which must hash to the disputed hash. */;
  activation: Hex;
};
export type RespondReturnType = { hash: Hash; receipt: TransactionReceipt };
export type RespondErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/** The provider's move in a dispute: reveal the disputed layer's output before the response deadline. */
export async function respond(
  client: VerityCoreClient,
  { disputeId, activation }: RespondParameters,
): Promise<RespondReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "respond");
  const { hash, receipt } = await write(client, "respond", (account) =>
    client.publicClient.simulateContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "respond",
      args: [disputeId, activation],
      account,
    }),
  );
  return { hash, receipt };
}
