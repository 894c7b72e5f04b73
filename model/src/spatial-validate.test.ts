import { describe, expect, it } from "vitest";
import { activationShapes, modelInputShape } from "./shapes.js";
import {
  type AddLayer,
  type AnyModel,
  type Conv2dLayer,
  computeUnits,
  type Layer,
  ModelValidationError,
  modelWidths,
  type PoolLayer,
  validateModel,
} from "./types.js";

function conv(overrides: Partial<Conv2dLayer> = {}): Conv2dLayer {
  const base = { Cin: 2, H: 6, W: 5, Cout: 3, kh: 3, kw: 2, stride: 1, pad: 1, ...overrides };
  return {
    kind: "conv2d",
    weights: new Int8Array(base.Cout * base.Cin * base.kh * base.kw),
    bias: new Int32Array(base.Cout),
    M: 2 ** 30,
    s: 40,
    relu: true,
    ...base,
  };
}
const pool = (overrides: Partial<PoolLayer> = {}): PoolLayer => ({
  kind: "maxpool",
  C: 3,
  H: 6,
  W: 6,
  kh: 2,
  kw: 2,
  stride: 2,
  ...overrides,
});
const add = (overrides: Partial<AddLayer> = {}): AddLayer => ({
  kind: "add",
  C: 3,
  H: 3,
  W: 3,
  skip: 1,
  Ma: 1,
  Mb: 1,
  s: 1,
  relu: false,
  ...overrides,
});
const dense = (K: number, N: number): Layer => ({
  K,
  N,
  weights: new Int8Array(K * N),
  bias: new Int32Array(N),
  M: 1,
  s: 1,
  relu: false,
});

function expectInvalid(model: AnyModel, path: string, message: RegExp): void {
  let caught: unknown;
  try {
    validateModel(model);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ModelValidationError);
  expect((caught as ModelValidationError).path).toBe(path);
  expect((caught as Error).message).toMatch(message);
}

describe("v2 shapes", () => {
  it("infers each activation's shape and chains by element count (flatten is not a layer)", () => {
    // conv 2x6x5 -> 3x6x6 (kh 3 pad 1: 6; kw 2 pad 1: 6); pool 2/2 -> 3x3x3;
    // a "same" conv -> 3x3x3; add a_3 + a_2; dense 27 -> 4
    const same = conv({ Cin: 3, H: 3, W: 3, kh: 3, kw: 3, pad: 1 });
    const model: AnyModel = {
      inputShape: [2, 6, 5],
      layers: [conv(), pool(), same, add({ skip: 2 }), dense(27, 4)],
    };
    expect(() => validateModel(model)).not.toThrow();
    expect(activationShapes(model)).toEqual([
      [2, 6, 5],
      [3, 6, 6],
      [3, 3, 3],
      [3, 3, 3],
      [3, 3, 3],
      [4, 1, 1],
    ]);
    expect(modelWidths(model)).toEqual([60, 108, 27, 27, 27, 4]);
    expect(computeUnits(model)).toBe(108 * 2 * 3 * 2 + 27 * 4 + 27 * 3 * 3 * 3 + 27 + 27 * 4);
    expect(modelInputShape({ layers: [conv()] })).toEqual([2, 6, 5]);
    expect(modelInputShape({ layers: [dense(7, 1)] })).toEqual([7, 1, 1]);
  });

  it("names the field whose size does not chain", () => {
    expectInvalid(
      { layers: [conv(), pool({ C: 2 })] },
      "layers[1].C",
      /reads 72 elements, but the previous layer's output size is 108/,
    );
    expectInvalid(
      { inputShape: [1, 6, 5], layers: [conv()] },
      "layers[0].Cin",
      /reads 60 elements, but the model input's size \(inputShape\) is 30/,
    );
    expectInvalid({ layers: [conv(), dense(100, 1)] }, "layers[1].K", /reads 100 elements/);
  });

  it("checks an add's skip index and the skip activation's size", () => {
    expectInvalid(
      { layers: [conv(), pool(), add({ skip: 2 })] },
      "layers[2].skip",
      /\[0, 1\], got 2/,
    );
    expectInvalid(
      { layers: [conv(), pool(), add({ skip: 1 })] },
      "layers[2].skip",
      /a_1 has 108 elements, the add layer needs C\*H\*W = 27/,
    );
    expectInvalid(
      { layers: [add({ skip: 0, C: 1, H: 1, W: 1 })] },
      "layers[0].kind",
      /the first layer cannot be an add/,
    );
  });
});

