/**
 * Inference throughput and latency: the worker's execution path (ModelRunner:
 * one serialized onnxruntime run fetching every activation, then the trace
 * commitments and the output's hex: `resultTrace`, what a job runs before its
 * record is written) against raw onnxruntime-node on the same model and the
 * same outputs: its public `InferenceSession.run`, and the native session the
 * worker calls (src/inference/session.ts) bare, which shows the worker's own
 * work. Also the cost of writing the result record durably (binary, fsync).
 *
 *   npx tsx bench/inference.bench.ts [--runs 5000] [--model ../model/models/mnist-mlp.onnx | --widths 784,1024,1024,10]
 *   npx tsx bench/inference.bench.ts --model ../model/models/mnist-cnn.onnx   (the sample CNN)
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { weightCommitment } from "@verity/model/commitments";
import { readAnyModelFile } from "@verity/model/model-file";
import { INPUT_NAME } from "@verity/model/onnx";
import { computeUnits, modelWidths } from "@verity/model/types";
import ort from "onnxruntime-node";
import { keccak256 } from "viem";
import { loadModel } from "../src/inference/models.js";
import { ModelRunner, sessionOptions } from "../src/inference/runner.js";
import { createPublicSession, type Session } from "../src/inference/session.js";
import { resultTrace } from "../src/inference/trace.js";
import { writeFileDurable } from "../src/store/durable.js";
import { encodeResult } from "../src/store/result-file.js";
import { randomModel, writeModel } from "../test/helpers/model.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5000" },
    model: {
      type: "string",
      default: join(import.meta.dirname, "../../model/models/mnist-mlp.onnx"),
    },
    threads: { type: "string", default: "1" },
    /** A random model of these widths instead of --model, e.g. 784,1024,1024,10. */
    widths: { type: "string" },
  },
});
const runs = Number(values.runs);
const name = values.widths ? `random ${values.widths}` : values.model;
const threads = Number(values.threads);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number) * 1e6;
  const total = samples.reduce((a, b) => a + b, 0);
  return { perSecond: samples.length / total, p50us: q(0.5), p99us: q(0.99) };
}

