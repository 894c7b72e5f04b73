/**
 * The v2 shared vectors (contracts/test/vectors/spatial.json): one step per
 * layer of the v2 kinds, each with its input x = a_{l-1} (and x2 = a_skip for
 * add), its full output y from the reference executor, and its commitments.
 * Every step comes from a small model that onnxruntime-node also runs on the
 * exported file: the generator fails unless both agree on every activation.
 *
 * Coverage the Solidity tests rely on: heavy saturation, negative accumulators
 * on exact rounding ties (M = 1, small s), stride > 1, pad > 0, non-square
 * kernels, the conv window bound, the sample CNN's shapes (and a 3x3x64 conv),
 * avgpool windows whose mean is exactly k + 1/2, and adds with both skip = 0
 * (the job input) and a hidden skip.
 */
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
} from "../../src/commitments.js";
import { elementStepWitness } from "../../src/element-witness.js";
import { execute } from "../../src/executor.js";
import { exportOnnx } from "../../src/onnx.js";
import { runOnnx } from "../../src/onnx-run.js";
import { type Rng, randomInt8s, randomLayer } from "../../src/random.js";
import {
  randomAdd,
  randomConv2d,
  randomPool,
  randomSpatialModel,
} from "../../src/random-spatial.js";
import { layerOutputShape, modelInputShape, shapeSize } from "../../src/shapes.js";
import { filterLeaves, filtersRoot } from "../../src/spatial-commitments.js";
import {
  type AddLayer,
  type AnyLayer,
  type AnyModel,
  type Conv2dLayer,
  isDenseLayer,
  type Layer,
  type PoolLayer,
  type Shape,
} from "../../src/types.js";
import type { ActivationWitness } from "../../src/witness.js";

export type ConvStep = Omit<Conv2dLayer, "weights" | "bias"> & {
  weights: Hex;
  bias: number[];
  x: Hex;
  y: Hex;
  filterLeaves: Hex[];
  filtersRoot: Hex;
  layerLeaf: Hex;
};
export type PoolStep = PoolLayer & { x: Hex; y: Hex; layerLeaf: Hex };
export type AddStep = AddLayer & { x: Hex; x2: Hex; y: Hex; layerLeaf: Hex };
export type SpatialStep = ConvStep | PoolStep | AddStep;

function step(layer: AnyLayer, trace: Int8Array[], l: number): SpatialStep {
  const x = int8ToHex(trace[l - 1] as Int8Array);
  const y = int8ToHex(trace[l] as Int8Array);
  switch (layer.kind) {
    case "conv2d": {
      const { weights, bias, ...fields } = layer;
      return {
        ...fields,
        weights: int8ToHex(weights),
        bias: Array.from(bias),
        x,
        y,
        filterLeaves: filterLeaves(layer),
        filtersRoot: filtersRoot(layer),
        layerLeaf: layerLeaf(layer),
      };
    }
    case "maxpool":
    case "avgpool":
      return { ...layer, x, y, layerLeaf: layerLeaf(layer) };
    case "add":
      return {
        ...layer,
        x,
        x2: int8ToHex(trace[layer.skip] as Int8Array),
        y,
        layerLeaf: layerLeaf(layer),
      };
    default:
      throw new Error("dense layers belong to dense.json");
  }
}

/** Runs `model` on `input` both ways; throws on any difference; returns the trace. */
async function checkedTrace(
  model: AnyModel,
  input: Int8Array,
  label: string,
): Promise<Int8Array[]> {
  const trace = execute(model, input);
  const [ort] = await runOnnx(exportOnnx(model), [input]);
  trace.forEach((a, l) => {
    a.forEach((v, i) => {
      if (ort?.[l]?.[i] !== v) {
        throw new Error(
          `${label}: onnxruntime gives ${ort?.[l]?.[i]} for a_${l}[${i}], the reference executor ${v}`,
        );
      }
    });
  });
  return trace;
}

function inputFor(rng: Rng, size: number, kind: number): Int8Array {
  if (kind === 0) return new Int8Array(size).fill(-128);
  if (kind === 1) return new Int8Array(size).fill(127);
  return randomInt8s(rng, size);
}

