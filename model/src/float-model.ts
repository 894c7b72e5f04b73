/**
 * A float model, the quantizer's input, and its forward pass (used for
 * calibration and to measure what quantization costs). Dense layers as below;
 * the spatial layers of a CNN (conv2d, pools, residual add) in float-spatial.ts.
 *
 * JSON form accepted by `floatModelFromJson` (dense models; a float CNN comes as ONNX):
 *
 *   { "layers": [ { "W": number[N][K], "b": number[N], "relu": boolean }, ... ],
 *     "weightLayout": "NK" }          // optional, "NK" (default) or "KN"
 *
 * "NK" means `W[j]` holds the K weights of output `j`: the layout of the integer
 * format and of PyTorch's `nn.Linear.weight`. "KN" (`W[k][j]`) is Keras' `Dense` kernel.
 */
import {
  type FloatSpatialLayer,
  spatialForward,
  spatialInputShape,
  spatialOutputShape,
} from "./float-spatial.js";

export type FloatDenseLayer = {
  kind?: "dense";
  K: number;
  N: number;
  /** `[N][K]` row-major, like the integer weights. */
  W: Float64Array;
  b: Float64Array;
  relu: boolean;
};

export type FloatLayer = FloatDenseLayer | FloatSpatialLayer;

export type FloatModel = {
  layers: FloatLayer[];
  /** `[C, H, W]` of the input; absent means `[K_1, 1, 1]` (a dense model's flat input). */
  inputShape?: [number, number, number];
};

/** A float MLP: every layer dense (what the JSON form holds). */
export type FloatDenseModel = { layers: FloatDenseLayer[]; inputShape?: [number, number, number] };

export function isDense(layer: FloatLayer): layer is FloatDenseLayer {
  return layer.kind === undefined || layer.kind === "dense";
}

/** Number of values a layer reads from the activation before it. */
export function floatInputSize(layer: FloatLayer): number {
  if (isDense(layer)) return layer.K;
  const { C, H, W } = spatialInputShape(layer);
  return C * H * W;
}

/** Number of values a layer writes. */
export function floatOutputSize(layer: FloatLayer): number {
  if (isDense(layer)) return layer.N;
  const { C, H, W } = spatialOutputShape(layer);
  return C * H * W;
}

export class FloatModelError extends Error {
  override name = "FloatModelError";
}

function positiveInts(where: string, fields: Record<string, number>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (!(Number.isInteger(value) && value >= 1))
      throw new FloatModelError(`${where}: ${name} must be a positive integer, got ${value}`);
  }
}

function validateSpatialLayer(layer: FloatSpatialLayer, i: number): void {
  const where = `layer ${i} (${layer.kind})`;
  const { H, W } = layer;
  if (layer.kind === "conv2d") {
    const { Cin, Cout, kh, kw, stride, pad } = layer;
    positiveInts(where, { Cin, H, W, Cout, kh, kw, stride });
    if (!(Number.isInteger(pad) && pad >= 0 && pad < Math.min(kh, kw)))
      throw new FloatModelError(`${where}: pad must be an integer in [0, min(kh, kw)), got ${pad}`);
    if (layer.weights.length !== Cout * Cin * kh * kw || layer.bias.length !== Cout) {
      throw new FloatModelError(
        `${where}: weights need Cout*Cin*kh*kw = ${Cout * Cin * kh * kw} values and bias Cout = ${Cout}`,
      );
    }
    if (!layer.weights.every(Number.isFinite) || !layer.bias.every(Number.isFinite))
      throw new FloatModelError(`${where}: parameters must be finite numbers`);
  } else if (layer.kind === "add") {
    positiveInts(where, { C: layer.C, H, W });
    if (!(Number.isInteger(layer.skip) && layer.skip >= 0 && layer.skip <= i - 1))
      throw new FloatModelError(
        `${where}: skip must name an earlier activation, 0..${i - 1}, got ${layer.skip}`,
      );
  } else {
    const { C, kh, kw, stride } = layer;
    positiveInts(where, { C, H, W, kh, kw, stride });
    if (kh > H || kw > W)
      throw new FloatModelError(`${where}: window ${kh}x${kw} larger than the input ${H}x${W}`);
  }
  const out = spatialOutputShape(layer);
  if (!(out.H >= 1 && out.W >= 1))
    throw new FloatModelError(`${where}: output would be ${out.H}x${out.W}`);
}

