/**
 * Post-training quantization of a float model (dense, or a CNN of conv2d,
 * pools and residual adds) into the integer format: symmetric per-tensor int8
 * everywhere (no zero points, so the on-chain check stays a plain dot
 * product), one scale per activation from calibration data.
 *
 * With real values `x ~= s_in * x_q`, `W ~= s_w * W_q` and `y ~= s_out * y_q`:
 *   y_q = (s_in * s_w / s_out) * (W_q x_q + b / (s_in * s_w))
 * so the int32 bias is `round(b / (s_in * s_w))` and the real multiplier
 * `m = s_in * s_w / s_out` becomes the fixed-point pair `M / 2^s` (dense and
 * conv2d alike: one M, s per layer).
 *
 * Pools keep their input's scale: requantization is monotone, so the max of
 * requantized values is the requantized max (max pooling commutes with it
 * exactly), and an average of values on one scale is on that scale. A residual
 * add `y = a + b` rescales both inputs onto its output scale with one shared
 * shift: `Ma / 2^s ~= s_a / s_out`, `Mb / 2^s ~= s_b / s_out`.
 */
import {
  type FloatDenseModel,
  type FloatLayer,
  type FloatModel,
  floatForward,
  isDense,
  validateFloatModel,
} from "./float-model.js";
import { isPool } from "./float-spatial.js";
import {
  type AnyLayer,
  type AnyModel,
  type IntegerModel,
  MAX_ABS_BIAS,
  MAX_MULTIPLIER,
  MAX_SHIFT,
  MIN_SHIFT,
} from "./types.js";

const INT8_RANGE = 127;

export type QuantizeOptions = {
  /**
   * Percentile of |value| over the calibration data taken as the activation
   * range (input included); 100 (the default) is the max abs. A lower value
   * (e.g. 99.99) clips rare outliers to keep resolution for the common values.
   */
  percentile?: number;
};

/** How a dense or conv2d layer was quantized. */
export type WeightedLayerQuantization = {
  kind: "dense" | "conv2d";
  inputScale: number;
  weightScale: number;
  outputScale: number;
  /** `s_in * s_w / s_out`, which `M / 2^s` approximates. */
  realMultiplier: number;
  M: number;
  s: number;
  /** `|M / 2^s - m| / m`. */
  multiplierError: number;
  /** Biases that did not fit |b| <= 2^30 and were clamped. */
  clippedBiases: number;
};

/** A pool keeps its input's scale: nothing to choose. */
export type PoolLayerQuantization = {
  kind: "maxpool" | "avgpool";
  inputScale: number;
  outputScale: number;
};

/** A residual add: both inputs rescaled onto the output scale with one shift. */
export type AddLayerQuantization = {
  kind: "add";
  inputScale: number;
  skipScale: number;
  outputScale: number;
  /** `s_in / s_out` and `s_skip / s_out`, which `Ma / 2^s` and `Mb / 2^s` approximate. */
  realMultipliers: [number, number];
  Ma: number;
  Mb: number;
  s: number;
  /** The larger of the two relative errors. */
  multiplierError: number;
};

export type LayerQuantization =
  | WeightedLayerQuantization
  | PoolLayerQuantization
  | AddLayerQuantization;

export type QuantizeResult<
  Model extends AnyModel = AnyModel,
  Quantization extends LayerQuantization = LayerQuantization,
> = {
  model: Model;
  layers: Quantization[];
  warnings: string[];
};

/**
 * Fixed-point form of a positive real multiplier: `M / 2^s ~= m` with M in
 * [2^30, 2^31) for 31 bits of precision, shifted into 1 <= s <= 62 when m is
 * too small or too large (then M loses precision or saturates).
 */
export function multiplierToFixedPoint(m: number): { M: number; s: number } {
  if (!(Number.isFinite(m) && m > 0))
    throw new RangeError(`multiplier must be a finite number > 0, got ${m}`);
  // m = f * 2^e with f in [0.5, 1); multiplying by powers of two is exact in doubles.
  let e = Math.floor(Math.log2(m)) + 1;
  if (m / 2 ** e >= 1) e += 1;
  if (m / 2 ** e < 0.5) e -= 1;
  let s = 31 - e;
  let M = Math.round(m * 2 ** s);
  if (M === 2 ** 31) {
    M = 2 ** 30;
    s -= 1;
  }
  if (s > MAX_SHIFT) {
    s = MAX_SHIFT;
    M = Math.max(1, Math.round(m * 2 ** s));
  } else if (s < MIN_SHIFT) {
    s = MIN_SHIFT;
    M = Math.min(MAX_MULTIPLIER, Math.round(m * 2 ** s));
  }
  return { M, s };
}

