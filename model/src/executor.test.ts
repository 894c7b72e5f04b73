import { describe, expect, it } from "vitest";
import { accumulate, argmax, execute, executeLayer, neuronOutput, requantize } from "./executor.js";
import { createRng, randomModel } from "./random.js";
import type { Layer } from "./types.js";

/** The spec's formula with BigInt division written out differently: floor via the floor modulo. */
function specRequantize(acc: bigint, M: bigint, s: bigint): number {
  const d = 1n << s;
  const v = acc * M + (d >> 1n);
  const floorMod = ((v % d) + d) % d;
  const q = (v - floorMod) / d;
  return Number(q < -128n ? -128n : q > 127n ? 127n : q);
}

describe("requantize", () => {
  it("floors negative values instead of truncating them", () => {
    // v = -4 * 1 + 2^0 = -3; floor(-3/2) = -2 while truncation gives -1.
    expect(requantize(-4, 1, 1)).toBe(-2);
    // v = -5 + 2 = -3 (s = 2): floor(-3/4) = -1, truncation 0.
    expect(requantize(-5, 1, 2)).toBe(-1);
    // Exact multiples agree either way.
    expect(requantize(-6, 1, 1)).toBe(-3);
  });

  it("rounds half up after the shift", () => {
    expect(requantize(1, 1, 1)).toBe(1); // (1 + 1) / 2 = 1
    expect(requantize(-1, 1, 1)).toBe(0); // (-1 + 1) / 2 = 0
    expect(requantize(3, 1, 2)).toBe(1); // (3 + 2) / 4 = 1.25 -> 1
    expect(requantize(-3, 1, 2)).toBe(-1); // (-3 + 2) / 4 = -0.25 -> -1
  });

  it("clamps to [-128, 127]", () => {
    expect(requantize(1000, 1, 1)).toBe(127);
    expect(requantize(-1000, 1, 1)).toBe(-128);
    expect(requantize(254, 1, 1)).toBe(127);
    expect(requantize(-257, 1, 1)).toBe(-128);
  });

  it("stays exact where acc * M is far beyond 2^53", () => {
    const acc = 2 ** 31 - 1;
    const M = 2 ** 31 - 1;
    // acc * M ~ 2^62: doubles would lose the low bits that decide the result here.
    expect(requantize(acc, M, 62)).toBe(specRequantize(BigInt(acc), BigInt(M), 62n));
    expect(requantize(-acc, M, 62)).toBe(specRequantize(-BigInt(acc), BigInt(M), 62n));
    const rng = createRng(7);
    for (let i = 0; i < 5000; i++) {
      const a = rng.int(-(2 ** 31) + 1, 2 ** 31 - 1);
      const m = rng.int(1, 2 ** 31 - 1);
      const s = rng.int(1, 62);
      expect(requantize(a, m, s)).toBe(specRequantize(BigInt(a), BigInt(m), BigInt(s)));
    }
  });
});

describe("executeLayer", () => {
  const layer: Layer = {
    K: 3,
    N: 3,
    weights: Int8Array.from([1, 2, 3, -1, -2, -3, 127, -128, 0]),
    bias: Int32Array.from([10, -10, 0]),
    M: 1,
    s: 1,
    relu: false,
  };
  const x = Int8Array.from([4, -5, 6]);

  it("computes the spec's formula element by element (hand-checked)", () => {
    // acc = [10 + 4 - 10 + 18, -10 - 4 + 10 - 18, 508 + 640 + 0] = [22, -22, 1148]
    expect([0, 1, 2].map((j) => accumulate(layer, x, j))).toEqual([22, -22, 1148]);
    // floor((acc + 1) / 2) = [11, floor(-21/2) = -11, 574 -> 127]
    expect(Array.from(executeLayer(layer, x))).toEqual([11, -11, 127]);
    expect(neuronOutput(layer, x, 1)).toBe(-11);
  });

  it("applies ReLU to the accumulator before requantization", () => {
    const relu = { ...layer, relu: true };
    expect(accumulate(relu, x, 1)).toBe(0);
    expect(Array.from(executeLayer(relu, x))).toEqual([11, 0, 127]);
  });

  it("rejects an input of the wrong width or type", () => {
    expect(() => executeLayer(layer, new Int8Array(2))).toThrow(/length K = 3, got length 2/);
    expect(() => executeLayer(layer, new Uint8Array(3) as unknown as Int8Array)).toThrow(
      /Int8Array/,
    );
    expect(() => neuronOutput(layer, x, 3)).toThrow(/out of range/);
  });
});

describe("execute", () => {
  it("returns a_0..a_L, each the previous one run through its layer", () => {
    const model = randomModel(createRng(3), [8, 6, 5, 4]);
    const input = Int8Array.from([1, -2, 3, -4, 5, -6, 127, -128]);
    const activations = execute(model, input);
    expect(activations).toHaveLength(4);
    expect(Array.from(activations[0] as Int8Array)).toEqual(Array.from(input));
    expect(activations[0]).not.toBe(input);
    model.layers.forEach((layer, i) => {
      expect(Array.from(activations[i + 1] as Int8Array)).toEqual(
        Array.from(executeLayer(layer, activations[i] as Int8Array)),
      );
    });
  });

  it("takes the first index on ties in argmax", () => {
    expect(argmax(Int8Array.from([3, 7, 7, -1]))).toBe(1);
    expect(argmax([-5])).toBe(0);
  });
});
