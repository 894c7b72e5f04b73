/**
 * The integer dense model of docs/model-format.md (v1), and the checks every
 * implementation enforces. A model that passes `validateModel` has accumulators
 * that fit int32 and products `acc * M` that fit int64, which is what lets the
 * TypeScript executor, onnxruntime and the Solidity one-step check agree bit for bit.
 */

/** Widest input or output a layer may have (spec bound; the on-chain check's cost grows with it). */
export const MAX_WIDTH = 4096;
/** Largest |bias|: with K <= 4096 int8 products this keeps |acc| < 2^31. */
export const MAX_ABS_BIAS = 2 ** 30;
/** M is a uint32 below 2^31 so that acc * M fits int64. */
export const MAX_MULTIPLIER = 2 ** 31 - 1;
export const MIN_SHIFT = 1;
export const MAX_SHIFT = 62;

export type Layer = {
  /** Input width. */
  K: number;
  /** Output width. */
  N: number;
  /** int8 `[N][K]`, row-major by output neuron: row `j` is `weights[j*K .. j*K+K)`. */
  weights: Int8Array;
  /** int32 `[N]`, added to the accumulator. */
  bias: Int32Array;
  /** Requantization multiplier, `1 <= M < 2^31`. */
  M: number;
  /** Requantization right shift, `1 <= s <= 62`. */
  s: number;
  /** ReLU on the accumulator, before requantization. */
  relu: boolean;
};

export type IntegerModel = {
  layers: Layer[];
  /**
   * Optional metadata, outside every commitment: real value of one input step
   * (`x_real ~= x_int8 * inputScale`), used to quantize float inputs.
   */
  inputScale?: number;
  /** Optional metadata: real value of one output step (`y_real ~= y_int8 * outputScale`). */
  outputScale?: number;
};

export type ModelValidationErrorType = ModelValidationError;

/** A model (or input) that breaks the spec; `path` names the offending field, e.g. `layers[1].M`. */
export class ModelValidationError extends Error {
  override name = "ModelValidationError";
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function checkInt(path: string, value: unknown, min: number, max: number, what: string): void {
  if (!isIntIn(value, min, max)) {
    throw new ModelValidationError(
      path,
      `${what} must be an integer in [${min}, ${max}], got ${String(value)}`,
    );
  }
}

/** Throws a ModelValidationError naming the first field of `layer` that breaks the spec. */
export function validateLayer(layer: Layer, path = "layer"): void {
  checkInt(`${path}.K`, layer.K, 1, MAX_WIDTH, "K");
  checkInt(`${path}.N`, layer.N, 1, MAX_WIDTH, "N");
  checkInt(`${path}.M`, layer.M, 1, MAX_MULTIPLIER, "M");
  checkInt(`${path}.s`, layer.s, MIN_SHIFT, MAX_SHIFT, "s");
  if (typeof layer.relu !== "boolean") {
    throw new ModelValidationError(
      `${path}.relu`,
      `relu must be a boolean, got ${String(layer.relu)}`,
    );
  }
  if (!(layer.weights instanceof Int8Array)) {
    throw new ModelValidationError(`${path}.weights`, "weights must be an Int8Array");
  }
  if (layer.weights.length !== layer.N * layer.K) {
    throw new ModelValidationError(
      `${path}.weights`,
      `expected N*K = ${layer.N}*${layer.K} = ${layer.N * layer.K} weights, got ${layer.weights.length}`,
    );
  }
  if (!(layer.bias instanceof Int32Array)) {
    throw new ModelValidationError(`${path}.bias`, "bias must be an Int32Array");
  }
  if (layer.bias.length !== layer.N) {
    throw new ModelValidationError(
      `${path}.bias`,
      `expected N = ${layer.N} biases, got ${layer.bias.length}`,
    );
  }
  for (let j = 0; j < layer.N; j++) {
    const b = layer.bias[j] as number;
    if (b > MAX_ABS_BIAS || b < -MAX_ABS_BIAS) {
      throw new ModelValidationError(`${path}.bias[${j}]`, `|bias| must be <= 2^30, got ${b}`);
    }
  }
}

/** Throws a ModelValidationError unless `model` is a valid v1 integer model. */
export function validateModel(model: IntegerModel): void {
  if (!Array.isArray(model.layers) || model.layers.length === 0) {
    throw new ModelValidationError("layers", "a model needs at least one layer");
  }
  model.layers.forEach((layer, i) => {
    const path = `layers[${i}]`;
    validateLayer(layer, path);
    const previous = model.layers[i - 1];
    if (previous !== undefined && layer.K !== previous.N) {
      throw new ModelValidationError(
        `${path}.K`,
        `K must equal the previous layer's N (${previous.N}), got ${layer.K}`,
      );
    }
  });
  for (const key of ["inputScale", "outputScale"] as const) {
    const value = model[key];
    if (
      value !== undefined &&
      !(typeof value === "number" && Number.isFinite(value) && value > 0)
    ) {
      throw new ModelValidationError(
        key,
        `${key} must be a finite number > 0, got ${String(value)}`,
      );
    }
  }
}

/** Widths input first (`[K_1, N_1, ..., N_L]`), the shape list the model registry stores. */
export function modelWidths(model: IntegerModel): number[] {
  const first = model.layers[0];
  if (first === undefined)
    throw new ModelValidationError("layers", "a model needs at least one layer");
  return [first.K, ...model.layers.map((layer) => layer.N)];
}

/** Multiply-accumulates of one inference: the model's compute units in the registry. */
export function computeUnits(model: IntegerModel): number {
  return model.layers.reduce((total, layer) => total + layer.K * layer.N, 0);
}
