import { afterAll, describe, expect, it } from "vitest";
import { compareModels } from "./evaluate.js";
import { execute } from "./executor.js";
import { floatForward } from "./float-model.js";
import { randomFloatCnn } from "./float-random.js";
import { exportOnnx } from "./onnx.js";
import { releaseOnnxSessions, runOnnx } from "./onnx-run.js";
import { multiplierPairToFixedPoint, quantizeInput, quantizeModel } from "./quantize.js";
import { createRng } from "./random.js";
import { type AnyLayer, validateModel } from "./types.js";

afterAll(releaseOnnxSessions);

describe("quantizeModel on a CNN", () => {
  const rng = createRng(71);
  const float = randomFloatCnn(rng);
  const inputs = (n: number) =>
    Array.from({ length: n }, () => Array.from({ length: 2 * 9 * 9 }, () => rng.normal()));
  const calibration = inputs(300);
  const { model, layers, warnings } = quantizeModel(float, calibration);

  it("produces a valid v2 model with one integer layer per float layer", () => {
    expect(warnings).toEqual([]);
    validateModel(model);
    expect(model.inputShape).toEqual([2, 9, 9]);
    expect(model.layers.map((l: AnyLayer) => l.kind ?? "dense")).toEqual([
      "conv2d",
      "conv2d",
      "add",
      "maxpool",
      "conv2d",
      "avgpool",
      "dense",
    ]);
    expect(layers.map((q) => q.kind)).toEqual(model.layers.map((l) => l.kind ?? "dense"));
  });

  it("keeps a pool's input scale, so max pooling commutes with requantization", () => {
    layers.forEach((q) => {
      if (q.kind === "maxpool" || q.kind === "avgpool") expect(q.outputScale).toBe(q.inputScale);
    });
    // The integer max pool of the requantized conv output is the requantized float max:
    // the pooled int8 values are exactly the conv layer's int8 values at the window maxima.
    for (const x of inputs(20)) {
      const trace = execute(model, quantizeInput(model, x));
      const before = trace[3] as Int8Array; // the add's output, 4x9x9
      const pooled = trace[4] as Int8Array; // maxpool 2x2 stride 2 -> 4x4x4
      pooled.forEach((v, j) => {
        const [c, oy, ox] = [Math.floor(j / 16), Math.floor(j / 4) % 4, j % 4];
        const window = [0, 1].flatMap((ky) =>
          [0, 1].map((kx) => before[(c * 9 + oy * 2 + ky) * 9 + ox * 2 + kx] as number),
        );
        expect(v).toBe(Math.max(...window));
      });
    }
  });

  it("rescales both inputs of a residual add onto its output scale with one shift", () => {
    const add = layers[2];
    if (add?.kind !== "add") throw new Error("layer 3 is the add");
    expect(add.skipScale).toBe(layers[0]?.outputScale);
    expect(add.Ma / 2 ** add.s).toBeCloseTo(add.realMultipliers[0], 8);
    expect(add.Mb / 2 ** add.s).toBeCloseTo(add.realMultipliers[1], 8);
    expect(Math.max(add.Ma, add.Mb)).toBeGreaterThanOrEqual(2 ** 30);
    const pair = multiplierPairToFixedPoint(0.75, 3e-6);
    expect(pair.Ma / 2 ** pair.s).toBeCloseTo(0.75, 12);
    expect(pair.Mb).toBeGreaterThanOrEqual(1);
  });

  it("tracks the float model on held-out inputs", () => {
    const held = inputs(200);
    const labels = held.map((x) => {
      const out = floatForward(float, x).at(-1) as Float64Array;
      return out.indexOf(Math.max(...out));
    });
    const report = compareModels(float, model, held, labels);
    expect(report.top1Agreement).toBeGreaterThan(0.85);
    expect(report.meanAbsOutputError).toBeLessThan(4 * (model.outputScale as number));
  });

  it("runs the same in onnxruntime as in the reference executor, every activation", async () => {
    const held = inputs(50).map((x) => quantizeInput(model, x));
    const traces = await runOnnx(exportOnnx(model), held);
    held.forEach((x, n) => {
      const expected = execute(model, x).map((a) => Array.from(a));
      expect(traces[n]?.map((a) => Array.from(a))).toEqual(expected);
    });
  });
});
