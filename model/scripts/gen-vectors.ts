/**
 * Shared test vectors for the Solidity one-step executor: random dense layers
 * and models, their outputs from the TypeScript reference executor, and every
 * commitment of docs/model-format.md. Each case is also run through
 * onnxruntime-node on its exported ONNX file, and the script fails unless both
 * agree bit for bit, so the vectors tie all three implementations together.
 *
 * Writes contracts/test/vectors/dense.json (deterministic for a seed):
 *
 * {
 *   "stepCount": n, "modelCount": m, "witnessCount": w,
 *   "steps": [ { "K", "N", "M", "s", "relu", "weights": "0x" N*K bytes row-major, "bias": [int],
 *                "x": "0x" K bytes, "y": "0x" N bytes, "rowLeaves": [bytes32], "rowsRoot", "layerLeaf" } ],
 *   "models": [ { "layers": L, "firstStep": i, "weightCommitment", "layerLeaves": [bytes32],
 *                 "input": "0x..", "activationHashes": [h_0 .. h_L], "traceRoot", "output": "0x.." } ],
 *   "witnesses": [ { "model": i, "layer": l (1-based), "neuron": j, "layerLeaf", "layerProof": [bytes32],
 *                    "rowLeaf", "rowProof": [bytes32], "inputTraceProof": [bytes32], "outputTraceProof": [bytes32],
 *                    "y": int } ]
 * }
 *
 * Model i's layers are steps[firstStep .. firstStep + layers - 1], each with its
 * real x = a_{l-1} and y = a_l. Trace proofs are empty where the activation is
 * bound by the input (a_0) or output (a_L) hash instead of the trace root.
 *
 * It also writes contracts/test/vectors/spatial.json, the v2 layer kinds
 * (conv2d, maxpool, avgpool, add; see scripts/lib/spatial-vectors.ts), from its
 * own random stream so that dense.json does not change:
 *
 * { "stepCount": n, "steps": [
 *   { "kind": "conv2d", "Cin", "H", "W", "Cout", "kh", "kw", "stride", "pad", "M", "s", "relu",
 *     "weights": "0x" [Cout][Cin][kh][kw], "bias": [int], "x", "y", "filterLeaves", "filtersRoot", "layerLeaf" },
 *   { "kind": "maxpool" | "avgpool", "C", "H", "W", "kh", "kw", "stride", "x", "y", "layerLeaf" },
 *   { "kind": "add", "C", "H", "W", "skip", "Ma", "Mb", "s", "relu", "x", "x2", "y", "layerLeaf" } ],
 *   "modelCount": m, "witnessCount": w,
 *   "models": [ { "inputShape": [C, H, W], "layers": [step of its kind; dense: dense.json's step + "kind"],
 *                 "weightCommitment", "layerLeaves", "input", "activationHashes": [h_0 .. h_L], "traceRoot", "output" } ],
 *   "witnesses": [ { "model", "layer" (1-based), "element" (C-major index into a_l), "kind", "layerLeaf", "layerProof",
 *                    conv2d: "channel", "filterLeaf", "filterProof"; dense: "rowLeaf", "rowProof";
 *                    "inputTraceProof", "outputTraceProof", add: "skipTraceProof"; "y" } ] }
 *
 * x = a_{l-1}, x2 = a_skip, y = the full output, all C-major int8 bytes. Trace
 * proofs are empty where the activation is bound by the input or output hash.
 *
 * Usage: npx tsx model/scripts/gen-vectors.ts [--seed 20251123] [--out path] [--spatial-out path]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Hex } from "viem";
import {
  activationHash,
  int8ToHex,
  layerLeaf,
  layerLeaves,
  rowLeaves,
  rowsRoot,
  traceCommitment,
  weightCommitment,
} from "../src/commitments.js";
import { execute, executeLayer } from "../src/executor.js";
import { exportOnnx } from "../src/onnx.js";
import { releaseOnnxSessions, runOnnx } from "../src/onnx-run.js";
import {
  createRng,
  type RandomLayerOptions,
  type Rng,
  randomInt8s,
  randomLayer,
  randomModel,
} from "../src/random.js";
import type { IntegerModel, Layer } from "../src/types.js";
import { activationWitness, neuronWitness } from "../src/witness.js";
import { spatialVectors } from "./lib/spatial-vectors.js";

const { values: args } = parseArgs({
  options: {
    seed: { type: "string", default: "20251123" },
    out: {
      type: "string",
      default: join(
        dirname(fileURLToPath(import.meta.url)),
        "../../contracts/test/vectors/dense.json",
      ),
    },
    "spatial-out": {
      type: "string",
      default: join(
        dirname(fileURLToPath(import.meta.url)),
        "../../contracts/test/vectors/spatial.json",
      ),
    },
  },
});
const rng = createRng(Number(args.seed));
const MAX_BYTES = 1_000_000;

type Step = {
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

function step(layer: Layer, x: Int8Array): Step {
  return {
    K: layer.K,
    N: layer.N,
    M: layer.M,
    s: layer.s,
    relu: layer.relu,
    weights: int8ToHex(layer.weights),
    bias: Array.from(layer.bias),
    x: int8ToHex(x),
    y: int8ToHex(executeLayer(layer, x)),
    rowLeaves: rowLeaves(layer),
    rowsRoot: rowsRoot(layer),
    layerLeaf: layerLeaf(layer),
  };
}

function inputFor(r: Rng, K: number, kind: number): Int8Array {
  // Extreme inputs make the largest products (and, with -128, the one int8 value without a positive twin).
  if (kind === 0) return new Int8Array(K).fill(-128);
  if (kind === 1) return new Int8Array(K).fill(127);
  return randomInt8s(r, K);
}

/** The standalone layers: shapes and requantization regimes chosen to cover the edges. */
function standaloneLayers(r: Rng): { layer: Layer; x: Int8Array }[] {
  const regimes: NonNullable<RandomLayerOptions["regime"]>[] = ["typical", "clipping", "extreme"];
  const shapes: [number, number][] = [
    [1, 1],
    [1, 64],
    [64, 1],
    [2, 3],
    [32, 32],
    [256, 16],
    [16, 256],
    [256, 256],
  ];
  while (shapes.length < 36) shapes.push([r.int(1, 64), r.int(1, 64)]);
  return shapes.map(([K, N], i) => {
    const layer = randomLayer(r, K, N, {
      regime: regimes[i % regimes.length] as NonNullable<RandomLayerOptions["regime"]>,
      relu: i % 2 === 0,
    });
    return { layer, x: inputFor(r, K, i % 7) };
  });
}

