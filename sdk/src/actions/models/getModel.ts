import type { Address, Hex } from "viem";
import { modelRegistryAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { type ModelKindName, modelKindName } from "./modelKind.js";

export type GetModelParameters = { modelId: bigint | number };
export type Model = {
  id: bigint;
  publisher: Address;
  kind: ModelKindName;
  layerCount: number;
  active: boolean;
  computeUnits: bigint;
  artifactHash: Hex;
  weightCommitment: Hex;
  /** VRT wei held as the registration bond. */
  bond: bigint;
};
export type GetModelReturnType = Model;
export type GetModelErrorType = VerityContractErrorType;

/** Reads a registered model (ModelRegistryUnknownModel when there is none). */
export async function getModel(
  client: VerityCoreClient,
  parameters: GetModelParameters,
): Promise<GetModelReturnType> {
  const id = BigInt(parameters.modelId);
  try {
    const model = await client.publicClient.readContract({
      address: client.deployment.modelRegistry,
      abi: modelRegistryAbi,
      functionName: "getModel",
      args: [id],
    });
    return {
      id,
      ...model,
      kind: modelKindName(model.kind),
      computeUnits: BigInt(model.computeUnits),
    };
  } catch (error) {
    throw toVerityError(error, "getModel");
  }
}