/** Largest |v| (percentile 100) or the given percentile of |v|. */
export function absRange(values: Float64Array, percentile = 100): number {
  if (!(percentile > 0 && percentile <= 100))
    throw new RangeError(`percentile must be in (0, 100], got ${percentile}`);
  const abs = values.map(Math.abs);
  if (percentile === 100) return abs.reduce((a, b) => Math.max(a, b), 0);
  abs.sort();
  const index = Math.min(abs.length - 1, Math.ceil((percentile / 100) * abs.length) - 1);
  return abs[Math.max(0, index)] ?? 0;
}

/** Scale mapping `range` onto 127 steps; an all-zero tensor gets scale 1 (any scale is exact for it). */
function scaleFor(range: number): number {
  return range > 0 ? range / INT8_RANGE : 1;
}

/** `clamp(round(x / scale), -128, 127)` element-wise. */
export function quantizeVector(x: ArrayLike<number>, scale: number): Int8Array {
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const q = Math.round((x[i] as number) / scale);
    out[i] = Math.max(-128, Math.min(127, q));
  }
  return out;
}

/** A float input vector as the model's int8 input, using its `inputScale`. */
export function quantizeInput(model: AnyModel, x: ArrayLike<number>): Int8Array {
  if (model.inputScale === undefined)
    throw new Error("model has no inputScale: it was not produced by the quantizer");
  return quantizeVector(x, model.inputScale);
}

/** Int8 outputs back to real values, using the model's `outputScale`. */
export function dequantizeOutput(model: AnyModel, y: Int8Array): Float64Array {
  if (model.outputScale === undefined)
    throw new Error("model has no outputScale: it was not produced by the quantizer");
  const scale = model.outputScale;
  return Float64Array.from(y, (v) => v * scale);
}

/** Every calibration value of the activations whose scale the data decides (input, dense, conv, add). */
function calibrate(
  model: FloatModel,
  calibration: readonly ArrayLike<number>[],
  percentile: number,
): (number | undefined)[] {
  const measured = [true, ...model.layers.map((l) => l.kind !== "maxpool" && l.kind !== "avgpool")];
  const collected: Float64Array[][] = measured.map(() => []);
  for (const x of calibration) {
    floatForward(model, x).forEach((a, l) => {
      if (measured[l]) (collected[l] as Float64Array[]).push(a);
    });
  }
  return collected.map((chunks, l) => {
    if (!measured[l]) return undefined;
    const all = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return absRange(all, percentile);
  });
}

/** Weights to int8 with the full symmetric range, biases to int32 on the accumulator's scale. */
function quantizeWeights(
  W: Float64Array,
  b: Float64Array,
  inputScale: number,
): { weights: Int8Array; bias: Int32Array; weightScale: number; clippedBiases: number } {
  const weightScale = scaleFor(absRange(W));
  const weights = quantizeVector(W, weightScale);
  const accScale = inputScale * weightScale;
  let clippedBiases = 0;
  const bias = Int32Array.from(b, (v) => {
    const q = Math.round(v / accScale);
    if (Math.abs(q) <= MAX_ABS_BIAS) return q;
    clippedBiases++;
    return Math.sign(q) * MAX_ABS_BIAS;
  });
  return { weights, bias, weightScale, clippedBiases };
}

/**
 * Two multipliers sharing one shift: the larger gets full precision, the
 * smaller what is left (at least 1). Returns each one's relative error.
 */
export function multiplierPairToFixedPoint(
  ma: number,
  mb: number,
): { Ma: number; Mb: number; s: number; errors: [number, number] } {
  const { s } = multiplierToFixedPoint(Math.max(ma, mb));
  const fixed = (m: number) => Math.min(MAX_MULTIPLIER, Math.max(1, Math.round(m * 2 ** s)));
  const Ma = fixed(ma);
  const Mb = fixed(mb);
  return {
    Ma,
    Mb,
    s,
    errors: [Math.abs(Ma / 2 ** s - ma) / ma, Math.abs(Mb / 2 ** s - mb) / mb],
  };
}

