/**
 * The integer models of docs/model-format.md and the checks every implementation
 * enforces. v1 models are stacks of dense layers; v2 adds the spatial kinds
 * (conv2d, maxpool, avgpool, add). A model that passes `validateModel` has
 * accumulators that fit int32 and products `acc * M` that fit int64, which is
 * what lets the TypeScript executor, onnxruntime and the Solidity one-step
 * check agree bit for bit.
 *
 * `Layer` is the dense layer (the v1 shape, `kind` absent or "dense"), so code
 * written for dense models keeps working; `AnyLayer` is the union of every
 * kind, discriminated by `kind`. `IntegerModel` is a dense model and
 * `AnyModel` (`IntegerModel<AnyLayer>`) a model of any kinds: a dense model is
 * an AnyModel, so functions that take an AnyModel take both.
 */
import { activationShapes, layerInputSize, layerOutputShape, shapeSize } from "./shapes.js";
import { validateSpatialLayer } from "./spatial-validate.js";
import { checkBoolean, checkInt, ModelValidationError } from "./validation-error.js";

export { ModelValidationError, type ModelValidationErrorType } from "./validation-error.js";

/** Widest input or output a dense layer may have (spec bound; the on-chain check's cost grows with it). */
export const MAX_WIDTH = 4096;
/** Largest |bias|: with K <= 4096 int8 products this keeps |acc| < 2^31. */
export const MAX_ABS_BIAS = 2 ** 30;
/** M is a uint32 below 2^31 so that acc * M fits int64. */
export const MAX_MULTIPLIER = 2 ** 31 - 1;
export const MIN_SHIFT = 1;
export const MAX_SHIFT = 62;
/** Most layers a model may have. */
export const MAX_LAYERS = 256;
/**
 * Most elements of one activation: the dispute passes whole activations in calldata (two, three
 * at an add), and at this bound every last move stays under a default node pool's 128 KiB.
 */
export const MAX_ACTIVATION = 32_768;
/** conv2d: Cin*kh*kw bound, so every partial sum has |sum| <= 2^24 (exact even in float32). */
export const MAX_CONV_WINDOW = 1024;
/** conv2d output channels. */
export const MAX_CHANNELS_OUT = 4096;
/** Largest kernel side (conv and pools). */
export const MAX_KERNEL = 15;
export const MAX_STRIDE = 8;

/** An activation's shape `[C, H, W]`; its bytes are C-major (element (c,y,x) at `(c*H + y)*W + x`). */
export type Shape = [C: number, H: number, W: number];

export type LayerKind = "dense" | "conv2d" | "maxpool" | "avgpool" | "add";