/** Conv layers standing alone (x is the model input). */
function convCases(rng: Rng): { layer: Conv2dLayer; x: Int8Array }[] {
  const cases: { shape: Shape; options: Parameters<typeof randomConv2d>[2] }[] = [
    // The sample CNN's convolutions, and the 3x3x64 element the gas target names.
    { shape: [1, 28, 28], options: { Cout: 8, kh: 3, kw: 3, stride: 1, pad: 1, relu: true } },
    { shape: [8, 14, 14], options: { Cout: 16, kh: 3, kw: 3, stride: 1, pad: 1, relu: true } },
    { shape: [64, 6, 6], options: { Cout: 4, kh: 3, kw: 3, stride: 1, pad: 1, relu: true } },
    // The window bound Cin*kh*kw = 1024, saturating.
    { shape: [64, 4, 5], options: { Cout: 2, kh: 4, kw: 4, stride: 1, pad: 0, regime: "extreme" } },
    // Stride, padding, non-square kernels, 1x1, kernel = input.
    { shape: [3, 9, 11], options: { Cout: 5, kh: 3, kw: 5, stride: 2, pad: 1 } },
    {
      shape: [2, 12, 7],
      options: { Cout: 3, kh: 5, kw: 2, stride: 3, pad: 1, regime: "clipping" },
    },
    { shape: [4, 8, 8], options: { Cout: 6, kh: 1, kw: 1, stride: 1, pad: 0 } },
    { shape: [2, 5, 5], options: { Cout: 2, kh: 5, kw: 5, stride: 1, pad: 4, regime: "clipping" } },
    { shape: [1, 15, 15], options: { Cout: 1, kh: 15, kw: 15, stride: 8, pad: 0 } },
    { shape: [3, 6, 6], options: { Cout: 3, kh: 2, kw: 3, stride: 2, pad: 0, regime: "extreme" } },
  ];
  while (cases.length < 22) {
    const shape: Shape = [rng.int(1, 6), rng.int(2, 12), rng.int(2, 12)];
    cases.push({
      shape,
      options: { regime: rng.pick(["typical", "clipping", "extreme"] as const) },
    });
  }
  const out = cases.map(({ shape, options }, i) => ({
    layer: randomConv2d(rng, shape, options),
    x: inputFor(rng, shapeSize(shape), i % 7),
  }));
  // Exact rounding ties on negative accumulators: M = 1, s in [1, 3], small weights.
  for (const s of [1, 2, 3]) {
    const layer = randomConv2d(rng, [2, 6, 6], {
      Cout: 3,
      kh: 3,
      kw: 3,
      stride: 1,
      pad: 1,
      relu: false,
    });
    layer.weights = layer.weights.map(() => rng.int(-2, 2));
    layer.bias = layer.bias.map(() => rng.int(-3, 3));
    layer.M = 1;
    layer.s = s;
    out.push({ layer, x: randomInt8s(rng, 72).map((v) => v >> 4) });
  }
  return out;
}

/** Pool layers standing alone, with windows whose mean is an exact half for some avgpools. */
function poolCases(rng: Rng): { layer: PoolLayer; x: Int8Array }[] {
  const out: { layer: PoolLayer; x: Int8Array }[] = [
    {
      layer: { kind: "maxpool", C: 8, H: 28, W: 28, kh: 2, kw: 2, stride: 2 },
      x: randomInt8s(rng, 6272),
    },
    {
      layer: { kind: "maxpool", C: 16, H: 14, W: 14, kh: 2, kw: 2, stride: 2 },
      x: randomInt8s(rng, 3136),
    },
    {
      layer: { kind: "avgpool", C: 1, H: 15, W: 15, kh: 15, kw: 15, stride: 1 },
      x: new Int8Array(225).fill(-128),
    },
    {
      layer: { kind: "maxpool", C: 2, H: 5, W: 5, kh: 5, kw: 5, stride: 8 },
      x: new Int8Array(50).fill(-128),
    },
  ];
  for (let i = 0; i < 14; i++) {
    const shape: Shape = [rng.int(1, 4), rng.int(2, 12), rng.int(2, 12)];
    const layer = randomPool(rng, i % 2 === 0 ? "maxpool" : "avgpool", shape);
    out.push({ layer, x: inputFor(rng, shapeSize(shape), i % 5) });
  }
  // Exact halves: non-overlapping windows of even count, each sum = count*k + count/2.
  for (const [kh, kw] of [
    [1, 2],
    [2, 2],
    [2, 3],
  ] as const) {
    const layer: PoolLayer = {
      kind: "avgpool",
      C: 2,
      H: kh * 3,
      W: kw * 3,
      kh,
      kw,
      stride: Math.max(kh, kw),
    };
    const x = randomInt8s(rng, shapeSize([2, kh * 3, kw * 3])).map((v) => v >> 2);
    const [, Ho, Wo] = layerOutputShape(layer);
    for (let c = 0; c < 2; c++) {
      for (let oy = 0; oy < Ho; oy++) {
        for (let ox = 0; ox < Wo; ox++) {
          const cells: number[] = [];
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++)
              cells.push((c * layer.H + oy * layer.stride + ky) * layer.W + ox * layer.stride + kx);
          const count = kh * kw;
          const sum = cells.reduce((a, i) => a + (x[i] as number), 0);
          // Move the last cell so the sum is count*k + count/2 (|x| <= 32, so it stays int8).
          const rem = (((sum - count / 2) % count) + count) % count;
          const last = cells[cells.length - 1] as number;
          x[last] = (x[last] as number) - rem;
        }
      }
    }
    out.push({ layer, x });
  }
  return out;
}

