/**
 * Reference semantics of the v2 layer kinds (docs/model-format.md, "v2"):
 * conv2d, maxpool, avgpool and add, element by element, in exact integer
 * arithmetic. Activations are C-major: element (c, y, x) of a `(C, H, W)`
 * tensor sits at `(c*H + y)*W + x`.
 *
 * Plain numbers are exact everywhere except where noted: a conv accumulator
 * has |acc| <= 2^30 + 2^24 < 2^31, a pool sum |sum| <= 225 * 128, an add
 * accumulator |a*Ma + b*Mb| < 2^39. The products `acc * M` (up to 2^62) and the
 * add's `acc + 2^(s-1)` (up to 2^61) run in BigInt.
 */
import { makeRequantizer } from "./executor.js";
import { layerOutputShape } from "./shapes.js";
import type { AddLayer, Conv2dLayer, PoolLayer } from "./types.js";

const INT8_MIN = -128;
const INT8_MAX = 127;

/** `(c, y, x)` of element `j` of a `(C, Ho, Wo)` output. */
function position(j: number, Ho: number, Wo: number): [c: number, y: number, x: number] {
  const plane = Ho * Wo;
  const c = Math.floor(j / plane);
  const rest = j - c * plane;
  const y = Math.floor(rest / Wo);
  return [c, y, rest - y * Wo];
}

/** `bias[co] + sum w[co][ci][ky][kx] * x[ci][oy*stride+ky-pad][ox*stride+kx-pad]` (zeros outside), ReLU if flagged. */
export function convAccumulate(
  layer: Conv2dLayer,
  x: Int8Array,
  co: number,
  oy: number,
  ox: number,
): number {
  const { Cin, H, W, kh, kw, stride, pad, weights } = layer;
  let acc = layer.bias[co] as number;
  const y0 = oy * stride - pad;
  const x0 = ox * stride - pad;
  for (let ci = 0; ci < Cin; ci++) {
    const filter = (co * Cin + ci) * kh * kw;
    const plane = ci * H * W;
    for (let ky = 0; ky < kh; ky++) {
      const iy = y0 + ky;
      if (iy < 0 || iy >= H) continue;
      const row = plane + iy * W;
      const wRow = filter + ky * kw;
      for (let kx = 0; kx < kw; kx++) {
        const ix = x0 + kx;
        if (ix < 0 || ix >= W) continue;
        acc += (weights[wRow + kx] as number) * (x[row + ix] as number);
      }
    }
  }
  return layer.relu && acc < 0 ? 0 : acc;
}

export function convElement(layer: Conv2dLayer, x: Int8Array, j: number): number {
  const [, Ho, Wo] = layerOutputShape(layer);
  const [co, oy, ox] = position(j, Ho, Wo);
  return makeRequantizer(layer.M, layer.s)(convAccumulate(layer, x, co, oy, ox));
}

export function executeConv2d(layer: Conv2dLayer, x: Int8Array): Int8Array {
  const [Cout, Ho, Wo] = layerOutputShape(layer);
  const requant = makeRequantizer(layer.M, layer.s);
  const y = new Int8Array(Cout * Ho * Wo);
  let j = 0;
  for (let co = 0; co < Cout; co++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) y[j++] = requant(convAccumulate(layer, x, co, oy, ox));
    }
  }
  return y;
}

/** Max, or the round-half-up mean `floor((2*sum + count) / (2*count))`, of one window. */
export function poolElement(layer: PoolLayer, x: Int8Array, j: number): number {
  const { H, W, kh, kw, stride } = layer;
  const [, Ho, Wo] = layerOutputShape(layer);
  const [c, oy, ox] = position(j, Ho, Wo);
  const base = c * H * W + oy * stride * W + ox * stride;
  let max = INT8_MIN;
  let sum = 0;
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      const v = x[base + ky * W + kx] as number;
      sum += v;
      if (v > max) max = v;
    }
  }
  if (layer.kind === "maxpool") return max;
  const count = kh * kw;
  // Exact: both operands are small integers, and a non-integer quotient is at
  // least 1/(2*count) away from the next integer, far above double rounding.
  return Math.floor((2 * sum + count) / (2 * count));
}

export function executePool(layer: PoolLayer, x: Int8Array): Int8Array {
  const y = new Int8Array(layerOutputShape(layer).reduce((a, b) => a * b, 1));
  for (let j = 0; j < y.length; j++) y[j] = poolElement(layer, x, j);
  return y;
}

/** `clamp8(floor((acc + 2^(s-1)) / 2^s))` of `acc = a*Ma + b*Mb` (ReLU on acc if flagged). */
export function makeAddRequantizer(layer: AddLayer): (a: number, b: number) => number {
  const shift = BigInt(layer.s);
  const half = 1n << (shift - 1n);
  const { Ma, Mb, relu } = layer;
  return (a, b) => {
    let acc = a * Ma + b * Mb;
    if (relu && acc < 0) acc = 0;
    // BigInt's >> is an arithmetic shift: the floor, as the spec requires.
    const q = Number((BigInt(acc) + half) >> shift);
    return Math.max(INT8_MIN, Math.min(INT8_MAX, q));
  };
}

export function addElement(layer: AddLayer, x: Int8Array, skip: Int8Array, j: number): number {
  return makeAddRequantizer(layer)(x[j] as number, skip[j] as number);
}

export function executeAdd(layer: AddLayer, x: Int8Array, skip: Int8Array): Int8Array {
  const requant = makeAddRequantizer(layer);
  const y = new Int8Array(x.length);
  for (let j = 0; j < x.length; j++) y[j] = requant(x[j] as number, skip[j] as number);
  return y;
}
