/**
 * Post-training quantization of a float dense model into the integer format:
 * symmetric per-tensor int8 everywhere (no zero points, so the on-chain check
 * stays a plain dot product), scales from calibration data.
 *
 * With real values `x ~= s_in * x_q`, `W ~= s_w * W_q` and `y ~= s_out * y_q`:
 *   y_q = (s_in * s_w / s_out) * (W_q x_q + b / (s_in * s_w))
 * so the int32 bias is `round(b / (s_in * s_w))` and the real multiplier
 * `m = s_in * s_w / s_out` becomes the fixed-point pair `M / 2^s`.
 */
import { type FloatModel, floatForward, validateFloatModel } from "./float-model.js";
import {
  type IntegerModel,
  type Layer,
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

export type LayerQuantization = {
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

export type QuantizeResult = {
  model: IntegerModel;
  layers: LayerQuantization[];
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
export function quantizeInput(model: IntegerModel, x: ArrayLike<number>): Int8Array {
  if (model.inputScale === undefined)
    throw new Error("model has no inputScale: it was not produced by the quantizer");
  return quantizeVector(x, model.inputScale);
}

/** Int8 outputs back to real values, using the model's `outputScale`. */
export function dequantizeOutput(model: IntegerModel, y: Int8Array): Float64Array {
  if (model.outputScale === undefined)
    throw new Error("model has no outputScale: it was not produced by the quantizer");
  const scale = model.outputScale;
  return Float64Array.from(y, (v) => v * scale);
}

/** Per activation a_0..a_L, every calibration value of it, flattened. */
function calibrate(model: FloatModel, calibration: readonly ArrayLike<number>[]): Float64Array[] {
  const widths = [model.layers[0]?.K ?? 0, ...model.layers.map((l) => l.N)];
  const collected = widths.map((w) => new Float64Array(w * calibration.length));
  calibration.forEach((x, n) => {
    floatForward(model, x).forEach((a, l) => {
      (collected[l] as Float64Array).set(a, n * a.length);
    });
  });
  return collected;
}

export function quantizeModel(
  float: FloatModel,
  calibration: readonly ArrayLike<number>[],
  options: QuantizeOptions = {},
): QuantizeResult {
  validateFloatModel(float);
  if (calibration.length === 0)
    throw new RangeError("quantization needs at least one calibration input");
  const percentile = options.percentile ?? 100;
  const ranges = calibrate(float, calibration).map((values) => absRange(values, percentile));
  const scales = ranges.map(scaleFor);
  const warnings: string[] = [];
  const report: LayerQuantization[] = [];
  const layers = float.layers.map((layer, i): Layer => {
    const inputScale = scales[i] as number;
    const outputScale = scales[i + 1] as number;
    if (ranges[i + 1] === 0)
      warnings.push(`layer ${i + 1}: output is zero on every calibration input`);
    const weightScale = scaleFor(absRange(layer.W));
    const weights = quantizeVector(layer.W, weightScale);
    const accScale = inputScale * weightScale;
    let clippedBiases = 0;
    const bias = Int32Array.from(layer.b, (b) => {
      const q = Math.round(b / accScale);
      if (Math.abs(q) <= MAX_ABS_BIAS) return q;
      clippedBiases++;
      return Math.sign(q) * MAX_ABS_BIAS;
    });
    if (clippedBiases > 0)
      warnings.push(`layer ${i + 1}: ${clippedBiases} biases clamped to |b| <= 2^30`);
    const realMultiplier = accScale / outputScale;
    const { M, s } = multiplierToFixedPoint(realMultiplier);
    const multiplierError = Math.abs(M / 2 ** s - realMultiplier) / realMultiplier;
    if (multiplierError > 1e-6) {
      warnings.push(
        `layer ${i + 1}: multiplier ${realMultiplier} is approximated by ${M}/2^${s} (error ${multiplierError.toExponential(2)})`,
      );
    }
    report.push({
      inputScale,
      weightScale,
      outputScale,
      realMultiplier,
      M,
      s,
      multiplierError,
      clippedBiases,
    });
    return { K: layer.K, N: layer.N, weights, bias, M, s, relu: layer.relu };
  });
  const model: IntegerModel = {
    layers,
    inputScale: scales[0] as number,
    outputScale: scales[scales.length - 1] as number,
  };
  return { model, layers: report, warnings };
}