/**
 * Add layers inside two- or three-layer models, so that x and x2 are different
 * activations: skip = 0 reads the job input, skip = 1 a hidden activation.
 */
function addModels(rng: Rng): AnyModel[] {
  const models: AnyModel[] = [];
  for (let i = 0; i < 14; i++) {
    const shape: Shape = i === 0 ? [8, 14, 14] : [rng.int(1, 4), rng.int(1, 8), rng.int(1, 8)];
    const regime = rng.pick(["typical", "clipping", "extreme"] as const);
    const same = (sh: Shape) =>
      randomConv2d(rng, sh, { Cout: sh[0], kh: 1, kw: 1, stride: 1, pad: 0, regime: "clipping" });
    const hiddenSkip = i % 2 === 1;
    const layers: AnyLayer[] = hiddenSkip ? [same(shape), same(shape)] : [same(shape)];
    const add = randomAdd(rng, shape, hiddenSkip ? 1 : 0, { regime });
    // Exact ties on negative sums: Ma = Mb = 1, s = 1 (acc odd gives k + 1/2).
    if (i === 2 || i === 3) Object.assign(add, { Ma: 1, Mb: 1, s: 1, relu: false });
    layers.push(add);
    models.push({ inputShape: shape, layers });
  }
  return models;
}

export type DenseStep = {
  kind: "dense";
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

export type ModelVector = {
  inputShape: Shape;
  /** Layer l (1-based) is `layers[l-1]`, in the step format of its kind (dense: dense.json's, with "kind"). */
  layers: (SpatialStep | DenseStep)[];
  weightCommitment: Hex;
  layerLeaves: Hex[];
  input: Hex;
  activationHashes: Hex[];
  traceRoot: Hex;
  output: Hex;
};

/** One output element's dispute witness; kind-specific fields only where the kind has them. */
export type WitnessVector = {
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

export type SpatialVectors = {
  stepCount: number;
  modelCount: number;
  witnessCount: number;
  steps: SpatialStep[];
  models: ModelVector[];
  witnesses: WitnessVector[];
};

function denseStep(layer: Layer, trace: Int8Array[], l: number): DenseStep {
  return {
    kind: "dense",
    K: layer.K,
    N: layer.N,
    M: layer.M,
    s: layer.s,
    relu: layer.relu,
    weights: int8ToHex(layer.weights),
    bias: Array.from(layer.bias),
    x: int8ToHex(trace[l - 1] as Int8Array),
    y: int8ToHex(trace[l] as Int8Array),
    rowLeaves: rowLeaves(layer),
    rowsRoot: rowsRoot(layer),
    layerLeaf: layerLeaf(layer),
  };
}

const traceProof = (a: ActivationWitness): Hex[] => (a.bound === "trace" ? a.proof : []);

/** Whole models (the sample CNN's shape among them) with one witness per layer. */
async function modelVectors(
  rng: Rng,
): Promise<{ models: ModelVector[]; witnesses: WitnessVector[]; compared: number }> {
  const sample = (): AnyModel => {
    const conv1 = randomConv2d(rng, [1, 28, 28], {
      Cout: 8,
      kh: 3,
      kw: 3,
      stride: 1,
      pad: 1,
      relu: true,
    });
    const conv2 = randomConv2d(rng, [8, 14, 14], {
      Cout: 16,
      kh: 3,
      kw: 3,
      stride: 1,
      pad: 1,
      relu: true,
    });
    return {
      inputShape: [1, 28, 28],
      layers: [
        conv1,
        { kind: "maxpool", C: 8, H: 28, W: 28, kh: 2, kw: 2, stride: 2 },
        conv2,
        { kind: "maxpool", C: 16, H: 14, W: 14, kh: 2, kw: 2, stride: 2 },
        randomLayer(rng, 784, 10, { relu: false }),
      ],
    };
  };
  const list: AnyModel[] = [sample()];
  while (list.length < 8) {
    list.push(randomSpatialModel(rng, { depth: rng.int(3, 6), denseHead: list.length % 2 === 0 }));
  }
  const models: ModelVector[] = [];
  const witnesses: WitnessVector[] = [];
  let compared = 0;
  for (const [m, model] of list.entries()) {
    const input = inputFor(rng, shapeSize(modelInputShape(model)), m === 0 ? 2 : m % 4);
    const trace = await checkedTrace(model, input, `model ${m}`);
    compared += trace.slice(1).reduce((n, a) => n + a.length, 0);
    models.push({
      inputShape: modelInputShape(model),
      layers: model.layers.map((layer, i) =>
        isDenseLayer(layer) ? denseStep(layer, trace, i + 1) : step(layer, trace, i + 1),
      ),
      weightCommitment: weightCommitment(model),
      layerLeaves: layerLeaves(model),
      input: int8ToHex(input),
      activationHashes: trace.map(activationHash),
      traceRoot: traceCommitment(trace),
      output: int8ToHex(trace.at(-1) as Int8Array),
    });
    for (let l = 1; l <= model.layers.length; l++) {
      const j = rng.int(0, (trace[l] as Int8Array).length - 1);
      const w = elementStepWitness(model, trace, l, j);
      const e = w.element;
      const vector: WitnessVector = {
        model: m,
        layer: l,
        element: j,
        kind: e.kind,
        layerLeaf: e.layerLeaf,
        layerProof: e.layerProof,
        inputTraceProof: traceProof(w.input),
        outputTraceProof: traceProof(w.output),
        y: w.expected,
      };
      if (e.kind === "conv2d") {
        Object.assign(vector, {
          channel: e.channel,
          filterLeaf: e.filterLeaf,
          filterProof: e.filterProof,
        });
      }
      if (e.kind === "dense") Object.assign(vector, { rowLeaf: e.rowLeaf, rowProof: e.rowProof });
      if (w.skip !== undefined) vector.skipTraceProof = traceProof(w.skip);
      // Key order of the type above, whatever was assigned when.
      witnesses.push(
        Object.fromEntries(
          WITNESS_KEYS.filter((k) => k in vector).map((k) => [k, vector[k]]),
        ) as WitnessVector,
      );
    }
  }
  return { models, witnesses, compared };
}

const WITNESS_KEYS = [
  "model",
  "layer",
  "element",
  "kind",
  "layerLeaf",
  "layerProof",
  "channel",
  "filterLeaf",
  "filterProof",
  "rowLeaf",
  "rowProof",
  "inputTraceProof",
  "outputTraceProof",
  "skipTraceProof",
  "y",
] as const satisfies readonly (keyof WitnessVector)[];

export async function spatialVectors(
  rng: Rng,
): Promise<{ vectors: SpatialVectors; compared: number }> {
  const steps: SpatialStep[] = [];
  let compared = 0;
  const record = async (model: AnyModel, input: Int8Array, label: string, only?: number) => {
    const trace = await checkedTrace(model, input, label);
    compared += trace.slice(1).reduce((n, a) => n + a.length, 0);
    model.layers.forEach((layer, i) => {
      if (only === undefined || only === i + 1) steps.push(step(layer, trace, i + 1));
    });
  };
  for (const [i, { layer, x }] of convCases(rng).entries()) {
    await record({ layers: [layer] }, x, `conv case ${i}`);
  }
  for (const [i, { layer, x }] of poolCases(rng).entries()) {
    await record({ layers: [layer] }, x, `pool case ${i}`);
  }
  for (const [i, model] of addModels(rng).entries()) {
    const input = inputFor(rng, shapeSize(modelInputShape(model)), i % 4);
    await record(model, input, `add case ${i}`, model.layers.length);
  }
  const whole = await modelVectors(rng);
  return {
    vectors: {
      stepCount: steps.length,
      modelCount: whole.models.length,
      witnessCount: whole.witnesses.length,
      steps,
      models: whole.models,
      witnesses: whole.witnesses,
    },
    compared: compared + whole.compared,
  };
}
