import { describe, expect, it } from "vitest";
import { elementOutput, execute, executeAnyLayer } from "./executor.js";
import { createRng, randomInt8s } from "./random.js";
import { randomAdd, randomConv2d, randomPool, randomSpatialModel } from "./random-spatial.js";
import { layerInputSize, layerOutputShape, layerOutputSize } from "./shapes.js";
import type { AddLayer, AnyLayer, Conv2dLayer, PoolLayer } from "./types.js";
import { validateModel } from "./types.js";

/** The spec's formulas written out independently, in BigInt, with the input padded explicitly. */
function clamp8(v: bigint): number {
  return Number(v < -128n ? -128n : v > 127n ? 127n : v);
}
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}
function specConv(layer: Conv2dLayer, x: Int8Array): number[] {
  const { Cin, H, W, Cout, kh, kw, stride, pad } = layer;
  const Hp = H + 2 * pad;
  const Wp = W + 2 * pad;
  const padded = new Array(Cin * Hp * Wp).fill(0);
  for (let c = 0; c < Cin; c++)
    for (let y = 0; y < H; y++)
      for (let xx = 0; xx < W; xx++)
        padded[(c * Hp + y + pad) * Wp + xx + pad] = x[(c * H + y) * W + xx];
  const Ho = Math.floor((Hp - kh) / stride) + 1;
  const Wo = Math.floor((Wp - kw) / stride) + 1;
  const out: number[] = [];
  for (let co = 0; co < Cout; co++)
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        let acc = BigInt(layer.bias[co] as number);
        for (let ci = 0; ci < Cin; ci++)
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++)
              acc +=
                BigInt(layer.weights[((co * Cin + ci) * kh + ky) * kw + kx] as number) *
                BigInt(padded[(ci * Hp + oy * stride + ky) * Wp + ox * stride + kx]);
        if (layer.relu && acc < 0n) acc = 0n;
        const d = 1n << BigInt(layer.s);
        out.push(clamp8(floorDiv(acc * BigInt(layer.M) + d / 2n, d)));
      }
  return out;
}
function specPool(layer: PoolLayer, x: Int8Array): number[] {
  const [C, Ho, Wo] = layerOutputShape(layer);
  const out: number[] = [];
  for (let c = 0; c < C; c++)
    for (let oy = 0; oy < Ho; oy++)
      for (let ox = 0; ox < Wo; ox++) {
        const window: number[] = [];
        for (let ky = 0; ky < layer.kh; ky++)
          for (let kx = 0; kx < layer.kw; kx++)
            window.push(
              x[
                (c * layer.H + oy * layer.stride + ky) * layer.W + ox * layer.stride + kx
              ] as number,
            );
        if (layer.kind === "maxpool") out.push(Math.max(...window));
        else {
          const sum = BigInt(window.reduce((a, b) => a + b, 0));
          const count = BigInt(window.length);
          out.push(Number(floorDiv(2n * sum + count, 2n * count)));
        }
      }
  return out;
}
function specAdd(layer: AddLayer, a: Int8Array, b: Int8Array): number[] {
  return Array.from(a, (v, i) => {
    let acc = BigInt(v) * BigInt(layer.Ma) + BigInt(b[i] as number) * BigInt(layer.Mb);
    if (layer.relu && acc < 0n) acc = 0n;
    const d = 1n << BigInt(layer.s);
    return clamp8(floorDiv(acc + d / 2n, d));
  });
}

describe("conv2d", () => {
  it("computes a hand-checked 2x2 kernel with padding 1 and stride 2", () => {
    const layer: Conv2dLayer = {
      kind: "conv2d",
      Cin: 1,
      H: 3,
      W: 3,
      Cout: 1,
      kh: 2,
      kw: 2,
      stride: 2,
      pad: 1,
      weights: Int8Array.from([1, 2, 3, 4]),
      bias: Int32Array.from([-1]),
      M: 1,
      s: 1,
      relu: false,
    };
    // x = [[1,2,3],[4,5,6],[7,8,9]], padded to 5x5; windows at padded (0,0), (0,2), (2,0), (2,2):
    // [0,0;0,1] -> 4*1 = 4; [0,0;2,3] -> 3*2 + 4*3 = 18; [0,4;0,7] -> 2*4 + 4*7 = 36;
    // [5,6;8,9] -> 5 + 12 + 24 + 36 = 77. acc = sum - 1 = [3, 17, 35, 76];
    // y = floor((acc + 1) / 2) = [2, 9, 18, 38]
    const x = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(executeAnyLayer(layer, x))).toEqual([2, 9, 18, 38]);
    expect(elementOutput(layer, x, 3)).toBe(38);
  });

  it("matches the spec written independently on random layers, incl. saturation", () => {
    const rng = createRng(11);
    for (let i = 0; i < 150; i++) {
      const shape = [rng.int(1, 6), rng.int(1, 9), rng.int(1, 9)] as [number, number, number];
      const layer = randomConv2d(rng, shape, {
        regime: rng.pick(["typical", "clipping", "extreme"] as const),
      });
      validateModel({ layers: [layer] });
      const x = randomInt8s(rng, layerInputSize(layer));
      const y = executeAnyLayer(layer, x);
      expect(Array.from(y)).toEqual(specConv(layer, x));
      const j = rng.int(0, y.length - 1);
      expect(elementOutput(layer, x, j)).toBe(y[j]);
    }
  });
});

