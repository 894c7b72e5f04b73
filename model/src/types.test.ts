import { describe, expect, it } from "vitest";
import {
  computeUnits,
  type IntegerModel,
  type Layer,
  ModelValidationError,
  modelWidths,
  validateModel,
} from "./types.js";

function layer(overrides: Partial<Layer> = {}): Layer {
  return {
    K: 3,
    N: 2,
    weights: Int8Array.from([1, 2, 3, -4, -5, -6]),
    bias: Int32Array.from([7, -8]),
    M: 2 ** 30,
    s: 31,
    relu: true,
    ...overrides,
  };
}

function expectInvalid(model: IntegerModel, path: string, message: RegExp): void {
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

describe("validateModel", () => {
  it("accepts a valid model and the bounds themselves", () => {
    expect(() => validateModel({ layers: [layer()] })).not.toThrow();
    const bounds = layer({ M: 2 ** 31 - 1, s: 62, bias: Int32Array.from([2 ** 30, -(2 ** 30)]) });
    expect(() =>
      validateModel({
        layers: [
          bounds,
          layer({
            K: 2,
            N: 1,
            weights: Int8Array.from([1, 1]),
            bias: Int32Array.from([0]),
            M: 1,
            s: 1,
          }),
        ],
      }),
    ).not.toThrow();
  });

  it("rejects an empty model", () => {
    expectInvalid({ layers: [] }, "layers", /at least one layer/);
  });

  it("rejects M outside [1, 2^31)", () => {
    expectInvalid(
      { layers: [layer({ M: 0 })] },
      "layers[0].M",
      /M must be an integer in \[1, 2147483647\], got 0/,
    );
    expectInvalid({ layers: [layer({ M: 2 ** 31 })] }, "layers[0].M", /got 2147483648/);
    expectInvalid({ layers: [layer({ M: 1.5 })] }, "layers[0].M", /got 1.5/);
  });

  it("rejects s outside [1, 62]", () => {
    expectInvalid({ layers: [layer({ s: 0 })] }, "layers[0].s", /\[1, 62\], got 0/);
    expectInvalid({ layers: [layer({ s: 63 })] }, "layers[0].s", /got 63/);
  });

  it("rejects widths outside [1, 4096]", () => {
    expectInvalid(
      { layers: [layer({ K: 0, weights: new Int8Array(0) })] },
      "layers[0].K",
      /K must be/,
    );
    expectInvalid({ layers: [layer({ N: 4097 })] }, "layers[0].N", /\[1, 4096\], got 4097/);
  });

  it("rejects weights and biases of the wrong length or type", () => {
    expectInvalid(
      { layers: [layer({ weights: new Int8Array(5) })] },
      "layers[0].weights",
      /N\*K = 2\*3 = 6 weights, got 5/,
    );
    expectInvalid(
      { layers: [layer({ weights: new Uint8Array(6) as unknown as Int8Array })] },
      "layers[0].weights",
      /Int8Array/,
    );
    expectInvalid(
      { layers: [layer({ bias: new Int32Array(3) })] },
      "layers[0].bias",
      /N = 2 biases, got 3/,
    );
  });

  it("rejects |bias| > 2^30, naming the neuron", () => {
    expectInvalid(
      { layers: [layer({ bias: Int32Array.from([0, -(2 ** 30) - 1]) })] },
      "layers[0].bias[1]",
      /2\^30, got -1073741825/,
    );
  });

  it("rejects layers whose widths do not chain", () => {
    const second = layer({ K: 3, N: 1, weights: new Int8Array(3), bias: new Int32Array(1) });
    expectInvalid({ layers: [layer(), second] }, "layers[1].K", /previous layer's N \(2\), got 3/);
  });

  it("rejects a non-positive scale", () => {
    expectInvalid({ layers: [layer()], inputScale: 0 }, "inputScale", /> 0/);
    expectInvalid({ layers: [layer()], outputScale: Number.NaN }, "outputScale", /> 0/);
  });
});

describe("model shape helpers", () => {
  it("lists widths input first and counts multiply-accumulates", () => {
    const model = {
      layers: [layer(), layer({ K: 2, N: 1, weights: new Int8Array(2), bias: new Int32Array(1) })],
    };
    expect(modelWidths(model)).toEqual([3, 2, 1]);
    expect(computeUnits(model)).toBe(3 * 2 + 2 * 1);
  });
});
