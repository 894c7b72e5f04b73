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
/** Largest batch times widest activation per run (int64 intermediates: 8 bytes each, several live). */
const MAX_BATCH_ELEMENTS = 2 ** 22;

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

/** `[dims after the batch axis]` of the graph input: `[K]` (dense v1) or `[C, H, W]` (v2). */
function inputDims(s: Session): number[] {
  const meta = s.inputMetadata.find((m) => m.name === INPUT_NAME);
  const shape = meta?.isTensor ? meta.shape.slice(1) : undefined;
  if (shape === undefined || !shape.every((d): d is number => typeof d === "number")) {
    throw new Error(
      `not a Verity integer model: no input "${INPUT_NAME}" with a fixed shape after the batch axis`,
    );
  }
  return shape;
}

async function runBatch(
  s: Session,
  inputs: readonly Int8Array[],
  dims: readonly number[],
): Promise<Int8Array[][]> {
  const K = dims.reduce((a, b) => a * b, 1);
  const batch = new Int8Array(inputs.length * K);
  inputs.forEach((x, b) => {
    batch.set(x, b * K);
  });
  const results = await s.run({
    [INPUT_NAME]: new ort.Tensor("int8", batch, [inputs.length, ...dims]),
  });
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
      // Each sample's activation is its C-major bytes: everything after the batch axis.
      const width = tensor.size / inputs.length;
      return (tensor.data as Int8Array).slice(b * width, (b + 1) * width);
    }),
  ]);
}

/**
 * Runs `modelBytes` on each int8 input and returns, per input, its activations
 * `[a_0, ..., a_L]` (the same shape as `execute` of executor.ts). Inputs are the
 * C-major bytes of `a_0` (length K for a dense model, C*H*W for a v2 model).
 */
export async function runOnnx(
  modelBytes: Uint8Array,
  inputs: readonly Int8Array[],
): Promise<Int8Array[][]> {
  if (inputs.length === 0) return [];
  const s = await session(modelBytes);
  const dims = inputDims(s);
  const K = dims.reduce((a, b) => a * b, 1);
  for (const [b, x] of inputs.entries()) {
    if (!(x instanceof Int8Array) || x.length !== K) {
      throw new Error(
        `input ${b}: expected an Int8Array of length ${K} (the model's input ${dims.join("x")}), got ${x instanceof Int8Array ? `length ${x.length}` : "a non-Int8Array"}`,
      );
    }
  }
  const batchSize = Math.max(
    1,
    Math.min(MAX_BATCH, Math.floor(MAX_BATCH_ELEMENTS / widestOutput(s, K))),
  );
  const out: Int8Array[][] = [];
  for (let start = 0; start < inputs.length; start += batchSize) {
    out.push(...(await runBatch(s, inputs.slice(start, start + batchSize), dims)));
  }
  return out;
}

/** Elements of the widest activation of one sample (the input included). */
function widestOutput(s: Session, inputSize: number): number {
  let widest = inputSize;
  for (const meta of s.outputMetadata) {
    if (!meta.isTensor) continue;
    const size = meta.shape
      .slice(1)
      .reduce<number>((a, d) => a * (typeof d === "number" ? d : 1), 1);
    widest = Math.max(widest, size);
  }
  return widest;
}

/** Releases every cached session (tests and short-lived CLIs call it before exiting). */
export async function releaseOnnxSessions(): Promise<void> {
  const pending = [...sessions.values()];
  sessions.clear();
  for (const s of await Promise.allSettled(pending)) {
    if (s.status === "fulfilled") await s.value.release();
  }
}
