/**
 * Loads the models this worker serves and refuses, with the reason logged,
 * any file that is not exactly what the registry names: the ONNX bytes must
 * hash (keccak256) to the registered artifact hash, and for an integer model
 * the .verity.json beside it must have the registered weight commitment and
 * export to those very ONNX bytes (otherwise what onnxruntime runs and what a
 * dispute recomputes could differ, and the stake with them).
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { weightCommitment } from "@verity/model/commitments";
import { anyModelFromJson } from "@verity/model/model-file";
import { exportOnnx } from "@verity/model/onnx";
import { modelInputShape, shapeSize } from "@verity/model/shapes";
import type { AnyModel } from "@verity/model/types";
import { getModel, type Model, type VerityClient } from "@verity/sdk";
import { type Hex, keccak256 } from "viem";
import { describeError, ModelRefusedError } from "../errors.js";
import type { Logger } from "../log.js";

export type HeldModel = {
  id: bigint;
  file: string;
  bytes: Uint8Array;
  artifactHash: Hex;
  /** The integer model (dense v1, or v2 with spatial layers). */
  integer: AnyModel;
  computeUnits: bigint;
  layerCount: number;
  inputWidth: number;
  onchain: Model;
};

/** `model.onnx` -> `model.verity.json`, the toolchain's naming. */
export function integerModelPath(onnxPath: string): string {
  const name = basename(onnxPath).replace(/\.onnx$/i, "");
  return join(dirname(onnxPath), `${name}.verity.json`);
}

async function readBytes(modelId: bigint, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new ModelRefusedError(modelId, `cannot read ${path}`, { cause: error });
  }
}

export async function loadModel(
  modelId: bigint,
  onnxPath: string,
  onchain: Model,
): Promise<HeldModel> {
  const bytes = await readBytes(modelId, onnxPath);
  const artifactHash = keccak256(bytes);
  if (artifactHash.toLowerCase() !== onchain.artifactHash.toLowerCase()) {
    throw new ModelRefusedError(
      modelId,
      `artifact hash mismatch: ${onnxPath} hashes to ${artifactHash}, the registry holds ${onchain.artifactHash}`,
    );
  }
  if (onchain.kind !== "IntegerDense") {
    throw new ModelRefusedError(
      modelId,
      "float models are not served: their results cannot be defended on chain and their input encoding is not specified",
    );
  }
  const jsonPath = integerModelPath(onnxPath);
  let integer: AnyModel;
  try {
    integer = anyModelFromJson(JSON.parse(await readFile(jsonPath, "utf8")));
  } catch (error) {
    throw new ModelRefusedError(
      modelId,
      `no valid integer model at ${jsonPath}: ${describeError(error).message}`,
      {
        cause: error,
      },
    );
  }
  const commitment = weightCommitment(integer);
  if (commitment.toLowerCase() !== onchain.weightCommitment.toLowerCase()) {
    throw new ModelRefusedError(
      modelId,
      `weight commitment mismatch: ${jsonPath} commits to ${commitment}, the registry holds ${onchain.weightCommitment}`,
    );
  }
  if (integer.layers.length !== onchain.layerCount) {
    throw new ModelRefusedError(
      modelId,
      `layer count mismatch: ${integer.layers.length} in ${jsonPath}, ${onchain.layerCount} registered`,
    );
  }
  const exported = keccak256(exportOnnx(integer));
  if (exported.toLowerCase() !== artifactHash.toLowerCase()) {
    throw new ModelRefusedError(modelId, `${onnxPath} is not the ONNX export of ${jsonPath}`);
  }
  return {
    id: modelId,
    file: onnxPath,
    bytes,
    artifactHash,
    integer,
    computeUnits: onchain.computeUnits,
    layerCount: integer.layers.length,
    // C*H*W of a_0 (K for a dense model): what a job's input must hold.
    inputWidth: shapeSize(modelInputShape(integer)),
    onchain,
  };
}

/** Loads every configured model; refused ones are logged with their reason and left out. */
export async function loadModels(
  entries: readonly { id: bigint; file: string }[],
  modelsDir: string,
  sdk: VerityClient,
  log: Logger,
): Promise<Map<bigint, HeldModel>> {
  const held = new Map<bigint, HeldModel>();
  for (const entry of entries) {
    const path = join(modelsDir, entry.file);
    try {
      let onchain: Model;
      try {
        onchain = await getModel(sdk, { modelId: entry.id });
      } catch (error) {
        throw new ModelRefusedError(entry.id, "not registered (or the registry is unreachable)", {
          cause: error,
        });
      }
      const model = await loadModel(entry.id, path, onchain);
      held.set(entry.id, model);
      log.info("model_loaded", {
        modelId: entry.id,
        file: path,
        artifactHash: model.artifactHash,
        layers: model.layerCount,
        computeUnits: model.computeUnits,
      });
    } catch (error) {
      const reason =
        error instanceof ModelRefusedError ? error.reason : describeError(error).message;
      log.error("model_refused", { modelId: entry.id, file: path, reason });
    }
  }
  return held;
}
