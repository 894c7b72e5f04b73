/**
 * The facts about a model that go on chain or into a listing: what the model
 * registry's `registerModel` takes (artifact hash, widths, weight commitment,
 * compute units), derived from the model itself so they can never drift from it.
 */
import { type Hex, keccak256 } from "viem";
import { layerLeaves, weightCommitment } from "./commitments.js";
import { type MODEL_FORMAT, type MODEL_FORMAT_V2, modelFormat } from "./model-file.js";
import { layerInputShape, layerOutputShape } from "./shapes.js";
import {
  type AnyLayer,
  type AnyModel,
  computeUnits,
  isDenseLayer,
  type LayerKind,
  modelWidths,
  type Shape,
} from "./types.js";

/** A layer as a listing shows it: a dense layer's widths (as v1), or a spatial layer's kind and shapes. */
export type LayerSummary =
  | { K: number; N: number; relu: boolean }
  | { kind: Exclude<LayerKind, "dense">; input: Shape; output: Shape; relu?: boolean };

function layerSummary(layer: AnyLayer): LayerSummary {
  if (isDenseLayer(layer)) return { K: layer.K, N: layer.N, relu: layer.relu };
  const summary: LayerSummary = {
    kind: layer.kind,
    input: layerInputShape(layer),
    output: layerOutputShape(layer),
  };
  if ("relu" in layer) summary.relu = layer.relu;
  return summary;
}

export type ModelMeta = {
  format: typeof MODEL_FORMAT | typeof MODEL_FORMAT_V2;
  /** keccak256 of the ONNX file: the registry's artifact hash. */
  artifactHash: Hex;
  /** Merkle root over the layer leaves (docs/model-format.md). */
  weightCommitment: Hex;
  layerLeaves: Hex[];
  /** Input width first, then each layer's output width. */
  widths: number[];
  layers: LayerSummary[];
  /** `[C, H, W]` of the input, when the model states it (v2 spatial models). */
  inputShape?: Shape;
  /** Multiply-accumulates per inference. */
  computeUnits: number;
  inputScale?: number;
  outputScale?: number;
};

export function modelMeta(model: AnyModel, onnxBytes: Uint8Array): ModelMeta {
  const meta: ModelMeta = {
    format: modelFormat(model),
    artifactHash: keccak256(onnxBytes),
    weightCommitment: weightCommitment(model),
    layerLeaves: layerLeaves(model),
    widths: modelWidths(model),
    layers: model.layers.map(layerSummary),
    computeUnits: computeUnits(model),
  };
  if (model.inputShape !== undefined) meta.inputShape = model.inputShape;
  if (model.inputScale !== undefined) meta.inputScale = model.inputScale;
  if (model.outputScale !== undefined) meta.outputScale = model.outputScale;
  return meta;
}
