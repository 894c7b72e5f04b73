/**
 * The checked-in sample CNN (model/models/mnist-cnn.*) must stay consistent with
 * this code and meet its targets: if the export or a commitment changes, the
 * files are stale and `npm run train:mnist-cnn` must be re-run (their hashes go on chain).
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { keccak256 } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { loadMnist } from "../scripts/lib/mnist-data.js";
import { layerLeaves, weightCommitment } from "./commitments.js";
import { argmax, execute } from "./executor.js";
import { modelFormat, readAnyModelFile } from "./model-file.js";
import { exportOnnx } from "./onnx.js";
import { releaseOnnxSessions, runOnnx } from "./onnx-run.js";
import { quantizeInput } from "./quantize.js";
import { computeUnits, modelWidths, validateModel } from "./types.js";

afterAll(releaseOnnxSessions);

const file = (name: string) => fileURLToPath(new URL(`../models/${name}`, import.meta.url));
/** The held-out split of scripts/train-mnist-cnn.ts (and the MLP's): the last 100 digits of each class. */
const TEST_PER_DIGIT = 100;

describe("model/models/mnist-cnn", async () => {
  const model = await readAnyModelFile(file("mnist-cnn.verity.json"));
  const onnx = new Uint8Array(await readFile(file("mnist-cnn.onnx")));
  const meta = JSON.parse(await readFile(file("mnist-cnn.meta.json"), "utf8"));

  it("is a valid v2 model whose ONNX file and meta agree with it and with this code", () => {
    validateModel(model);
    expect(modelFormat(model)).toBe("verity-int8-v2");
    expect(model.inputShape).toEqual([1, 28, 28]);
    expect(exportOnnx(model)).toEqual(onnx);
    expect(meta.format).toBe("verity-int8-v2");
    expect(meta.artifactHash).toBe(keccak256(onnx));
    expect(meta.weightCommitment).toBe(weightCommitment(model));
    expect(meta.layerLeaves).toEqual(layerLeaves(model));
    expect(meta.widths).toEqual(modelWidths(model));
    expect(meta.computeUnits).toBe(computeUnits(model));
  });

  it("reaches 98.5% on every held-out digit through onnxruntime, identical to the reference executor on every activation", async () => {
    const { test } = loadMnist(TEST_PER_DIGIT);
    expect(test).toHaveLength(1000);
    const inputs = test.map((s) => quantizeInput(model, s.x));
    const ortTraces = await runOnnx(onnx, inputs);
    let correct = 0;
    let mismatches = 0;
    inputs.forEach((x, n) => {
      const expected = execute(model, x);
      const got = ortTraces[n] as Int8Array[];
      expect(got).toHaveLength(expected.length);
      for (let l = 1; l < expected.length; l++) {
        const want = expected[l] as Int8Array;
        const have = got[l] as Int8Array;
        expect(have).toHaveLength(want.length);
        want.forEach((v, i) => {
          if (have[i] !== v) mismatches++;
        });
      }
      if (argmax(got.at(-1) as Int8Array) === test[n]?.label) correct++;
    });
    expect(mismatches).toBe(0);
    expect(correct / test.length).toBeGreaterThanOrEqual(0.985);
    expect(correct / test.length).toBe(meta.evaluation.onnxruntimeAccuracy);
  });
});