function randomModels(r: Rng): IntegerModel[] {
  const models: IntegerModel[] = [];
  for (let i = 0; i < 10; i++) {
    const depth = (i % 4) + 1;
    const widths = Array.from({ length: depth + 1 }, () => r.int(1, 64));
    if (i === 9) widths[1] = 1; // a one-wide bottleneck
    const regime = i % 3 === 2 ? "clipping" : "typical";
    models.push(randomModel(r, widths, { regime }));
  }
  return models;
}

async function assertOnnxAgrees(
  model: IntegerModel,
  inputs: Int8Array[],
  label: string,
): Promise<number> {
  const traces = await runOnnx(exportOnnx(model), inputs);
  let compared = 0;
  inputs.forEach((x, n) => {
    const expected = execute(model, x);
    for (let l = 1; l < expected.length; l++) {
      const want = expected[l] as Int8Array;
      const got = traces[n]?.[l];
      want.forEach((v, i) => {
        compared++;
        if (got?.[i] !== v) {
          throw new Error(
            `${label}: onnxruntime gives ${got?.[i]} for a_${l}[${i}], the reference executor ${v}`,
          );
        }
      });
    }
  });
  return compared;
}

const steps: Step[] = [];
let compared = 0;
for (const [i, { layer, x }] of standaloneLayers(rng).entries()) {
  compared += await assertOnnxAgrees({ layers: [layer] }, [x], `step ${i}`);
  steps.push(step(layer, x));
}

