import { type Hash, type Hex, parseEventLogs, type TransactionReceipt, zeroHash } from "viem";
import { modelRegistryAbi, parametersAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { type ApproveMode, ensureAllowance } from "../internal/approve.js";
import { write } from "../internal/write.js";
import { type ModelKindName, modelKinds } from "./modelKind.js";

/** The fields of a model's meta JSON (@verity/model/meta) that go on chain. */

/**
 * Largest width the registry takes (ModelRegistry.MAX_WIDTH): a width is an activation's element
 * count, C*H*W for a convolution's output (the sample CNN's first is 6,272).
 */
export const MAX_MODEL_WIDTH = 32_768;
export type ModelRegistrationMeta = {
  /** keccak256 of the model file (the ONNX file). */
  artifactHash: Hex;
  /** Integer models: Merkle root over the layer leaves. Float models: omit or zero. */
  weightCommitment?: Hex | undefined;
  /** Layer widths, input first. */
  widths: readonly number[];
  /** Cost of one inference (multiply-accumulates for dense models). */
  computeUnits: number | bigint;
};

export type RegisterModelParameters = {
  meta: ModelRegistrationMeta;
  /** Where the model file can be fetched (ipfs://, https://, file://). */
  uri: string;
  /** Defaults to IntegerDense when the meta has a weight commitment, else Float. */
  kind?: ModelKindName | undefined;
  /** Approve the registry for the registration bond (VRT) when needed; default true. */
  approve?: ApproveMode | undefined;
};
export type RegisterModelReturnType = {
  modelId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  /** VRT wei posted as the registration bond, returned when the model is retired. */
  bond: bigint;
};
export type RegisterModelErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | InvalidModelMetaErrorType;

export type InvalidModelMetaErrorType = InvalidModelMetaError & { name: "InvalidModelMetaError" };
export class InvalidModelMetaError extends BaseError {
  override name = "InvalidModelMetaError" as const;
  constructor(problem: string) {
    super(`Invalid model meta: ${problem}`, {
      metaMessages: [
        "The meta JSON is written by the model toolchain (`verity model quantize`) beside the ONNX file.",
      ],
    });
  }
}

/**
 * Registers a model from its meta JSON (artifact hash, widths, weight
 * commitment, compute units), posting the registration bond in VRT.
 */
export async function registerModel(
  client: VerityCoreClient,
  parameters: RegisterModelParameters,
): Promise<RegisterModelReturnType> {
  const spec = specOf(parameters);
  const bond = await client.publicClient.readContract({
    address: client.deployment.parameters,
    abi: parametersAbi,
    functionName: "modelRegistrationBond",
  });
  await ensureAllowance(client, {
    token: client.deployment.token,
    spender: client.deployment.modelRegistry,
    amount: bond,
    mode: parameters.approve ?? true,
    action: "registerModel",
  });
  const { hash, receipt, result } = await write(client, "registerModel", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.modelRegistry,
      abi: modelRegistryAbi,
      functionName: "registerModel",
      args: [spec],
      account,
    }),
  );
  const [event] = parseEventLogs({
    abi: modelRegistryAbi,
    eventName: "ModelRegistered",
    logs: receipt.logs,
  });
  return { modelId: event?.args.modelId ?? result, hash, receipt, bond };
}

function specOf({ meta, uri, kind }: RegisterModelParameters) {
  const isHash = (value: unknown): value is Hex =>
    typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value);
  if (!isHash(meta.artifactHash))
    throw new InvalidModelMetaError("artifactHash must be a 32-byte hex");
  const weightCommitment = meta.weightCommitment ?? zeroHash;
  if (!isHash(weightCommitment)) {
    throw new InvalidModelMetaError("weightCommitment must be a 32-byte hex");
  }
  if (
    !Array.isArray(meta.widths) ||
    meta.widths.length < 2 ||
    !meta.widths.every((w) => Number.isInteger(w) && w > 0 && w <= MAX_MODEL_WIDTH)
  ) {
    throw new InvalidModelMetaError(
      `widths must list at least 2 integer widths in [1, ${MAX_MODEL_WIDTH}] (each activation's element count), input first`,
    );
  }
  const computeUnits = BigInt(meta.computeUnits);
  if (computeUnits < 0n) throw new InvalidModelMetaError("computeUnits must not be negative");
  const kindName = kind ?? (weightCommitment === zeroHash ? "Float" : "IntegerDense");
  if (uri === "") throw new InvalidModelMetaError("uri must not be empty");
  return {
    artifactHash: meta.artifactHash,
    uri,
    kind: modelKinds.indexOf(kindName),
    widths: meta.widths,
    weightCommitment,
    computeUnits,
  } as const;
}
