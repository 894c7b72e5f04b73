/**
 * The shared v2 vectors (contracts/test/vectors/spatial.json) that the Solidity
 * tests read must match this code: every step re-executed, every commitment
 * recomputed, and the coverage the Solidity tests rely on present.
 * If this fails after a change here, re-run `npm run gen:vectors -w @verity/model`.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { activationHash, hexToInt8, layerLeaf, rowLeaves, rowsRoot } from "./commitments.js";
import { elementOutput, execute, executeAnyLayer } from "./executor.js";
import { merkleRoot, verifyMerkleProof } from "./merkle.js";
import { layerOutputShape } from "./shapes.js";
import { filterLeaves, filtersRoot } from "./spatial-commitments.js";
import {
  type AnyLayer,
  type AnyModel,
  type SpatialLayer,
  validateAnyLayer,
  validateModel,
} from "./types.js";

type Step = Record<string, unknown> & {
  kind: SpatialLayer["kind"];
  x: Hex;
  y: Hex;
  layerLeaf: Hex;
};
type DenseStep = Record<string, unknown> & { kind: "dense"; x: Hex; y: Hex; layerLeaf: Hex };
type ModelJson = {
  inputShape: [number, number, number];
  layers: (Step | DenseStep)[];
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
  element: number;
  kind: string;
  layerLeaf: Hex;
  layerProof: Hex[];
  channel?: number;
  filterLeaf?: Hex;
  filterProof?: Hex[];
  rowLeaf?: Hex;
  rowProof?: Hex[];
  inputTraceProof: Hex[];
  outputTraceProof: Hex[];
  skipTraceProof?: Hex[];
  y: number;
};

const int8Hex = (a: Int8Array): Hex =>
  `0x${Buffer.from(a.buffer, a.byteOffset, a.length).toString("hex")}`;

const path = fileURLToPath(new URL("../../contracts/test/vectors/spatial.json", import.meta.url));

const FIELDS = {
  conv2d: [
    "kind",
    "Cin",
    "H",
    "W",
    "Cout",
    "kh",
    "kw",
    "stride",
    "pad",
    "M",
    "s",
    "relu",
    "weights",
    "bias",
    "x",
    "y",
    "filterLeaves",
    "filtersRoot",
    "layerLeaf",
  ],
  maxpool: ["kind", "C", "H", "W", "kh", "kw", "stride", "x", "y", "layerLeaf"],
  avgpool: ["kind", "C", "H", "W", "kh", "kw", "stride", "x", "y", "layerLeaf"],
  add: ["kind", "C", "H", "W", "skip", "Ma", "Mb", "s", "relu", "x", "x2", "y", "layerLeaf"],
} as const;

function layerOf(step: Step): SpatialLayer {
  if (step.kind === "conv2d") {
    return {
      ...(step as unknown as SpatialLayer),
      weights: hexToInt8(step.weights as Hex),
      bias: Int32Array.from(step.bias as number[]),
    } as SpatialLayer;
  }
  return Object.fromEntries(
    FIELDS[step.kind]
      .filter((k) => !["x", "x2", "y", "layerLeaf"].includes(k))
      .map((k) => [k, step[k]]),
  ) as SpatialLayer;
}

function anyLayerOf(step: Step | DenseStep): AnyLayer {
  if (step.kind !== "dense") return layerOf(step);
  return {
    K: step.K as number,
    N: step.N as number,
    M: step.M as number,
    s: step.s as number,
    relu: step.relu as boolean,
    weights: hexToInt8(step.weights as Hex),
    bias: Int32Array.from(step.bias as number[]),
  };
}

describe("contracts/test/vectors/spatial.json", async () => {
  const vectors = JSON.parse(await readFile(path, "utf8")) as {
    stepCount: number;
    modelCount: number;
    witnessCount: number;
    steps: Step[];
    models: ModelJson[];
    witnesses: WitnessJson[];
  };

  it("has exactly the fields CNN-SPEC names for each kind", () => {
    expect(vectors.steps).toHaveLength(vectors.stepCount);
    for (const step of vectors.steps) expect(Object.keys(step)).toEqual([...FIELDS[step.kind]]);
  });

  it("every step's output and commitments match the reference executor", () => {
    for (const step of vectors.steps) {
      const layer = layerOf(step);
      validateAnyLayer(layer);
      const x2 = step.kind === "add" ? hexToInt8(step.x2 as Hex) : undefined;
      expect(Array.from(executeAnyLayer(layer, hexToInt8(step.x), x2))).toEqual(
        Array.from(hexToInt8(step.y)),
      );
      expect(step.layerLeaf).toBe(layerLeaf(layer));
      if (layer.kind === "conv2d") {
        expect(step.filterLeaves).toEqual(filterLeaves(layer));
        expect(step.filtersRoot).toBe(filtersRoot(layer));
        expect(step.filtersRoot).toBe(merkleRoot(step.filterLeaves as Hex[]));
      }
    }
  });

  it("covers saturation, negative ties, stride, padding, non-square kernels, the bounds and exact-half means", () => {
    const steps = vectors.steps;
    const layers = steps.map(layerOf);
    const ys = steps.flatMap((s) => Array.from(hexToInt8(s.y)));
    expect(ys.filter((v) => v === 127 || v === -128).length).toBeGreaterThan(500);
    expect(ys.filter((v) => v < 0 && v > -128).length).toBeGreaterThan(500);
    const convs = layers.filter((l) => l.kind === "conv2d");
    expect(convs.some((l) => l.stride > 1 && l.pad > 0 && l.kh !== l.kw)).toBe(true);
    expect(convs.some((l) => l.Cin * l.kh * l.kw === 1024)).toBe(true);
    expect(convs.some((l) => l.Cin === 64 && l.kh === 3 && l.kw === 3)).toBe(true);
    expect(convs.some((l) => l.Cin === 1 && l.H === 28 && l.Cout === 8)).toBe(true);
    // Negative accumulators on exact ties: M = 1, so acc*M + 2^(s-1) is a multiple of 2^s when acc is.
    expect(convs.some((l) => l.M === 1 && l.s <= 3)).toBe(true);
    let halves = 0;
    for (const [i, l] of layers.entries()) {
      if (l.kind !== "avgpool") continue;
      const x = hexToInt8((steps[i] as Step).x);
      const [C, Ho, Wo] = layerOutputShape(l);
      for (let c = 0; c < C; c++)
        for (let oy = 0; oy < Ho; oy++)
          for (let ox = 0; ox < Wo; ox++) {
            let sum = 0;
            for (let ky = 0; ky < l.kh; ky++)
              for (let kx = 0; kx < l.kw; kx++)
                sum += x[(c * l.H + oy * l.stride + ky) * l.W + ox * l.stride + kx] as number;
            const count = l.kh * l.kw;
            // sum / count = k + 1/2 exactly, negative ones included.
            if ((2 * sum) % count === 0 && ((2 * sum) / count) % 2 !== 0) halves++;
          }
    }
    expect(halves).toBeGreaterThan(20);
    const adds = layers.filter((l) => l.kind === "add");
    expect(new Set(adds.map((l) => l.skip))).toEqual(new Set([0, 1]));
    expect(adds.some((l) => l.Ma === 1 && l.Mb === 1 && l.s === 1)).toBe(true);
    expect(new Set(layers.map((l) => l.kind))).toEqual(
      new Set(["conv2d", "maxpool", "avgpool", "add"]),
    );
  });

  it("every model chains its layers, commits to them and re-executes to its trace", () => {
    expect(vectors.models).toHaveLength(vectors.modelCount);
    expect(vectors.models[0]?.inputShape).toEqual([1, 28, 28]);
    for (const m of vectors.models) {
      const model: AnyModel = { inputShape: m.inputShape, layers: m.layers.map(anyLayerOf) };
      validateModel(model);
      const trace = execute(model, hexToInt8(m.input));
      expect(trace.map((a) => activationHash(a))).toEqual(m.activationHashes);
      expect(m.traceRoot).toBe(merkleRoot(m.activationHashes.slice(1, -1)));
      expect(m.layerLeaves).toEqual(model.layers.map(layerLeaf));
      expect(m.weightCommitment).toBe(merkleRoot(m.layerLeaves));
      m.layers.forEach((step, i) => {
        expect(step.x).toBe(int8Hex(trace[i] as Int8Array));
        expect(step.y).toBe(int8Hex(trace[i + 1] as Int8Array));
        if (step.kind === "add")
          expect(step.x2).toBe(int8Hex(trace[step.skip as number] as Int8Array));
        if (step.kind === "dense") {
          const layer = anyLayerOf(step) as Parameters<typeof rowLeaves>[0];
          expect(step.rowLeaves).toEqual(rowLeaves(layer));
          expect(step.rowsRoot).toBe(rowsRoot(layer));
        }
      });
      expect(m.output).toBe(int8Hex(trace.at(-1) as Int8Array));
    }
  });

  it("every witness verifies against its model's commitments and recomputes y", () => {
    expect(vectors.witnesses).toHaveLength(vectors.witnessCount);
    const kinds = new Set<string>();
    for (const w of vectors.witnesses) {
      const m = vectors.models[w.model] as ModelJson;
      const step = m.layers[w.layer - 1] as Step | DenseStep;
      const layer = anyLayerOf(step);
      kinds.add(w.kind);
      expect(w.kind).toBe(step.kind);
      expect(w.layerLeaf).toBe(step.layerLeaf);
      expect(verifyMerkleProof(w.layerLeaf, w.layer - 1, w.layerProof, m.weightCommitment)).toBe(
        true,
      );
      if (w.kind === "conv2d") {
        expect(
          verifyMerkleProof(
            w.filterLeaf as Hex,
            w.channel as number,
            w.filterProof as Hex[],
            step.filtersRoot as Hex,
          ),
        ).toBe(true);
      }
      if (w.kind === "dense") {
        expect(
          verifyMerkleProof(w.rowLeaf as Hex, w.element, w.rowProof as Hex[], step.rowsRoot as Hex),
        ).toBe(true);
      }
      const hidden = m.activationHashes.slice(1, -1);
      const L = m.layers.length;
      const proves = (l: number, proof: Hex[] | undefined) =>
        l === 0 || l === L
          ? proof?.length === 0
          : verifyMerkleProof(m.activationHashes[l] as Hex, l - 1, proof ?? [], merkleRoot(hidden));
      expect(proves(w.layer - 1, w.inputTraceProof)).toBe(true);
      expect(proves(w.layer, w.outputTraceProof)).toBe(true);
      const skip = step.kind === "add" ? hexToInt8(step.x2 as Hex) : undefined;
      if (step.kind === "add") expect(proves(step.skip as number, w.skipTraceProof)).toBe(true);
      else expect(w.skipTraceProof).toBeUndefined();
      expect(elementOutput(layer, hexToInt8(step.x), w.element, skip)).toBe(w.y);
      expect(hexToInt8(step.y)[w.element]).toBe(w.y);
    }
    expect(kinds).toEqual(new Set(["conv2d", "maxpool", "avgpool", "add", "dense"]));
  });
});
