/**
 * What the dispute's last move needs to recompute one output element of a
 * layer of any kind (docs/model-format.md, "One element checkable alone"):
 * the layer leaf's fields and their proof against the weight commitment, plus
 * - dense: the neuron's row and bias with their proof against the rows root;
 * - conv2d: filter `co = j / (Ho*Wo)` and its bias with their proof against the filters root;
 * - maxpool, avgpool: nothing more;
 * - add: the skip activation a_skip with its binding (trace proof, or the job's input hash).
 * The step witness adds a_{l-1} and a_l with their bindings.
 *
 * Layers are numbered as in the spec: `l` is 1-based, element `j` is the
 * C-major index into a_l.
 */
import type { Hex } from "viem";
import {
  type AnyLayerLeafFields,
  int8ToHex,
  type LayerLeafFields,
  layerLeafFields,
  layerLeafFromFields,
  layerLeaves,
  rowLeaves,
  weightRow,
} from "./commitments.js";
import { elementOutput } from "./executor.js";
import { merkleProof, merkleRoot } from "./merkle.js";
import { layerOutputShape, layerOutputSize } from "./shapes.js";
import {
  type AddLeafFields,
  type Conv2dLeafFields,
  convFilter,
  filterLeaves,
  type PoolLeafFields,
} from "./spatial-commitments.js";
import type { AnyLayer, AnyModel } from "./types.js";
import { type ActivationWitness, activationWitness } from "./witness.js";

type Common = {
  /** Layer number `l`, 1-based. */
  layer: number;
  /** Output element `j`, 0-based C-major index into a_l. */
  element: number;
  layerLeaf: Hex;
  /** Siblings of the layer leaf (index `l - 1`) up to the weight commitment. */
  layerProof: Hex[];
  weightCommitment: Hex;
};

export type DenseElementWitness = Common & {
  kind: "dense";
  layerFields: LayerLeafFields;
  /** Row `j` of the weights: K int8 bytes. */
  row: Hex;
  bias: number;
  rowLeaf: Hex;
  /** Siblings of the row leaf (index `j`) up to `layerFields.rowsRoot`. */
  rowProof: Hex[];
};

export type Conv2dElementWitness = Common & {
  kind: "conv2d";
  layerFields: Conv2dLeafFields;
  /** Output channel `co = floor(j / (Ho*Wo))`. */
  channel: number;
  /** Filter `co`: Cin*kh*kw int8 bytes, `[Cin][kh][kw]`. */
  filter: Hex;
  bias: number;
  filterLeaf: Hex;
  /** Siblings of the filter leaf (index `co`) up to `layerFields.filtersRoot`. */
  filterProof: Hex[];
};

export type PoolElementWitness = Common & {
  kind: "maxpool" | "avgpool";
  layerFields: PoolLeafFields;
};

export type AddElementWitness = Common & { kind: "add"; layerFields: AddLeafFields };

export type ElementWitness =
  | DenseElementWitness
  | Conv2dElementWitness
  | PoolElementWitness
  | AddElementWitness;

function layerAt(model: AnyModel, l: number): AnyLayer {
  const layer = Number.isInteger(l) ? model.layers[l - 1] : undefined;
  if (layer === undefined)
    throw new RangeError(`layer ${l} out of range [1, ${model.layers.length}]`);
  return layer;
}

/** The weight-side witness for element `j` of layer `l` of `model` (any kind). */
export function elementWitness(model: AnyModel, l: number, j: number): ElementWitness {
  const layer = layerAt(model, l);
  const size = layerOutputSize(layer);
  if (!Number.isInteger(j) || j < 0 || j >= size) {
    throw new RangeError(`element ${j} out of range [0, ${size}) of layer ${l}`);
  }
  const leaves = layerLeaves(model);
  const fields: AnyLayerLeafFields = layerLeafFields(layer);
  const common: Common = {
    layer: l,
    element: j,
    layerLeaf: layerLeafFromFields(fields),
    layerProof: merkleProof(leaves, l - 1),
    weightCommitment: merkleRoot(leaves),
  };
  switch (layer.kind) {
    case undefined:
    case "dense": {
      const rows = rowLeaves(layer);
      return {
        ...common,
        kind: "dense",
        layerFields: fields as LayerLeafFields,
        row: int8ToHex(weightRow(layer, j)),
        bias: layer.bias[j] as number,
        rowLeaf: rows[j] as Hex,
        rowProof: merkleProof(rows, j),
      };
    }
    case "conv2d": {
      const [, Ho, Wo] = layerOutputShape(layer);
      const co = Math.floor(j / (Ho * Wo));
      const filters = filterLeaves(layer);
      return {
        ...common,
        kind: "conv2d",
        layerFields: fields as Conv2dLeafFields,
        channel: co,
        filter: int8ToHex(convFilter(layer, co)),
        bias: layer.bias[co] as number,
        filterLeaf: filters[co] as Hex,
        filterProof: merkleProof(filters, co),
      };
    }
    case "maxpool":
    case "avgpool":
      return { ...common, kind: layer.kind, layerFields: fields as PoolLeafFields };
    default:
      return { ...common, kind: "add", layerFields: fields as AddLeafFields };
  }
}

export type ElementStepWitness = {
  element: ElementWitness;
  /** `a_{l-1}`, the layer's input. */
  input: ActivationWitness;
  /** `a_l`, the layer's output as committed by the trace. */
  output: ActivationWitness;
  /** add only: `a_skip`, bound by the trace root (or by the job's input hash when skip = 0). */
  skip?: ActivationWitness;
  /** `y_j` recomputed by the reference executor from `a_{l-1}` (and `a_skip`). */
  expected: number;
};

/** Everything for checking element `j` of layer `l` of a trace `[a_0..a_L]` of `model`. */
export function elementStepWitness(
  model: AnyModel,
  activations: readonly Int8Array[],
  l: number,
  j: number,
): ElementStepWitness {
  const layer = layerAt(model, l);
  if (activations.length !== model.layers.length + 1) {
    throw new RangeError(
      `a trace of ${model.layers.length} layers has ${model.layers.length + 1} activations, got ${activations.length}`,
    );
  }
  const x = activations[l - 1] as Int8Array;
  const skip = layer.kind === "add" ? (activations[layer.skip] as Int8Array) : undefined;
  const witness: ElementStepWitness = {
    element: elementWitness(model, l, j),
    input: activationWitness(activations, l - 1),
    output: activationWitness(activations, l),
    expected: elementOutput(layer, x, j, skip),
  };
  if (layer.kind === "add") witness.skip = activationWitness(activations, layer.skip);
  return witness;
}