/** A dense layer (v1): `y = requant(b + W x)`. */
export type Layer = {
  /** Absent in v1 files; "dense" when written out. */
  kind?: "dense";
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
export type DenseLayer = Layer;

/** 2-D convolution with zero padding and one (M, s) for the whole layer. */
export type Conv2dLayer = {
  kind: "conv2d";
  /** Input shape `(Cin, H, W)`. */
  Cin: number;
  H: number;
  W: number;
  Cout: number;
  kh: number;
  kw: number;
  stride: number;
  /** Zeros on all four sides, `0 <= pad < min(kh, kw)`. */
  pad: number;
  /** int8 `[Cout][Cin][kh][kw]` (ONNX's OIHW): filter `co` is `weights[co*Cin*kh*kw ..)`. */
  weights: Int8Array;
  /** int32 `[Cout]`. */
  bias: Int32Array;
  M: number;
  s: number;
  relu: boolean;
};

/** Max or average over `kh x kw` windows, no padding. */
export type PoolLayer<Kind extends "maxpool" | "avgpool" = "maxpool" | "avgpool"> = {
  kind: Kind;
  C: number;
  H: number;
  W: number;
  kh: number;
  kw: number;
  stride: number;
};
export type MaxPoolLayer = PoolLayer<"maxpool">;
/** `y = floor((2*sum + count) / (2*count))`, count = kh*kw: round half up of the mean. */
export type AvgPoolLayer = PoolLayer<"avgpool">;

/** Residual addition `y = clamp8(floor((a*Ma + b*Mb [ReLU] + 2^(s-1)) / 2^s))`, a = a_{l-1}, b = a_skip. */
export type AddLayer = {
  kind: "add";
  C: number;
  H: number;
  W: number;
  /** Index r of the second input `a_r`, `0 <= r <= l-2` for layer l (1-based); 0 is the model input. */
  skip: number;
  Ma: number;
  Mb: number;
  s: number;
  relu: boolean;
};

export type SpatialLayer = Conv2dLayer | MaxPoolLayer | AvgPoolLayer | AddLayer;
export type AnyLayer = Layer | SpatialLayer;

export type IntegerModel<L extends AnyLayer = Layer> = {
  layers: L[];
  /**
   * Shape of the input `a_0`, `[C, H, W]`. Optional: the default is the first
   * layer's own input shape (`[K, 1, 1]` for dense, `[Cin, H, W]` for conv2d).
   * Outside every commitment (only element counts chain); it shapes the ONNX input.
   */
  inputShape?: Shape;
  /**
   * Optional metadata, outside every commitment: real value of one input step
   * (`x_real ~= x_int8 * inputScale`), used to quantize float inputs.
   */
  inputScale?: number;
  /** Optional metadata: real value of one output step (`y_real ~= y_int8 * outputScale`). */
  outputScale?: number;
};
export type AnyModel = IntegerModel<AnyLayer>;

export function layerKind(layer: AnyLayer): LayerKind {
  return layer.kind ?? "dense";
}

export function isDenseLayer(layer: AnyLayer): layer is Layer {
  return layer.kind === undefined || layer.kind === "dense";
}

/** True when every layer is dense: such a model keeps the v1 file and ONNX forms. */
export function isDenseModel(model: AnyModel): model is IntegerModel {
  return model.layers.every(isDenseLayer);
}

/** Throws a ModelValidationError naming the first field of a dense `layer` that breaks the spec. */
export function validateLayer(layer: Layer, path = "layer"): void {
  if (layer.kind !== undefined && layer.kind !== "dense") {
    throw new ModelValidationError(`${path}.kind`, `expected "dense", got ${String(layer.kind)}`);
  }
  checkInt(`${path}.K`, layer.K, 1, MAX_WIDTH, "K");
  checkInt(`${path}.N`, layer.N, 1, MAX_WIDTH, "N");
  checkInt(`${path}.M`, layer.M, 1, MAX_MULTIPLIER, "M");
  checkInt(`${path}.s`, layer.s, MIN_SHIFT, MAX_SHIFT, "s");
  checkBoolean(`${path}.relu`, layer.relu, "relu");
  checkWeights(`${path}.weights`, layer.weights, layer.N * layer.K, `N*K = ${layer.N}*${layer.K}`);
  checkBias(`${path}.bias`, layer.bias, layer.N, "N");
}

export function checkWeights(path: string, weights: unknown, count: number, what: string): void {
  if (!(weights instanceof Int8Array)) {
    throw new ModelValidationError(path, "weights must be an Int8Array");
  }
  if (weights.length !== count) {
    throw new ModelValidationError(
      path,
      `expected ${what} = ${count} weights, got ${weights.length}`,
    );
  }
}

export function checkBias(path: string, bias: unknown, count: number, what: string): void {
  if (!(bias instanceof Int32Array)) {
    throw new ModelValidationError(path, "bias must be an Int32Array");
  }
  if (bias.length !== count) {
    throw new ModelValidationError(path, `expected ${what} = ${count} biases, got ${bias.length}`);
  }
  for (let j = 0; j < count; j++) {
    const b = bias[j] as number;
    if (b > MAX_ABS_BIAS || b < -MAX_ABS_BIAS) {
      throw new ModelValidationError(`${path}[${j}]`, `|bias| must be <= 2^30, got ${b}`);
    }
  }
}

/** Throws a ModelValidationError naming the first field of `layer` (any kind) that breaks the spec. */
export function validateAnyLayer(layer: AnyLayer, path = "layer"): void {
  if (typeof layer !== "object" || layer === null) {
    throw new ModelValidationError(path, "a layer must be an object");
  }
  if (isDenseLayer(layer)) validateLayer(layer, path);
  else validateSpatialLayer(layer, path);
}

function validateInputShape(model: AnyModel): void {
  const shape = model.inputShape;
  if (shape === undefined) return;
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new ModelValidationError("inputShape", "inputShape must be [C, H, W]");
  }
  shape.forEach((d, i) => {
    checkInt(`inputShape[${i}]`, d, 1, MAX_ACTIVATION, "a dimension");
  });
  checkInt("inputShape", shapeSize(shape), 1, MAX_ACTIVATION, "C*H*W");
}

