/**
 * The checked-in sample model (model/models/mnist-mlp.*) must stay consistent with
 * this code: if the export or a commitment changes, these files are stale and
 * `npm run train:mnist` must be re-run (their hashes go on chain).
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import { layerLeaves, weightCommitment } from "./commitments.js";
import { readModelFile } from "./model-file.js";
import { exportOnnx, importOnnx } from "./onnx.js";
import { computeUnits, modelWidths } from "./types.js";

const file = (name: string) => fileURLToPath(new URL(`../models/${name}`, import.meta.url));

describe("model/models/mnist-mlp", () => {
  it("ONNX file, JSON form and meta agree with each other and with this code", async () => {
    const model = await readModelFile(file("mnist-mlp.verity.json"));
    const onnx = new Uint8Array(await readFile(file("mnist-mlp.onnx")));
    const meta = JSON.parse(await readFile(file("mnist-mlp.meta.json"), "utf8"));
    expect(exportOnnx(model)).toEqual(onnx);
    expect(importOnnx(onnx)).toEqual(model);
    expect(meta.artifactHash).toBe(keccak256(onnx));
    expect(meta.weightCommitment).toBe(weightCommitment(model));
    expect(meta.layerLeaves).toEqual(layerLeaves(model));
    expect(meta.widths).toEqual(modelWidths(model));
    expect(meta.computeUnits).toBe(computeUnits(model));
    expect(meta.evaluation.intAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(meta.evaluation.onnxruntime.mismatches).toBe(0);
  });
});
