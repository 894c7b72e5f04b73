import { modelRegistryAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

export type GetModelWidthsParameters = { modelId: bigint | number };
/** Layer widths, input first; undefined when the model's registration is not found. */
export type GetModelWidthsReturnType = readonly number[] | undefined;
export type GetModelWidthsErrorType = Error;

/**
 * A model's layer widths, from its ModelRegistered event (the registry stores
 * only the layer count): `widths[0]` is the number of int8 values an input must have.
 */
export async function getModelWidths(
  client: VerityCoreClient,
  { modelId }: GetModelWidthsParameters,
): Promise<GetModelWidthsReturnType> {
  const [event] = await client.publicClient.getContractEvents({
    address: client.deployment.modelRegistry,
    abi: modelRegistryAbi,
    eventName: "ModelRegistered",
    args: { modelId: BigInt(modelId) },
    fromBlock: BigInt(client.deployment.startBlock),
    strict: true,
  });
  return event?.args.widths;
}
