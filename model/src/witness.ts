/**
 * What a dispute's final step needs to recompute one output element on chain:
 * the layer's leaf and its proof against the registered weight commitment, the
 * neuron's weight row and bias with their proof against the layer's rows root,
 * and the two activation vectors with their proofs against the trace.
 *
 * Layers are numbered as in the spec: `l` is 1-based, its leaf sits at index
 * `l - 1` of the weight tree, and `h_l` (1 <= l <= L-1) at index `l - 1` of the trace tree.
 */
import type { Hex } from "viem";
import {
  activationHash,
  int8ToHex,
  type LayerLeafFields,
  layerLeafFields,
  layerLeafFromFields,
  layerLeaves,
  rowLeaves,
  weightRow,
} from "./commitments.js";
import { neuronOutput } from "./executor.js";
import { merkleProof, merkleRoot } from "./merkle.js";
import type { IntegerModel, Layer } from "./types.js";

export type NeuronWitness = {
  /** Layer number `l`, 1-based. */
  layer: number;
  /** Output neuron `j`, 0-based. */
  neuron: number;
  layerFields: LayerLeafFields;
  layerLeaf: Hex;
  /** Siblings of the layer leaf (index `l - 1`) up to the weight commitment. */
  layerProof: Hex[];
  weightCommitment: Hex;
  /** Row `j` of the weights: K int8 bytes. */
  row: Hex;
  bias: number;
  rowLeaf: Hex;
  /** Siblings of the row leaf (index `j`) up to `layerFields.rowsRoot`. */
  rowProof: Hex[];
};

function layerAt(model: IntegerModel, l: number): Layer {
  const layer = Number.isInteger(l) ? model.layers[l - 1] : undefined;
  if (layer === undefined)
    throw new RangeError(`layer ${l} out of range [1, ${model.layers.length}]`);
  return layer;
}

export function neuronWitness(model: IntegerModel, l: number, j: number): NeuronWitness {
  const layer = layerAt(model, l);
  const row = weightRow(layer, j);
  const leaves = layerLeaves(model);
  const rows = rowLeaves(layer);
  const layerFields = layerLeafFields(layer);
  return {
    layer: l,
    neuron: j,
    layerFields,
    layerLeaf: layerLeafFromFields(layerFields),
    layerProof: merkleProof(leaves, l - 1),
    weightCommitment: merkleRoot(leaves),
    row: int8ToHex(row),
    bias: layer.bias[j] as number,
    rowLeaf: rows[j] as Hex,
    rowProof: merkleProof(rows, j),
  };
}

/**
 * How activation `a_l` is bound: `h_0` by the job's input hash, `h_L` by its
 * output hash, the hidden ones by a proof against the trace commitment.
 */
export type ActivationWitness =
  | { index: number; bound: "input" | "output"; activation: Hex; hash: Hex }
  | {
      index: number;
      bound: "trace";
      activation: Hex;
      hash: Hex;
      traceIndex: number;
      proof: Hex[];
      traceRoot: Hex;
    };

export function activationWitness(activations: readonly Int8Array[], l: number): ActivationWitness {
  const last = activations.length - 1;
  const vector = activations[l];
  if (last < 1 || vector === undefined)
    throw new RangeError(`activation ${l} out of range [0, ${last}]`);
  const common = { index: l, activation: int8ToHex(vector), hash: activationHash(vector) };
  if (l === 0) return { ...common, bound: "input" };
  if (l === last) return { ...common, bound: "output" };
  const hidden = activations.slice(1, -1).map(activationHash);
  return {
    ...common,
    bound: "trace",
    traceIndex: l - 1,
    proof: merkleProof(hidden, l - 1),
    traceRoot: merkleRoot(hidden),
  };
}

export type StepWitness = {
  neuron: NeuronWitness;
  /** `a_{l-1}`, the layer's input. */
  input: ActivationWitness;
  /** `a_l`, the layer's output as committed by the trace. */
  output: ActivationWitness;
  /** `y_j` recomputed by the reference executor from `a_{l-1}`. */
  expected: number;
};

/** Everything for checking element `j` of layer `l` of a trace `[a_0..a_L]` of `model`. */
export function stepWitness(
  model: IntegerModel,
  activations: readonly Int8Array[],
  l: number,
  j: number,
): StepWitness {
  const layer = layerAt(model, l);
  if (activations.length !== model.layers.length + 1) {
    throw new RangeError(
      `a trace of ${model.layers.length} layers has ${model.layers.length + 1} activations, got ${activations.length}`,
    );
  }
  return {
    neuron: neuronWitness(model, l, j),
    input: activationWitness(activations, l - 1),
    output: activationWitness(activations, l),
    expected: neuronOutput(layer, activations[l - 1] as Int8Array, j),
  };
}