async function main() {
  let onnxPath = values.model as string;
  if (values.widths !== undefined) {
    const dir = await mkdtemp(join(tmpdir(), "verity-bench-model-"));
    await writeModel(dir, "random", randomModel(values.widths.split(",").map(Number), 1));
    onnxPath = join(dir, "random.onnx");
  }
  const model = await readAnyModelFile(onnxPath.replace(/\.onnx$/, ".verity.json"));
  const bytes = new Uint8Array(await readFile(onnxPath));
  const held = await loadModel(1n, onnxPath, {
    id: 1n,
    publisher: "0x0000000000000000000000000000000000000000",
    kind: "IntegerDense",
    layerCount: model.layers.length,
    active: true,
    computeUnits: BigInt(computeUnits(model)),
    artifactHash: keccak256(bytes),
    weightCommitment: weightCommitment(model),
    bond: 0n,
  });
  const K = held.inputWidth;
  const L = held.layerCount;
  const inputs = Array.from({ length: 64 }, (_, i) =>
    Int8Array.from({ length: K }, (_, k) => ((i * 31 + k * 7) % 255) - 127),
  );
  const runner = await ModelRunner.create(held, { threads });
  // Raw onnxruntime-node: its public session (a second session of the model), and the runner's own
  // session called bare. With two sessions of one model, whichever runs second in an iteration may
  // pay for the other's weights leaving the cache (1-2 us here): the order rotates, so every path
  // runs after each of the others alike.
  const publicSession = await createPublicSession(held.bytes, sessionOptions({ threads }));
  const native: Session = runner.session;
  const dims = [...runner.inputDims];
  const fetches = runner.fetches;
  const feeds = (x: Int8Array) => ({ [INPUT_NAME]: new ort.Tensor("int8", x, dims) });
  type Path = "public" | "native" | "worker";
  const runPath = async (path: Path, x: Int8Array) => {
    if (path === "public") await publicSession.run(feeds(x), fetches);
    else if (path === "native") await native.run(feeds(x), fetches);
    else resultTrace(await runner.run(x));
  };
  const orders: Path[][] = [
    ["public", "native", "worker"],
    ["native", "worker", "public"],
    ["worker", "public", "native"],
  ];
  const warm = 2000;
  for (let i = 0; i < warm; i++) {
    for (const path of orders[i % 3] as Path[]) await runPath(path, inputs[i % 64] as Int8Array);
  }

  const times: Record<Path, number[]> = { public: [], native: [], worker: [] };
  const roundOverheads: { mean: number; p50: number; p50Native: number }[] = [];
  // 5 interleaved rounds, so that CPU frequency and noise hit every path alike; the overhead is
  // reported per round and as the median of the 5 (one noisy round on a shared machine does not
  // decide it).
  for (let round = 0; round < 5; round++) {
    const roundTimes: Record<Path, number[]> = { public: [], native: [], worker: [] };
    for (let i = 0; i < runs / 5; i++) {
      const x = inputs[i % 64] as Int8Array;
      for (const path of orders[i % 3] as Path[]) {
        const t = performance.now();
        await runPath(path, x);
        roundTimes[path].push((performance.now() - t) / 1000);
      }
    }
    const r = stats(roundTimes.public);
    const n = stats(roundTimes.native);
    const w = stats(roundTimes.worker);
    roundOverheads.push({
      mean: (r.perSecond / w.perSecond - 1) * 100,
      p50: (w.p50us / r.p50us - 1) * 100,
      p50Native: (w.p50us / n.p50us - 1) * 100,
    });
    for (const path of ["public", "native", "worker"] as const)
      times[path].push(...roundTimes[path]);
  }

  // What one job sees: a single run after the process sat idle (100 ms), as between jobs.
  const idleRaw: number[] = [];
  const idleWorker: number[] = [];
  for (let i = 0; i < 40; i++) {
    const x = inputs[i % 64] as Int8Array;
    await new Promise((resolve) => setTimeout(resolve, 100));
    let t = performance.now();
    await publicSession.run(feeds(x), fetches);
    idleRaw.push((performance.now() - t) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    t = performance.now();
    resultTrace(await runner.run(x));
    idleWorker.push((performance.now() - t) / 1000);
  }
  const dir = await mkdtemp(join(tmpdir(), "verity-bench-"));
  const persistTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const trace = resultTrace(await runner.run(inputs[i % 64] as Int8Array));
    const t = performance.now();
    await writeFileDurable(
      join(dir, `${i}.bin`),
      encodeResult({ jobId: BigInt(i), round: 0, ...trace, state: "computed" }),
    );
    persistTimes.push((performance.now() - t) / 1000);
  }

  const r = stats(times.public);
  const n = stats(times.native);
  const w = stats(times.worker);
  const p = stats(persistTimes);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] as number;
  const overhead = median(roundOverheads.map((o) => o.mean));
  const overheadP50 = median(roundOverheads.map((o) => o.p50));
  const overheadNative = median(roundOverheads.map((o) => o.p50Native));
  const ir = stats(idleRaw);
  const iw = stats(idleWorker);
  const fmt = (n: number) => n.toFixed(1);
  console.log(
    `model ${name} (activations ${modelWidths(model).join("-")}, ${computeUnits(model)} MACs), ${runs} runs, ${threads} thread(s)`,
  );
  console.log("| path | inferences/s | p50 (us) | p99 (us) |");
  console.log("| --- | ---: | ---: | ---: |");
  console.log(
    `| raw onnxruntime-node, public InferenceSession.run (all ${L} outputs) | ${fmt(r.perSecond)} | ${fmt(r.p50us)} | ${fmt(r.p99us)} |`,
  );
  console.log(
    `| raw onnxruntime-node, the native session the worker calls, bare | ${fmt(n.perSecond)} | ${fmt(n.p50us)} | ${fmt(n.p99us)} |`,
  );
  console.log(
    `| worker: run + trace commitments + output hex | ${fmt(w.perSecond)} | ${fmt(w.p50us)} | ${fmt(w.p99us)} |`,
  );
  console.log(
    `| durable write of the result record (binary, fsync + rename) | ${fmt(p.perSecond)} | ${fmt(p.p50us)} | ${fmt(p.p99us)} |`,
  );
  console.log(
    `| raw onnxruntime-node, one run after 100 ms idle (what a job sees) | ${fmt(ir.perSecond)} | ${fmt(ir.p50us)} | ${fmt(ir.p99us)} |`,
  );
  console.log(
    `| worker, one run after 100 ms idle (compare with inference_done.inferenceMs in the log) | ${fmt(iw.perSecond)} | ${fmt(iw.p50us)} | ${fmt(iw.p99us)} |`,
  );
  console.log(
    `worker overhead vs raw per round (throughput): ${roundOverheads.map((o) => `${o.mean.toFixed(1)}%`).join(", ")}`,
  );
  console.log(
    `worker overhead vs raw, median of 5 rounds: ${overhead.toFixed(1)}% in throughput, ${overheadP50.toFixed(1)}% at p50 (goal <= 10%)`,
  );
  console.log(
    `worker's own work (trace commitments, output hex, bookkeeping) over the bare native call, median of 5 rounds at p50: ${overheadNative.toFixed(1)}%`,
  );
  await runner.release();
  await publicSession.release();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
