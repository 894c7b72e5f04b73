import ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { compareModels } from "./evaluate.js";
import { execute } from "./executor.js";
import {
  type FloatDenseModel,
  floatForward,
  floatModelFromJson,
  floatModelToJson,
  isDense,
} from "./float-model.js";
import { floatModelFromOnnx } from "./float-onnx.js";
import { exportOnnx } from "./onnx.js";
import { DataType, encodeModel, type Node, type Tensor } from "./onnx-proto.js";
import { releaseOnnxSessions, runOnnx } from "./onnx-run.js";
import {
  absRange,
  dequantizeOutput,
  multiplierToFixedPoint,
  quantizeInput,
  quantizeModel,
  quantizeVector,
} from "./quantize.js";
import { createRng, type Rng } from "./random.js";
import { MAX_MULTIPLIER } from "./types.js";

afterAll(releaseOnnxSessions);

function randomFloatModel(rng: Rng, widths: number[]): FloatDenseModel {
  return {
    layers: widths.slice(1).map((N, i) => {
      const K = widths[i] as number;
      return {
        K,
        N,
        W: Float64Array.from({ length: N * K }, () => rng.normal() / Math.sqrt(K)),
        b: Float64Array.from({ length: N }, () => rng.normal() * 0.1),
        relu: i + 2 < widths.length,
      };
    }),
  };
}

const randomInputs = (rng: Rng, K: number, n: number) =>
  Array.from({ length: n }, () => Array.from({ length: K }, () => rng.normal()));

describe("multiplierToFixedPoint", () => {
  it("keeps M in [2^30, 2^31) with 31 bits of precision for ordinary multipliers", () => {
    const rng = createRng(31);
    for (let i = 0; i < 2000; i++) {
      const m = 2 ** (rng.next() * 40 - 30);
      const { M, s } = multiplierToFixedPoint(m);
      expect(M).toBeGreaterThanOrEqual(2 ** 30);
      expect(M).toBeLessThan(2 ** 31);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(62);
      expect(Math.abs(M / 2 ** s - m) / m).toBeLessThanOrEqual(2 ** -30);
    }
    expect(multiplierToFixedPoint(0.5)).toEqual({ M: 2 ** 30, s: 31 });
    expect(multiplierToFixedPoint(1)).toEqual({ M: 2 ** 30, s: 30 });
  });

  it("gives up precision at the ends of the shift range rather than leave it", () => {
    expect(multiplierToFixedPoint(2 ** -40)).toEqual({ M: 2 ** 22, s: 62 });
    expect(multiplierToFixedPoint(2 ** -70)).toEqual({ M: 1, s: 62 });
    expect(multiplierToFixedPoint(2 ** 40)).toEqual({ M: MAX_MULTIPLIER, s: 1 });
    expect(() => multiplierToFixedPoint(0)).toThrow(/> 0/);
  });
});

describe("scales", () => {
  it("takes the max abs or a percentile of |values|", () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1));
    expect(absRange(values)).toBe(1000);
    expect(absRange(values, 99)).toBe(990);
    expect(absRange(values, 50)).toBe(500);
  });

  it("rounds to nearest and saturates when quantizing a vector", () => {
    expect(Array.from(quantizeVector([0.26, -0.26, 0.24, 100, -100], 0.5))).toEqual([
      1, -1, 0, 127, -128,
    ]);
  });
});