describe("v2 bounds", () => {
  it("accepts the bounds themselves", () => {
    const big = conv({ Cin: 4, H: 16, W: 16, kh: 15, kw: 15, stride: 8, pad: 14, Cout: 2048 });
    // 4*15*15 = 900 <= 1024; Ho = floor((16 + 28 - 15) / 8) + 1 = 4: 2048*4*4 = 32768 elements.
    expect(() => validateModel({ layers: [big] })).not.toThrow();
    // One more output channel: 32784 elements, one layer past what a last move can carry.
    const tooBig = conv({ Cin: 4, H: 16, W: 16, kh: 15, kw: 15, stride: 8, pad: 14, Cout: 2049 });
    expect(() => validateModel({ layers: [{ ...tooBig }] })).toThrow(
      /output 2049x4x4 = 32784 elements is over the 32768-element/,
    );
  });

  it("names the offending conv field", () => {
    expectInvalid({ layers: [conv({ pad: 2 })] }, "layers[0].pad", /\[0, 1\], got 2/);
    expectInvalid({ layers: [conv({ kh: 16 })] }, "layers[0].kh", /\[1, 15\], got 16/);
    expectInvalid({ layers: [conv({ stride: 9 })] }, "layers[0].stride", /\[1, 8\], got 9/);
    expectInvalid({ layers: [conv({ Cout: 4097 })] }, "layers[0].Cout", /got 4097/);
    expectInvalid(
      { layers: [conv({ Cin: 5, H: 15, W: 15, kh: 15, kw: 15, pad: 0 })] },
      "layers[0].Cin",
      /Cin\*kh\*kw = 1125 is over 1024/,
    );
    expectInvalid(
      { layers: [conv({ H: 2, kh: 5, pad: 1, kw: 2 })] },
      "layers[0].kh",
      /does not fit/,
    );
    expectInvalid(
      { layers: [conv({ Cin: 1, H: 150, W: 150, kh: 1, kw: 1, pad: 0 })] },
      "layers[0]",
      /output 3x150x150 = 67500 elements is over the 32768-element/,
    );
    expectInvalid(
      { layers: [conv({ Cin: 1, H: 300, W: 300, kh: 1, kw: 1, pad: 0 })] },
      "layers[0].Cin",
      /90000 is over the 32768-element/,
    );
    const wrong = conv();
    expectInvalid(
      { layers: [{ ...wrong, weights: new Int8Array(5) }] },
      "layers[0].weights",
      /Cout\*Cin\*kh\*kw = 3\*2\*3\*2 = 36 weights, got 5/,
    );
    expectInvalid(
      { layers: [{ ...wrong, bias: Int32Array.from([0, 2 ** 30 + 1, 0]) }] },
      "layers[0].bias[1]",
      /2\^30/,
    );
    expectInvalid({ layers: [conv({ M: 0 })] }, "layers[0].M", /got 0/);
    expectInvalid({ layers: [conv({ s: 63 })] }, "layers[0].s", /got 63/);
  });

  it("names the offending pool and add fields, and unknown kinds", () => {
    expectInvalid({ layers: [pool({ kh: 7 })] }, "layers[0].kh", /at most H.*got 7/);
    expectInvalid({ layers: [pool({ stride: 0 })] }, "layers[0].stride", /got 0/);
    expectInvalid(
      { layers: [conv(), pool(), add({ skip: 2, Mb: 2 ** 31 })] },
      "layers[2].Mb",
      /got 2147483648/,
    );
    expectInvalid(
      { layers: [{ ...pool(), kind: "lstm" } as unknown as PoolLayer] },
      "layers[0].kind",
      /unknown layer kind "lstm"/,
    );
    expectInvalid({ layers: [pool()], inputShape: [3, 6, 0] }, "inputShape[2]", /got 0/);
  });
});
