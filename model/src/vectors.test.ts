/**
 * The shared vectors (contracts/test/vectors/dense.json) that the Solidity tests
 * read must match this code: every step re-executed, every commitment recomputed.
 * If this fails after a change here, re-run `npm run gen:vectors`.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { activationHash, hexToInt8, layerLeaf, rowLeaves, rowsRoot } from "./commitments.js";
import { executeLayer } from "./executor.js";
import { merkleRoot, verifyMerkleProof } from "./merkle.js";
import type { Layer } from "./types.js";
import { validateLayer } from "./types.js";

type StepJson = {
  K: number;
  N: number;
  M: number;
  s: number;
  relu: boolean;
  weights: Hex;
  bias: number[];
  x: Hex;
  y: Hex;
  rowLeaves: Hex[];
  rowsRoot: Hex;
  layerLeaf: Hex;
};
type ModelJson = {
  layers: number;
  firstStep: number;
  weightCommitment: Hex;
  layerLeaves: Hex[];
  input: Hex;
  activationHashes: Hex[];
  traceRoot: Hex;
  output: Hex;
};
type WitnessJson = {
  model: number;
  layer: number;
  neuron: number;
  layerLeaf: Hex;
  layerProof: Hex[];
  rowLeaf: Hex;
  rowProof: Hex[];
  inputTraceProof: Hex[];
  outputTraceProof: Hex[];
  y: number;
};

const path = fileURLToPath(new URL("../../contracts/test/vectors/dense.json", import.meta.url));

describe("contracts/test/vectors/dense.json", async () => {
  const vectors = JSON.parse(await readFile(path, "utf8")) as {
    stepCount: number;
    modelCount: number;
    witnessCount: number;
    steps: StepJson[];
    models: ModelJson[];
    witnesses: WitnessJson[];
  };
  const layerOf = (s: StepJson): Layer => ({
    K: s.K,
    N: s.N,
    M: s.M,
    s: s.s,
    relu: s.relu,
    weights: hexToInt8(s.weights),
    bias: Int32Array.from(s.bias),
  });

  it("has the counts it announces and the coverage the Solidity tests rely on", () => {
    expect(vectors.steps).toHaveLength(vectors.stepCount);
    expect(vectors.models).toHaveLength(vectors.modelCount);
    expect(vectors.witnesses).toHaveLength(vectors.witnessCount);
    const ys = vectors.steps.flatMap((s) => Array.from(hexToInt8(s.y)));
    expect(ys.filter((v) => v === 127 || v === -128).length).toBeGreaterThan(100);
    expect(ys.filter((v) => v < 0 && v > -128).length).toBeGreaterThan(100);
    expect(vectors.steps.some((s) => s.K === 256 && s.N === 256)).toBe(true);
    expect(new Set(vectors.models.map((m) => m.layers))).toEqual(new Set([1, 2, 3, 4]));
  });

  it("every step's output and commitments match the reference executor", () => {
    for (const step of vectors.steps) {
      const layer = layerOf(step);
      validateLayer(layer);
      expect(Array.from(executeLayer(layer, hexToInt8(step.x)))).toEqual(
        Array.from(hexToInt8(step.y)),
      );
      expect(step.rowLeaves).toEqual(rowLeaves(layer));
      expect(step.rowsRoot).toBe(rowsRoot(layer));
      expect(step.layerLeaf).toBe(layerLeaf(layer));
    }
  });

  it("every model chains its steps and commits to them", () => {
    for (const m of vectors.models) {
      const steps = vectors.steps.slice(m.firstStep, m.firstStep + m.layers);
      expect(steps.map((s) => s.layerLeaf)).toEqual(m.layerLeaves);
      expect(m.weightCommitment).toBe(merkleRoot(m.layerLeaves));
      expect(steps[0]?.x).toBe(m.input);
      expect(steps.at(-1)?.y).toBe(m.output);
      const trace = [m.input, ...steps.map((s) => s.y)];
      steps.forEach((s, i) => {
        expect(s.x).toBe(trace[i]);
      });
      expect(m.activationHashes).toEqual(trace.map((a) => activationHash(hexToInt8(a))));
      expect(m.traceRoot).toBe(merkleRoot(m.activationHashes.slice(1, -1)));
    }
  });

  it("every witness verifies against its model's commitments", () => {
    for (const w of vectors.witnesses) {
      const m = vectors.models[w.model] as ModelJson;
      const step = vectors.steps[m.firstStep + w.layer - 1] as StepJson;
      expect(verifyMerkleProof(w.layerLeaf, w.layer - 1, w.layerProof, m.weightCommitment)).toBe(
        true,
      );
      expect(verifyMerkleProof(w.rowLeaf, w.neuron, w.rowProof, step.rowsRoot)).toBe(true);
      expect(hexToInt8(step.y)[w.neuron]).toBe(w.y);
      const hidden = m.activationHashes.slice(1, -1);
      const proves = (l: number, proof: Hex[]) =>
        l === 0 || l === m.layers
          ? proof.length === 0
          : verifyMerkleProof(m.activationHashes[l] as Hex, l - 1, proof, merkleRoot(hidden));
      expect(proves(w.layer - 1, w.inputTraceProof)).toBe(true);
      expect(proves(w.layer, w.outputTraceProof)).toBe(true);
    }
  });
});