describe("quantizeModel", () => {
  const rng = createRng(32);
  const float = randomFloatModel(rng, [8, 16, 12, 4]);
  const calibration = randomInputs(rng, 8, 300);
  const { model, layers, warnings } = quantizeModel(float, calibration);

  it("produces a valid model whose scales follow the calibration ranges", () => {
    expect(warnings).toEqual([]);
    expect(model.layers.map((l) => [l.K, l.N, l.relu])).toEqual([
      [8, 16, true],
      [16, 12, true],
      [12, 4, false],
    ]);
    const inputRange = absRange(Float64Array.from(calibration.flat()));
    expect(model.inputScale).toBeCloseTo(inputRange / 127, 12);
    layers.forEach((q, i) => {
      expect(q.M / 2 ** q.s).toBeCloseTo(q.realMultiplier, 9);
      // Weights use the full symmetric range: the largest |W| maps to 127.
      const w = model.layers[i]?.weights as Int8Array;
      expect(Math.max(...Array.from(w, Math.abs))).toBe(127);
    });
  });

  it("dequantized weights and biases are within half a step of the float ones", () => {
    float.layers.forEach((layer, i) => {
      const q = layers[i];
      const int = model.layers[i];
      if (q === undefined || int === undefined) throw new Error("missing layer");
      const weightErrors = layer.W.map((w, k) =>
        Math.abs((int.weights[k] as number) * q.weightScale - w),
      );
      expect(Math.max(...weightErrors)).toBeLessThanOrEqual(q.weightScale / 2 + 1e-12);
      const accScale = q.inputScale * q.weightScale;
      const biasErrors = layer.b.map((b, j) => Math.abs((int.bias[j] as number) * accScale - b));
      expect(Math.max(...biasErrors)).toBeLessThanOrEqual(accScale / 2 + 1e-12);
    });
  });

  it("tracks the float model on held-out inputs", () => {
    const held = randomInputs(createRng(33), 8, 300);
    const report = compareModels(float, model, held);
    expect(report.samples).toBe(300);
    expect(report.top1Agreement).toBeGreaterThan(0.9);
    // Output error relative to the output range: a few int8 steps at most on average.
    expect(report.meanAbsOutputError).toBeLessThan(3 * (model.outputScale as number));
    const x = held[0] as number[];
    const floatOut = floatForward(float, x).at(-1) as Float64Array;
    const intOut = dequantizeOutput(
      model,
      execute(model, quantizeInput(model, x)).at(-1) as Int8Array,
    );
    const errors = intOut.map((v, j) => Math.abs(v - (floatOut[j] as number)));
    expect(Math.max(...errors)).toBeLessThan(
      0.1 * absRange(floatOut) + 4 * (model.outputScale as number),
    );
  });

  it("reports accuracy against labels", () => {
    const held = randomInputs(createRng(34), 8, 50);
    const labels = held.map((x) => {
      const out = floatForward(float, x).at(-1) as Float64Array;
      return out.indexOf(Math.max(...out));
    });
    const report = compareModels(float, model, held, labels);
    expect(report.floatAccuracy).toBe(1);
    expect(report.intAccuracy).toBe(report.top1Agreement);
    expect(() => compareModels(float, model, held, labels.slice(1))).toThrow(/labels/);
  });

  it("runs the same in onnxruntime as in the reference executor", async () => {
    const inputs = randomInputs(createRng(35), 8, 64).map((x) => quantizeInput(model, x));
    const traces = await runOnnx(exportOnnx(model), inputs);
    const expected = inputs.map((x) => execute(model, x).map((a) => Array.from(a)));
    expect(traces.map((trace) => trace.map((a) => Array.from(a)))).toEqual(expected);
  });

  it("refuses an empty calibration set", () => {
    expect(() => quantizeModel(float, [])).toThrow(/calibration/);
  });
});