const models = [];
const witnesses = [];
for (const [m, model] of randomModels(rng).entries()) {
  const input = inputFor(rng, (model.layers[0] as Layer).K, m % 5);
  compared += await assertOnnxAgrees(model, [input], `model ${m}`);
  const trace = execute(model, input);
  const firstStep = steps.length;
  model.layers.forEach((layer, i) => {
    steps.push(step(layer, trace[i] as Int8Array));
  });
  models.push({
    layers: model.layers.length,
    firstStep,
    weightCommitment: weightCommitment(model),
    layerLeaves: layerLeaves(model),
    input: int8ToHex(input),
    activationHashes: trace.map(activationHash),
    traceRoot: traceCommitment(trace),
    output: int8ToHex(trace.at(-1) as Int8Array),
  });
  // One witness per layer, on a random neuron.
  for (let l = 1; l <= model.layers.length; l++) {
    const j = rng.int(0, (model.layers[l - 1] as Layer).N - 1);
    const w = neuronWitness(model, l, j);
    const input = activationWitness(trace, l - 1);
    const output = activationWitness(trace, l);
    witnesses.push({
      model: m,
      layer: l,
      neuron: j,
      layerLeaf: w.layerLeaf,
      layerProof: w.layerProof,
      rowLeaf: w.rowLeaf,
      rowProof: w.rowProof,
      inputTraceProof: input.bound === "trace" ? input.proof : [],
      outputTraceProof: output.bound === "trace" ? output.proof : [],
      y: (trace[l] as Int8Array)[j] as number,
    });
  }
}
// A separate stream: adding spatial steps must not move a byte of dense.json.
const spatial = await spatialVectors(createRng(Number(args.seed) + 1));
await releaseOnnxSessions();

let saturated = 0;
let negative = 0;
let outputs = 0;
for (const s of steps) {
  for (const v of Buffer.from(s.y.slice(2), "hex")) {
    const signed = v > 127 ? v - 256 : v;
    outputs++;
    if (signed === 127 || signed === -128) saturated++;
    if (signed < 0) negative++;
  }
}

const json = `${JSON.stringify({ stepCount: steps.length, modelCount: models.length, witnessCount: witnesses.length, steps, models, witnesses }, null, 1)}\n`;
if (json.length > MAX_BYTES)
  throw new Error(`vectors are ${json.length} bytes, over the ${MAX_BYTES} budget`);
await mkdir(dirname(args.out), { recursive: true });
await writeFile(args.out, json);
console.log(
  `${steps.length} steps, ${models.length} models, ${witnesses.length} witnesses -> ${args.out} (${(json.length / 1024).toFixed(0)} KiB)`,
);
console.log(`layer outputs: ${outputs} (${saturated} saturated at -128/127, ${negative} negative)`);
console.log(`onnxruntime vs reference executor: ${compared} values compared, 0 mismatches`);

const spatialJson = `${JSON.stringify(spatial.vectors, null, 1)}\n`;
if (spatialJson.length > MAX_BYTES)
  throw new Error(`spatial vectors are ${spatialJson.length} bytes, over the ${MAX_BYTES} budget`);
await writeFile(args["spatial-out"], spatialJson);
const kinds = new Map<string, number>();
for (const s of spatial.vectors.steps) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
console.log(
  `${spatial.vectors.stepCount} spatial steps (${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}), ${spatial.vectors.modelCount} models, ${spatial.vectors.witnessCount} witnesses -> ${args["spatial-out"]} (${(spatialJson.length / 1024).toFixed(0)} KiB)`,
);
console.log(
  `onnxruntime vs reference executor (spatial): ${spatial.compared} values compared, 0 mismatches`,
);
