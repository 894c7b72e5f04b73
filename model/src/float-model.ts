/**
 * A float dense model, the quantizer's input, and its forward pass (used for
 * calibration and to measure what quantization costs).
 *
 * JSON form accepted by `floatModelFromJson`:
 *
 *   { "layers": [ { "W": number[N][K], "b": number[N], "relu": boolean }, ... ],
 *     "weightLayout": "NK" }          // optional, "NK" (default) or "KN"
 *
 * "NK" means `W[j]` holds the K weights of output `j`: the layout of the integer
 * format and of PyTorch's `nn.Linear.weight`. "KN" (`W[k][j]`) is Keras' `Dense` kernel.
 */

export type FloatLayer = {
  K: number;
  N: number;
  /** `[N][K]` row-major, like the integer weights. */
  W: Float64Array;
  b: Float64Array;
  relu: boolean;
};

export type FloatModel = { layers: FloatLayer[] };

export class FloatModelError extends Error {
  override name = "FloatModelError";
}

/** Throws unless the shapes chain and every parameter is finite. */
export function validateFloatModel(model: FloatModel): void {
  if (model.layers.length === 0)
    throw new FloatModelError("a float model needs at least one layer");
  model.layers.forEach((layer, i) => {
    if (!(layer.K >= 1 && layer.N >= 1 && Number.isInteger(layer.K) && Number.isInteger(layer.N))) {
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
    const previous = model.layers[i - 1];
    if (previous !== undefined && previous.N !== layer.K) {
      throw new FloatModelError(
        `layer ${i}: K = ${layer.K} does not match the previous N = ${previous.N}`,
      );
    }
  });
}

export function floatLayerForward(layer: FloatLayer, x: ArrayLike<number>): Float64Array {
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
  if (first === undefined || input.length !== first.K) {
    throw new FloatModelError(`expected an input of length ${first?.K}, got ${input.length}`);
  }
  const activations: Float64Array[] = [Float64Array.from(input)];
  let x = activations[0] as Float64Array;
  for (const layer of model.layers) {
    x = floatLayerForward(layer, x);
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

export function floatModelFromJson(json: unknown): FloatModel {
  const root = json as { layers?: unknown; weightLayout?: unknown };
  if (typeof json !== "object" || json === null || !Array.isArray(root.layers)) {
    throw new FloatModelError('a float model is an object with a "layers" array');
  }
  const layout = root.weightLayout ?? "NK";
  if (layout !== "NK" && layout !== "KN") {
    throw new FloatModelError(`weightLayout must be "NK" or "KN", got ${JSON.stringify(layout)}`);
  }
  const layers = root.layers.map((raw: unknown, i): FloatLayer => {
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
  return {
    weightLayout: "NK",
    layers: model.layers.map((layer) => ({
      W: Array.from({ length: layer.N }, (_, j) =>
        Array.from(layer.W.subarray(j * layer.K, (j + 1) * layer.K)),
      ),
      b: Array.from(layer.b),
      relu: layer.relu,
    })),
  };
}