describe("float model readers", () => {
  const rng = createRng(36);
  const float = randomFloatModel(rng, [5, 4, 3]);

  it("reads the JSON form in both weight layouts", () => {
    const json = floatModelToJson(float);
    const back = floatModelFromJson(JSON.parse(JSON.stringify(json)));
    expect(back.layers.map((l) => Array.from(l.W))).toEqual(
      float.layers.map((l) => Array.from(l.W)),
    );
    const transposed = {
      weightLayout: "KN",
      layers: json.layers.map((l) => ({
        ...l,
        W: (l.W[0] as number[]).map((_, k) => l.W.map((row) => row[k])),
      })),
    };
    expect(floatModelFromJson(transposed)).toEqual(back);
    expect(() => floatModelFromJson({ layers: [{ ...json.layers[0], b: [1] }] })).toThrow(
      /b N = 4/,
    );
    expect(() => floatModelFromJson({ weightLayout: "xy", layers: [] })).toThrow(/weightLayout/);
  });

  /** A float ONNX file in the shapes exporters produce: Gemm(transB=1) as PyTorch does, or MatMul + Add. */
  function floatOnnx(model: FloatDenseModel, style: "gemm" | "matmul"): Uint8Array {
    const initializer: Tensor[] = [];
    const node: Node[] = [];
    const f32 = (name: string, dims: number[], values: ArrayLike<number>): Tensor => {
      const raw = new Uint8Array(values.length * 4);
      const view = new DataView(raw.buffer);
      for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
      return { name, dims, dataType: DataType.FLOAT, rawData: raw };
    };
    let x = "x";
    model.layers.forEach((layer, i) => {
      const y = `h${i}`;
      if (style === "gemm") {
        // alpha and beta exercise the reader's scaling; W and b are stored pre-divided.
        initializer.push(
          f32(
            `W${i}`,
            [layer.N, layer.K],
            layer.W.map((w) => w / 2),
          ),
        );
        initializer.push({
          name: `b${i}`,
          dims: [layer.N],
          dataType: DataType.FLOAT,
          floatData: Array.from(layer.b, (b) => b / 4),
        });
        node.push({
          opType: "Gemm",
          input: [x, `W${i}`, `b${i}`],
          output: [y],
          attribute: [
            { name: "transB", type: 2, i: 1 },
            { name: "alpha", type: 1, f: 2 },
            { name: "beta", type: 1, f: 4 },
          ],
        });
      } else {
        const t = new Float64Array(layer.K * layer.N);
        for (let j = 0; j < layer.N; j++)
          for (let k = 0; k < layer.K; k++) t[k * layer.N + j] = layer.W[j * layer.K + k] as number;
        initializer.push(f32(`W${i}`, [layer.K, layer.N], t), f32(`b${i}`, [layer.N], layer.b));
        node.push(
          { opType: "MatMul", input: [x, `W${i}`], output: [`${y}_mm`] },
          { opType: "Add", input: [`${y}_mm`, `b${i}`], output: [y] },
        );
      }
      x = y;
      if (layer.relu) {
        node.push({ opType: "Relu", input: [y], output: [`${y}_relu`] });
        x = `${y}_relu`;
      }
    });
    const value = (name: string, width: number) => ({
      name,
      type: {
        tensorType: {
          elemType: DataType.FLOAT,
          shape: { dim: [{ dimValue: 1 }, { dimValue: width }] },
        },
      },
    });
    return encodeModel({
      irVersion: 10,
      opsetImport: [{ domain: "", version: 21 }],
      graph: { name: "float", node, initializer, input: [value("x", 5)], output: [value(x, 3)] },
    });
  }

  for (const style of ["gemm", "matmul"] as const) {
    it(`reads a ${style} ONNX file into what onnxruntime computes`, async () => {
      const bytes = floatOnnx(float, style);
      const read = floatModelFromOnnx(bytes);
      expect(read.layers.filter(isDense).map((l) => [l.K, l.N, l.relu])).toEqual([
        [5, 4, true],
        [4, 3, false],
      ]);
      const session = await ort.InferenceSession.create(bytes);
      for (const x of randomInputs(rng, 5, 10)) {
        const out = await session.run({
          x: new ort.Tensor("float32", Float32Array.from(x), [1, 5]),
        });
        const expected = Array.from(out[session.outputNames[0] as string]?.data as Float32Array);
        const actual = Array.from(floatForward(read, x).at(-1) as Float64Array);
        const errors = actual.map((v, j) => Math.abs(v - (expected[j] as number)));
        expect(errors).toHaveLength(3);
        expect(Math.max(...errors)).toBeLessThan(1e-4);
      }
      await session.release();
    });
  }

  it("refuses operators outside the supported chain", () => {
    const bytes = encodeModel({
      irVersion: 10,
      opsetImport: [{ version: 21 }],
      graph: {
        node: [{ opType: "Sigmoid", input: ["x"], output: ["y"] }],
        input: [{ name: "x" }],
        output: [{ name: "y" }],
      },
    });
    expect(() => floatModelFromOnnx(bytes)).toThrow(/operator Sigmoid is not supported/);
  });
});
