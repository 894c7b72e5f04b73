/**
 * The facts about a model that go on chain or into a listing: what the model
 * registry's `registerModel` takes (artifact hash, widths, weight commitment,
 * compute units), derived from the model itself so they can never drift from it.
 */
import { type Hex, keccak256 } from "viem";
import { layerLeaves, weightCommitment } from "./commitments.js";
import { MODEL_FORMAT } from "./model-file.js";
import { computeUnits, type IntegerModel, modelWidths } from "./types.js";

export type ModelMeta = {
  format: typeof MODEL_FORMAT;
  /** keccak256 of the ONNX file: the registry's artifact hash. */
  artifactHash: Hex;
  /** Merkle root over the layer leaves (docs/model-format.md). */
  weightCommitment: Hex;
  layerLeaves: Hex[];
  /** Input width first, then each layer's output width. */
  widths: number[];
  layers: { K: number; N: number; relu: boolean }[];
  /** Multiply-accumulates per inference. */
  computeUnits: number;
  inputScale?: number;
  outputScale?: number;
};

export function modelMeta(model: IntegerModel, onnxBytes: Uint8Array): ModelMeta {
  const meta: ModelMeta = {
    format: MODEL_FORMAT,
    artifactHash: keccak256(onnxBytes),
    weightCommitment: weightCommitment(model),
    layerLeaves: layerLeaves(model),
    widths: modelWidths(model),
    layers: model.layers.map(({ K, N, relu }) => ({ K, N, relu })),
    computeUnits: computeUnits(model),
  };
  if (model.inputScale !== undefined) meta.inputScale = model.inputScale;
  if (model.outputScale !== undefined) meta.outputScale = model.outputScale;
  return meta;
}