/** Throws unless the shapes chain and every parameter is finite. */
export function validateFloatModel(model: FloatModel): void {
  if (model.layers.length === 0)
    throw new FloatModelError("a float model needs at least one layer");
  const first = model.layers[0] as FloatLayer;
  if (model.inputShape !== undefined) {
    const [C, H, W] = model.inputShape;
    positiveInts("inputShape", { C, H, W });
    if (C * H * W !== floatInputSize(first)) {
      throw new FloatModelError(
        `inputShape [${C}, ${H}, ${W}] has ${C * H * W} values; layer 0 reads ${floatInputSize(first)}`,
      );
    }
  }
  // sizes[l] is the size of activation a_l (a_0 the input): an add's skip must match it.
  const sizes = [floatInputSize(first)];
  model.layers.forEach((layer, i) => {
    if (isDense(layer)) {
      if (
        !(layer.K >= 1 && layer.N >= 1 && Number.isInteger(layer.K) && Number.isInteger(layer.N))
      ) {
        throw new FloatModelError(`layer ${i}: bad shape K=${layer.K} N=${layer.N}`);
      }
      if (layer.W.length !== layer.K * layer.N || layer.b.length !== layer.N) {
        throw new FloatModelError(
          `layer ${i}: W needs N*K = ${layer.N * layer.K} values and b N = ${layer.N}`,
        );
      }
      if (!layer.W.every(Number.isFinite) || !layer.b.every(Number.isFinite)) {
        throw new FloatModelError(`layer ${i}: parameters must be finite numbers`);
      }
    } else {
      validateSpatialLayer(layer, i + 1);
      if (layer.kind === "add" && sizes[layer.skip] !== floatInputSize(layer)) {
        throw new FloatModelError(
          `layer ${i} (add): skip activation ${layer.skip} has ${sizes[layer.skip]} values, expected ${floatInputSize(layer)}`,
        );
      }
    }
    const previous = sizes[i] as number;
    if (i > 0 && previous !== floatInputSize(layer)) {
      const what = isDense(layer) ? `K = ${layer.K}` : `input size ${floatInputSize(layer)}`;
      throw new FloatModelError(
        `layer ${i}: ${what} does not match the previous layer's output size ${previous}`,
      );
    }
    sizes.push(floatOutputSize(layer));
  });
}

export function floatLayerForward(layer: FloatDenseLayer, x: ArrayLike<number>): Float64Array {
  const { K, N, W, b } = layer;
  const y = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let acc = b[j] as number;
    const row = j * K;
    for (let k = 0; k < K; k++) acc += (W[row + k] as number) * (x[k] as number);
    y[j] = layer.relu && acc < 0 ? 0 : acc;
  }
  return y;
}

/** Activations `[a_0, ..., a_L]` of the float model, as `execute` returns for the integer one. */
export function floatForward(model: FloatModel, input: ArrayLike<number>): Float64Array[] {
  const first = model.layers[0];
  if (first === undefined || input.length !== floatInputSize(first)) {
    throw new FloatModelError(
      `expected an input of length ${first && floatInputSize(first)}, got ${input.length}`,
    );
  }
  const activations: Float64Array[] = [Float64Array.from(input)];
  let x = activations[0] as Float64Array;
  for (const layer of model.layers) {
    x = isDense(layer) ? floatLayerForward(layer, x) : spatialForward(layer, x, activations);
    activations.push(x);
  }
  return activations;
}

function numberMatrix(value: unknown, what: string): number[][] {
  if (
    !Array.isArray(value) ||
    !value.every((row) => Array.isArray(row) && row.every((v) => typeof v === "number"))
  ) {
    throw new FloatModelError(`${what} must be an array of number arrays`);
  }
  return value as number[][];
}

export function floatModelFromJson(json: unknown): FloatDenseModel {
  const root = json as { layers?: unknown; weightLayout?: unknown };
  if (typeof json !== "object" || json === null || !Array.isArray(root.layers)) {
    throw new FloatModelError('a float model is an object with a "layers" array');
  }
  const layout = root.weightLayout ?? "NK";
  if (layout !== "NK" && layout !== "KN") {
    throw new FloatModelError(`weightLayout must be "NK" or "KN", got ${JSON.stringify(layout)}`);
  }
  const layers = root.layers.map((raw: unknown, i): FloatDenseLayer => {
    const layer = raw as { W?: unknown; b?: unknown; relu?: unknown };
    const W = numberMatrix(layer.W, `layer ${i} W`);
    const outer = W.length;
    const inner = W[0]?.length ?? 0;
    if (!W.every((row) => row.length === inner))
      throw new FloatModelError(`layer ${i}: W rows differ in length`);
    const [N, K] = layout === "NK" ? [outer, inner] : [inner, outer];
    const flat = new Float64Array(N * K);
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < K; k++) {
        flat[j * K + k] = (layout === "NK" ? W[j]?.[k] : W[k]?.[j]) as number;
      }
    }
    if (!Array.isArray(layer.b) || !layer.b.every((v) => typeof v === "number")) {
      throw new FloatModelError(`layer ${i}: b must be a number array`);
    }
    if (typeof layer.relu !== "boolean")
      throw new FloatModelError(`layer ${i}: relu must be a boolean`);
    return { K, N, W: flat, b: Float64Array.from(layer.b as number[]), relu: layer.relu };
  });
  const model = { layers };
  validateFloatModel(model);
  return model;
}

/** The JSON form (layout "NK"), e.g. to save a trained model. */
export function floatModelToJson(model: FloatModel): {
  weightLayout: "NK";
  layers: { W: number[][]; b: number[]; relu: boolean }[];
} {
  const dense = model.layers.filter(isDense);
  if (dense.length !== model.layers.length)
    throw new FloatModelError("the JSON form holds dense models only; save a float CNN as ONNX");
  return {
    weightLayout: "NK",
    layers: dense.map((layer) => ({
      W: Array.from({ length: layer.N }, (_, j) =>
        Array.from(layer.W.subarray(j * layer.K, (j + 1) * layer.K)),
      ),
      b: Array.from(layer.b),
      relu: layer.relu,
    })),
  };
}