describe("pools", () => {
  it("rounds the mean half up with a floor division, negatives included", () => {
    const pool = (H: number, W: number): PoolLayer => ({
      kind: "avgpool",
      C: 1,
      H,
      W,
      kh: H,
      kw: W,
      stride: 1,
    });
    const avg = (values: number[]) =>
      executeAnyLayer(pool(1, values.length), Int8Array.from(values))[0];
    expect(avg([-1, -2])).toBe(-1); // -1.5 -> -1
    expect(avg([1, 2])).toBe(2); // 1.5 -> 2
    expect(avg([0, -1])).toBe(0); // -0.5 -> 0
    expect(avg([-1, -1, -1, -2])).toBe(-1); // -1.25 -> -1
    expect(avg([-2, -2, -2, -1])).toBe(-2); // -1.75 -> -2
    expect(avg([-128, -128, -128])).toBe(-128);
    expect(avg([127, 127, 127, 127, 127])).toBe(127);
  });

  it("matches the spec written independently on random pools", () => {
    const rng = createRng(12);
    for (let i = 0; i < 150; i++) {
      const shape = [rng.int(1, 4), rng.int(1, 10), rng.int(1, 10)] as [number, number, number];
      const layer = randomPool(rng, rng.pick(["maxpool", "avgpool"] as const), shape);
      validateModel({ layers: [layer] });
      const x = randomInt8s(rng, layerInputSize(layer));
      expect(Array.from(executeAnyLayer(layer, x))).toEqual(specPool(layer, x));
    }
  });
});

describe("add", () => {
  it("floors after the rounding half and clamps", () => {
    const layer: AddLayer = {
      kind: "add",
      C: 1,
      H: 1,
      W: 4,
      skip: 0,
      Ma: 3,
      Mb: 1,
      s: 2,
      relu: false,
    };
    // acc = [3*1 + 0, 3*(-1) + 0, 3*50 + 100, -128*3 - 128]; (acc + 2) >> 2 = [1, -1, 63, -128]
    const a = Int8Array.from([1, -1, 50, -128]);
    const b = Int8Array.from([0, 0, 100, -128]);
    expect(Array.from(executeAnyLayer(layer, a, b))).toEqual([1, -1, 63, -128]);
    expect(Array.from(executeAnyLayer({ ...layer, relu: true }, a, b))).toEqual([1, 0, 63, 0]);
  });

  it("matches the spec written independently, at the extremes of Ma, Mb and s", () => {
    const rng = createRng(13);
    for (let i = 0; i < 200; i++) {
      const layer = randomAdd(rng, [rng.int(1, 3), rng.int(1, 5), rng.int(1, 5)], 0, {
        regime: rng.pick(["typical", "clipping", "extreme"] as const),
      });
      const a = randomInt8s(rng, layerInputSize(layer));
      const b = randomInt8s(rng, layerInputSize(layer));
      expect(Array.from(executeAnyLayer(layer, a, b))).toEqual(specAdd(layer, a, b));
    }
  });

  it("needs its skip input", () => {
    const layer: AddLayer = {
      kind: "add",
      C: 1,
      H: 1,
      W: 2,
      skip: 0,
      Ma: 1,
      Mb: 1,
      s: 1,
      relu: false,
    };
    expect(() => executeAnyLayer(layer, new Int8Array(2))).toThrow(/skip: an add layer needs/);
    expect(() => executeAnyLayer(layer, new Int8Array(2), new Int8Array(3))).toThrow(
      /skip: expected/,
    );
  });
});

describe("execute on models of every kind", () => {
  it("chains layers, feeds add layers their skip activation and flattens into dense", () => {
    const rng = createRng(14);
    for (let i = 0; i < 40; i++) {
      const model = randomSpatialModel(rng);
      validateModel(model);
      const input = randomInt8s(rng, model.inputShape?.reduce((a, b) => a * b, 1) ?? 0);
      const trace = execute(model, input);
      expect(trace).toHaveLength(model.layers.length + 1);
      model.layers.forEach((layer: AnyLayer, k) => {
        const skip = layer.kind === "add" ? trace[layer.skip] : undefined;
        const y = trace[k + 1] as Int8Array;
        expect(y).toHaveLength(layerOutputSize(layer));
        const j = rng.int(0, y.length - 1);
        expect(elementOutput(layer, trace[k] as Int8Array, j, skip)).toBe(y[j]);
      });
    }
  });

  it("rejects an input of the wrong size", () => {
    const model = randomSpatialModel(createRng(15), { inputShape: [2, 5, 5] });
    expect(() => execute(model, new Int8Array(49))).toThrow(/input: expected .* 50, got length 49/);
  });
});
