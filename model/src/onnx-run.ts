/**
 * Runs an exported integer model with onnxruntime-node and returns every
 * activation, as the worker does to commit a trace from one run. Kept apart from
 * onnx.ts so that exporting a model does not load the native runtime.
 */
import ort from "onnxruntime-node";
import { type Hex, keccak256 } from "viem";
import { activationOutputName, INPUT_NAME } from "./onnx.js";

type Session = ort.InferenceSession;

// Sessions are keyed by the model's hash, not its buffer, so two copies of one
// model share a session; the WeakMap spares re-hashing a buffer seen before.
const sessions = new Map<Hex, Promise<Session>>();
const hashes = new WeakMap<Uint8Array, Hex>();

/** Largest batch sent to one `session.run`: bounds the int64 intermediates' memory. */
const MAX_BATCH = 4096;

function session(modelBytes: Uint8Array): Promise<Session> {
  let hash = hashes.get(modelBytes);
  if (hash === undefined) {
    hash = keccak256(modelBytes);
    hashes.set(modelBytes, hash);
  }
  let cached = sessions.get(hash);
  if (cached === undefined) {
    cached = ort.InferenceSession.create(modelBytes);
    // A model that fails to load must not poison the cache for a later, fixed attempt.
    cached.catch(() => sessions.delete(hash));
    sessions.set(hash, cached);
  }
  return cached;
}

/** Number of layers L from the graph outputs `output`, `act_1`..`act_{L-1}`. */
function layerCount(outputNames: readonly string[]): number {
  const L = outputNames.length;
  for (let l = 1; l <= L; l++) {
    if (!outputNames.includes(activationOutputName(l, L))) {
      throw new Error(`not a Verity integer model: graph outputs are ${outputNames.join(", ")}`);
    }
  }
  return L;
}

async function runBatch(
  s: Session,
  inputs: readonly Int8Array[],
  K: number,
): Promise<Int8Array[][]> {
  const batch = new Int8Array(inputs.length * K);
  inputs.forEach((x, b) => {
    batch.set(x, b * K);
  });
  const results = await s.run({ [INPUT_NAME]: new ort.Tensor("int8", batch, [inputs.length, K]) });
  const L = layerCount(s.outputNames);
  const perLayer = Array.from({ length: L }, (_, i) => {
    const tensor = results[activationOutputName(i + 1, L)];
    if (tensor === undefined || tensor.type !== "int8")
      throw new Error(`missing int8 output for layer ${i + 1}`);
    return tensor;
  });
  return inputs.map((x, b) => [
    Int8Array.from(x),
    ...perLayer.map((tensor) => {
      const width = tensor.dims[1] as number;
      return (tensor.data as Int8Array).slice(b * width, (b + 1) * width);
    }),
  ]);
}

/**
 * Runs `modelBytes` on each int8 input and returns, per input, its activations
 * `[a_0, ..., a_L]` (the same shape as `execute` of executor.ts).
 */
export async function runOnnx(
  modelBytes: Uint8Array,
  inputs: readonly Int8Array[],
): Promise<Int8Array[][]> {
  if (inputs.length === 0) return [];
  const s = await session(modelBytes);
  const K = (inputs[0] as Int8Array).length;
  for (const [b, x] of inputs.entries()) {
    if (!(x instanceof Int8Array) || x.length !== K) {
      throw new Error(
        `input ${b}: expected an Int8Array of length ${K}, all inputs of one call share a width`,
      );
    }
  }
  const out: Int8Array[][] = [];
  for (let start = 0; start < inputs.length; start += MAX_BATCH) {
    out.push(...(await runBatch(s, inputs.slice(start, start + MAX_BATCH), K)));
  }
  return out;
}

/** Releases every cached session (tests and short-lived CLIs call it before exiting). */
export async function releaseOnnxSessions(): Promise<void> {
  const pending = [...sessions.values()];
  sessions.clear();
  for (const s of await Promise.allSettled(pending)) {
    if (s.status === "fulfilled") await s.value.release();
  }
}
