/**
 * Measures the two exact ONNX forms of conv2d (docs/model-format.md, "v2 model
 * file") at the sample CNN's shapes, through onnxruntime-node as the worker runs
 * it, and checks that both equal the reference executor on every activation:
 *
 *   float:  Cast(int8->float) -> Conv(float) -> Cast(int32)   (exact: |partial sums| <= 2^24)
 *   im2col: Cast(int32) -> Pad -> Gather(constant indices) -> MatMul(int32)
 *
 * Model: 1x28x28 -> conv 3x3 1->8 pad 1 ReLU -> maxpool 2 -> conv 3x3 8->16 pad 1 ReLU
 * -> maxpool 2 -> dense 784->10, random weights (typical requantization).
 *
 * Usage: npx tsx model/scripts/bench-onnx-conv.ts [--runs 200] [--batch 256]
 */
import { parseArgs } from "node:util";
import ort from "onnxruntime-node";
import { execute } from "../src/executor.js";
import { type ConvForm, exportOnnx, INPUT_NAME } from "../src/onnx.js";
import { releaseOnnxSessions, runOnnx } from "../src/onnx-run.js";
import { createRng, randomInt8s, randomLayer } from "../src/random.js";
import { randomConv2d } from "../src/random-spatial.js";
import type { AnyModel } from "../src/types.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    batch: { type: "string", default: "256" },
  },
});
const runs = Number(args.runs);
const batchSize = Number(args.batch);

const rng = createRng(20261204);
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
const model: AnyModel = {
  inputShape: [1, 28, 28],
  layers: [
    conv1,
    { kind: "maxpool", C: 8, H: 28, W: 28, kh: 2, kw: 2, stride: 2 },
    conv2,
    { kind: "maxpool", C: 16, H: 14, W: 14, kh: 2, kw: 2, stride: 2 },
    randomLayer(rng, 784, 10, { relu: false }),
  ],
};
const inputs = Array.from({ length: batchSize }, () => randomInt8s(rng, 784));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(form: ConvForm) {
  const bytes = exportOnnx(model, { convForm: form });
  // Exactness first: every activation of every input equals the reference executor.
  const traces = await runOnnx(bytes, inputs);
  inputs.forEach((x, n) => {
    execute(model, x).forEach((a, l) => {
      a.forEach((v, i) => {
        if (traces[n]?.[l]?.[i] !== v)
          throw new Error(
            `${form}: a_${l}[${i}] of input ${n}: onnxruntime ${traces[n]?.[l]?.[i]}, reference ${v}`,
          );
      });
    });
  });
  const session = await ort.InferenceSession.create(bytes);
  const one = new ort.Tensor("int8", inputs[0] as Int8Array, [1, 1, 28, 28]);
  const all = new Int8Array(batchSize * 784);
  inputs.forEach((x, b) => all.set(x, b * 784));
  const batch = new ort.Tensor("int8", all, [batchSize, 1, 28, 28]);
  for (let i = 0; i < 20; i++) await session.run({ [INPUT_NAME]: one });
  const single: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run({ [INPUT_NAME]: one });
    single.push(performance.now() - t);
  }
  const batched: number[] = [];
  for (let i = 0; i < Math.max(5, Math.floor(runs / 20)); i++) {
    const t = performance.now();
    await session.run({ [INPUT_NAME]: batch });
    batched.push(performance.now() - t);
  }
  await session.release();
  return {
    form,
    bytes: bytes.length,
    singleMs: median(single),
    batchMsPerInput: median(batched) / batchSize,
  };
}

const results = [];
for (const form of ["float", "im2col"] as const) results.push(await measure(form));
await releaseOnnxSessions();
for (const r of results) {
  console.log(
    `${r.form.padEnd(6)}  file ${(r.bytes / 1024).toFixed(0)} KiB  batch 1: ${r.singleMs.toFixed(3)} ms (median of ${runs})  batch ${batchSize}: ${(r.batchMsPerInput * 1000).toFixed(1)} us/input`,
  );
}
console.log(`both forms equal the reference executor on every activation of ${batchSize} inputs`);