/** A dense float model becomes a dense (v1) integer model; anything else a v2 one. */
export function quantizeModel(
  float: FloatDenseModel,
  calibration: readonly ArrayLike<number>[],
  options?: QuantizeOptions,
): QuantizeResult<IntegerModel, WeightedLayerQuantization>;
export function quantizeModel(
  float: FloatModel,
  calibration: readonly ArrayLike<number>[],
  options?: QuantizeOptions,
): QuantizeResult;
export function quantizeModel(
  float: FloatModel,
  calibration: readonly ArrayLike<number>[],
  options: QuantizeOptions = {},
): QuantizeResult {
  validateFloatModel(float);
  if (calibration.length === 0)
    throw new RangeError("quantization needs at least one calibration input");
  const ranges = calibrate(float, calibration, options.percentile ?? 100);
  // scales[l] is the real value of one int8 step of a_l.
  const scales: number[] = [scaleFor(ranges[0] as number)];
  const warnings: string[] = [];
  const report: LayerQuantization[] = [];
  const layers = float.layers.map((layer: FloatLayer, i): AnyLayer => {
    const l = i + 1;
    const inputScale = scales[i] as number;
    if (isPool(layer)) {
      scales.push(inputScale);
      report.push({ kind: layer.kind, inputScale, outputScale: inputScale });
      const { C, H, W, kh, kw, stride } = layer;
      return { kind: layer.kind, C, H, W, kh, kw, stride };
    }
    const range = ranges[l] as number;
    if (range === 0) warnings.push(`layer ${l}: output is zero on every calibration input`);
    const outputScale = scaleFor(range);
    scales.push(outputScale);
    if (layer.kind === "add") {
      const skipScale = scales[layer.skip] as number;
      const pair = multiplierPairToFixedPoint(inputScale / outputScale, skipScale / outputScale);
      const multiplierError = Math.max(...pair.errors);
      if (multiplierError > 1e-6) {
        warnings.push(
          `layer ${l}: input rescales ${inputScale / outputScale} and ${skipScale / outputScale} are approximated by ${pair.Ma}/2^${pair.s} and ${pair.Mb}/2^${pair.s} (error ${multiplierError.toExponential(2)})`,
        );
      }
      report.push({
        kind: "add",
        inputScale,
        skipScale,
        outputScale,
        realMultipliers: [inputScale / outputScale, skipScale / outputScale],
        Ma: pair.Ma,
        Mb: pair.Mb,
        s: pair.s,
        multiplierError,
      });
      const { C, H, W, skip, relu } = layer;
      return { kind: "add", C, H, W, skip, Ma: pair.Ma, Mb: pair.Mb, s: pair.s, relu };
    }
    const [W, b] = isDense(layer) ? [layer.W, layer.b] : [layer.weights, layer.bias];
    const { weights, bias, weightScale, clippedBiases } = quantizeWeights(W, b, inputScale);
    if (clippedBiases > 0)
      warnings.push(`layer ${l}: ${clippedBiases} biases clamped to |b| <= 2^30`);
    const realMultiplier = (inputScale * weightScale) / outputScale;
    const { M, s } = multiplierToFixedPoint(realMultiplier);
    const multiplierError = Math.abs(M / 2 ** s - realMultiplier) / realMultiplier;
    if (multiplierError > 1e-6) {
      warnings.push(
        `layer ${l}: multiplier ${realMultiplier} is approximated by ${M}/2^${s} (error ${multiplierError.toExponential(2)})`,
      );
    }
    report.push({
      kind: isDense(layer) ? "dense" : "conv2d",
      inputScale,
      weightScale,
      outputScale,
      realMultiplier,
      M,
      s,
      multiplierError,
      clippedBiases,
    });
    if (isDense(layer)) return { K: layer.K, N: layer.N, weights, bias, M, s, relu: layer.relu };
    const { Cin, H, W: width, Cout, kh, kw, stride, pad, relu } = layer;
    return {
      kind: "conv2d",
      Cin,
      H,
      W: width,
      Cout,
      kh,
      kw,
      stride,
      pad,
      weights,
      bias,
      M,
      s,
      relu,
    };
  });
  const model: AnyModel = {
    layers,
    inputScale: scales[0] as number,
    outputScale: scales[scales.length - 1] as number,
  };
  if (float.inputShape !== undefined)
    (model as { inputShape?: number[] }).inputShape = [...float.inputShape];
  return { model, layers: report, warnings };
}
