/**
 * The facts about a model that go on chain or into a listing: what the model
 * registry's `registerModel` takes (artifact hash, widths, weight commitment,
 * compute units), derived from the model itself so they can never drift from it.
 */
import { type Hex, keccak256 } from "viem";
import { layerLeaves, weightCommitment } from "./commitments.js";
import { MODEL_FORMAT, type MODEL_FORMAT_V2, modelFormat } from "./model-file.js";
import { layerInputShape, layerOutputShape, modelInputShape } from "./shapes.js";
import {
  type AnyModel,
  computeUnits,
  isDenseLayer,
  type LayerKind,
  modelWidths,
  type Shape,
} from "./types.js";

/** A v1 (dense) layer's summary. */
export type DenseLayerMeta = { K: number; N: number; relu: boolean };
/** A v2 layer's summary: kind and shapes, and the ReLU flag where the kind has one. */
export type AnyLayerMeta = { kind: LayerKind; input: Shape; output: Shape; relu?: boolean };

export type ModelMeta = {
  format: typeof MODEL_FORMAT | typeof MODEL_FORMAT_V2;
  /** keccak256 of the ONNX file: the registry's artifact hash. */
  artifactHash: Hex;
  /** Merkle root over the layer leaves (docs/model-format.md). */
  weightCommitment: Hex;
  layerLeaves: Hex[];
  /** v2 only: the input's `[C, H, W]`. */
  inputShape?: Shape;
  /** Input size first, then each activation's element count. */
  widths: number[];
  /** v1: `{ K, N, relu }` per layer; v2: `{ kind, input, output, relu? }`. */
  layers: DenseLayerMeta[] | AnyLayerMeta[];
  /** Multiply-accumulates (and window reads) per inference. */
  computeUnits: number;
  inputScale?: number;
  outputScale?: number;
};

export function modelMeta(model: AnyModel, onnxBytes: Uint8Array): ModelMeta {
  const format = modelFormat(model);
  const v1 = format === MODEL_FORMAT;
  const meta: ModelMeta = {
    format,
    artifactHash: keccak256(onnxBytes),
    weightCommitment: weightCommitment(model),
    layerLeaves: layerLeaves(model),
    widths: modelWidths(model),
    layers: v1
      ? model.layers.filter(isDenseLayer).map(({ K, N, relu }) => ({ K, N, relu }))
      : model.layers.map((layer) => {
          const summary: AnyLayerMeta = {
            kind: layer.kind ?? "dense",
            input: layerInputShape(layer),
            output: layerOutputShape(layer),
          };
          if ("relu" in layer) summary.relu = layer.relu;
          return summary;
        }),
    computeUnits: computeUnits(model),
  };
  if (!v1) {
    // Keep the key order of a v1 file and put the shape before the widths.
    const { widths, layers, computeUnits: units, ...head } = meta;
    return finish(
      { ...head, inputShape: modelInputShape(model), widths, layers, computeUnits: units },
      model,
    );
  }
  return finish(meta, model);
}

function finish(meta: ModelMeta, model: AnyModel): ModelMeta {
  if (model.inputScale !== undefined) meta.inputScale = model.inputScale;
  if (model.outputScale !== undefined) meta.outputScale = model.outputScale;
  return meta;
}
