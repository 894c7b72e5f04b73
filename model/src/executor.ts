/**
 * Reference executor of docs/model-format.md: the semantics onnxruntime and the
 * Solidity one-step check must reproduce bit for bit.
 *
 * The accumulator is exact in a JS number (|acc| < 2^31 by the spec's bounds),
 * but `acc * M` reaches 2^62, past the 2^53 that doubles hold exactly, so the
 * requantization multiply runs in BigInt. That is one BigInt multiply per
 * output element against K multiply-accumulates in plain numbers.
 */
import { layerInputSize, layerOutputSize, modelInputShape, shapeSize } from "./shapes.js";
import {
  addElement,
  convElement,
  executeAdd,
  executeConv2d,
  executePool,
  poolElement,
} from "./spatial-executor.js";
import {
  type AnyLayer,
  type AnyModel,
  isDenseLayer,
  type Layer,
  ModelValidationError,
} from "./types.js";

const INT8_MIN = -128;
const INT8_MAX = 127;

/** `y = clamp(floor((acc * M + 2^(s-1)) / 2^s), -128, 127)` for one layer's fixed M and s. */
export type Requantizer = (acc: number) => number;

export function makeRequantizer(M: number, s: number): Requantizer {
  const multiplier = BigInt(M);
  const shift = BigInt(s);
  const half = 1n << (shift - 1n);
  return (acc) => {
    // BigInt's >> is an arithmetic shift: it floors negative values, as the spec requires
    // (truncation toward zero would differ on negatives).
    const q = Number((BigInt(acc) * multiplier + half) >> shift);
    return Math.max(INT8_MIN, Math.min(INT8_MAX, q));
  };
}

export function requantize(acc: number, M: number, s: number): number {
  return makeRequantizer(M, s)(acc);
}

/** `b_j + sum_k W[j][k] * x[k]`, then ReLU when the layer asks for it. */
export function accumulate(layer: Layer, x: Int8Array, j: number): number {
  const { K, weights } = layer;
  let acc = layer.bias[j] as number;
  const row = j * K;
  for (let k = 0; k < K; k++) {
    acc += (weights[row + k] as number) * (x[k] as number);
  }
  return layer.relu && acc < 0 ? 0 : acc;
}

function checkInput(layer: Layer, x: Int8Array, path: string): void {
  if (!(x instanceof Int8Array) || x.length !== layer.K) {
    const got = x instanceof Int8Array ? `length ${x.length}` : "a non-Int8Array";
    throw new ModelValidationError(
      path,
      `expected an Int8Array of length K = ${layer.K}, got ${got}`,
    );
  }
}

/** Output element `y_j` of one layer: what the one-step check recomputes on chain. */
export function neuronOutput(layer: Layer, x: Int8Array, j: number): number {
  checkInput(layer, x, "x");
  if (!Number.isInteger(j) || j < 0 || j >= layer.N) {
    throw new RangeError(`neuron ${j} out of range [0, ${layer.N})`);
  }
  return requantize(accumulate(layer, x, j), layer.M, layer.s);
}

export function executeLayer(layer: Layer, x: Int8Array): Int8Array {
  checkInput(layer, x, "x");
  const requant = makeRequantizer(layer.M, layer.s);
  const y = new Int8Array(layer.N);
  for (let j = 0; j < layer.N; j++) y[j] = requant(accumulate(layer, x, j));
  return y;
}

function checkVector(x: Int8Array, size: number, path: string, what: string): void {
  if (!(x instanceof Int8Array) || x.length !== size) {
    const got = x instanceof Int8Array ? `length ${x.length}` : "a non-Int8Array";
    throw new ModelValidationError(
      path,
      `expected an Int8Array of length ${what} = ${size}, got ${got}`,
    );
  }
}

function checkLayerInputs(layer: AnyLayer, x: Int8Array, skip: Int8Array | undefined): void {
  const size = layerInputSize(layer);
  checkVector(x, size, "x", isDenseLayer(layer) ? "K" : "the layer's input size");
  if (layer.kind === "add") {
    if (skip === undefined) {
      throw new ModelValidationError("skip", `an add layer needs its second input a_${layer.skip}`);
    }
    checkVector(skip, size, "skip", "C*H*W");
  }
}

/**
 * One layer of any kind on its input `x = a_{l-1}`; an add layer also reads
 * `skip = a_skip`. The layer is trusted to be valid (see validateModel).
 */
export function executeAnyLayer(layer: AnyLayer, x: Int8Array, skip?: Int8Array): Int8Array {
  checkLayerInputs(layer, x, skip);
  switch (layer.kind) {
    case undefined:
    case "dense":
      return executeLayer(layer, x);
    case "conv2d":
      return executeConv2d(layer, x);
    case "maxpool":
    case "avgpool":
      return executePool(layer, x);
    default:
      return executeAdd(layer, x, skip as Int8Array);
  }
}

/**
 * Output element `j` (C-major index into a_l) of one layer of any kind: what the
 * dispute's last move recomputes on chain. `skip` is `a_skip` for an add layer.
 */
export function elementOutput(layer: AnyLayer, x: Int8Array, j: number, skip?: Int8Array): number {
  checkLayerInputs(layer, x, skip);
  const size = layerOutputSize(layer);
  if (!Number.isInteger(j) || j < 0 || j >= size) {
    throw new RangeError(`element ${j} out of range [0, ${size})`);
  }
  switch (layer.kind) {
    case undefined:
    case "dense":
      return neuronOutput(layer, x, j);
    case "conv2d":
      return convElement(layer, x, j);
    case "maxpool":
    case "avgpool":
      return poolElement(layer, x, j);
    default:
      return addElement(layer, x, skip as Int8Array, j);
  }
}

/**
 * Runs the model and returns every activation `[a_0, a_1, ..., a_L]`: `a_0` is
 * (a copy of) the input and `a_L` the output, so `activations[l]` is `a_l` of the spec.
 * The model is trusted to be valid (see validateModel); the input is checked.
 */
export function execute(model: AnyModel, input: Int8Array): Int8Array[] {
  if (model.layers.length === 0)
    throw new ModelValidationError("layers", "a model needs at least one layer");
  const first = model.layers[0] as AnyLayer;
  checkVector(
    input,
    shapeSize(modelInputShape(model)),
    "input",
    isDenseLayer(first) && model.inputShape === undefined ? "K" : "the model's input size",
  );
  const activations: Int8Array[] = [Int8Array.from(input)];
  for (const layer of model.layers) {
    const x = activations[activations.length - 1] as Int8Array;
    const skip = layer.kind === "add" ? activations[layer.skip] : undefined;
    activations.push(executeAnyLayer(layer, x, skip));
  }
  return activations;
}

/** Index of the largest element, the first on ties: the predicted class of int8 logits. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) > (values[best] as number)) best = i;
  }
  return best;
}