/**
 * Throws a ModelValidationError unless `model` is a valid integer model (v1 or
 * v2): every layer within the spec's bounds, each layer's input size equal to
 * the previous activation's size, and each add's skip activation of its size.
 */
export function validateModel(model: AnyModel): void {
  if (!Array.isArray(model.layers) || model.layers.length === 0) {
    throw new ModelValidationError("layers", "a model needs at least one layer");
  }
  if (model.layers.length > MAX_LAYERS) {
    throw new ModelValidationError(
      "layers",
      `a model has at most ${MAX_LAYERS} layers, got ${model.layers.length}`,
    );
  }
  model.layers.forEach((layer, i) => {
    validateAnyLayer(layer, `layers[${i}]`);
  });
  validateInputShape(model);
  // Every layer is valid on its own, so its shapes are defined.
  const sizes = activationShapes(model).map(shapeSize);
  model.layers.forEach((layer, i) => {
    const path = `layers[${i}]`;
    const previous = sizes[i] as number;
    const wanted = layerInputSize(layer);
    const before = model.layers[i - 1];
    if (
      wanted !== previous &&
      before !== undefined &&
      isDenseLayer(before) &&
      isDenseLayer(layer)
    ) {
      throw new ModelValidationError(
        `${path}.K`,
        `K must equal the previous layer's N (${previous}), got ${wanted}`,
      );
    }
    if (wanted !== previous) {
      const what =
        i === 0 ? "the model input's size (inputShape)" : `the previous layer's output size`;
      const field = isDenseLayer(layer) ? "K" : layer.kind === "conv2d" ? "Cin" : "C";
      throw new ModelValidationError(
        `${path}.${field}`,
        `the layer reads ${wanted} elements, but ${what} is ${previous}`,
      );
    }
    if (layer.kind === "add") {
      if (i === 0) {
        throw new ModelValidationError(
          `${path}.kind`,
          "the first layer cannot be an add: it needs an activation before its input (skip <= l-2)",
        );
      }
      // skip = r reads a_r; layer i (0-based) is layer l = i + 1, so r <= l - 2 = i - 1.
      checkInt(`${path}.skip`, layer.skip, 0, i - 1, "skip (an earlier activation, <= l-2)");
      const skipSize = sizes[layer.skip] as number;
      if (skipSize !== wanted) {
        throw new ModelValidationError(
          `${path}.skip`,
          `a_${layer.skip} has ${skipSize} elements, the add layer needs C*H*W = ${wanted}`,
        );
      }
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

/**
 * Element counts input first (`[|a_0|, |a_1|, ..., |a_L|]`), the shape list the
 * model registry stores; for a dense model `[K_1, N_1, ..., N_L]`.
 */
export function modelWidths(model: AnyModel): number[] {
  if (model.layers.length === 0)
    throw new ModelValidationError("layers", "a model needs at least one layer");
  return activationShapes(model).map(shapeSize);
}

/** Multiply-accumulates (or window reads) of one inference: the model's compute units in the registry. */
export function computeUnits(model: AnyModel): number {
  return model.layers.reduce((total, layer) => total + layerComputeUnits(layer), 0);
}

function layerComputeUnits(layer: AnyLayer): number {
  if (isDenseLayer(layer)) return layer.K * layer.N;
  const [C, Ho, Wo] = layerOutputShape(layer);
  switch (layer.kind) {
    case "conv2d":
      return C * Ho * Wo * layer.Cin * layer.kh * layer.kw;
    case "maxpool":
    case "avgpool":
      return C * Ho * Wo * layer.kh * layer.kw;
    case "add":
      return C * Ho * Wo;
  }
}
