import type { Hash, TransactionReceipt } from "viem";
import { modelRegistryAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type RetireModelParameters = { modelId: bigint };
export type RetireModelReturnType = { hash: Hash; receipt: TransactionReceipt };
export type RetireModelErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Retires a model (its publisher only): no new job may name it, and the registration bond is returned. */
export async function retireModel(
  client: VerityCoreClient,
  { modelId }: RetireModelParameters,
): Promise<RetireModelReturnType> {
  const { hash, receipt } = await write(client, "retireModel", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.modelRegistry,
      abi: modelRegistryAbi,
      functionName: "retireModel",
      args: [modelId],
      account,
    }),
  );
  return { hash, receipt };
}
