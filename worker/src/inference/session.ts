/**
 * An onnxruntime session for the runner, called the fastest way the package allows.
 *
 * onnxruntime-node's public `InferenceSession.run` ends in the same native, synchronous call as
 * this file's, but only after a `setImmediate` (a turn of the event loop) and a layer that checks
 * the arguments again and re-wraps every output tensor: on the sample MLP that is 12.6 us of a
 * 61.3 us run (48.7 us native, bench/inference.bench.ts). The worker calls the native session
 * directly, as the public API would once its turn came: the event loop is held for the same
 * inference either way.
 *
 * The native binding is not a public API, so it is taken from the package's build
 * (`dist/binding.js`, which the package's own backend loads) and checked for the methods used; if
 * that ever fails (a new layout of the package), the public API is used, with the same results
 * (test/unit/session.test.ts runs both on the sample MLP and CNN).
 */
import { createRequire } from "node:module";
import ort from "onnxruntime-node";

export type SessionOptions = { graphOptimizationLevel: "all"; intraOpNumThreads?: number };

export type Outputs = Record<string, ort.Tensor | undefined>;

export type Session = {
  /** "native": the binding called synchronously; "public": `ort.InferenceSession`. */
  readonly kind: "native" | "public";
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Each input's dims (a symbolic dimension as a string), by name. */
  inputDims(name: string): readonly (number | string)[] | undefined;
  /** The outputs named in `fetches`; synchronous for the native session. */
  run(feeds: Record<string, ort.Tensor>, fetches: readonly string[]): Outputs | Promise<Outputs>;
  release(): Promise<void>;
};

type RawMetadata = {
  name: string;
  isTensor: boolean;
  shape?: number[];
  symbolicDimensions?: string[];
};

type NativeSession = {
  loadModel(buffer: ArrayBufferLike, offset: number, length: number, options: object): void;
  readonly inputMetadata: RawMetadata[];
  readonly outputMetadata: RawMetadata[];
  run(feeds: object, fetches: Record<string, null>, options: object): Outputs;
  dispose(): void;
};

type Binding = {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
};

function loadBinding(): Binding | undefined {
  try {
    const require = createRequire(import.meta.url);
    const loaded = require("onnxruntime-node/dist/binding.js") as Partial<Binding>;
    const proto = loaded.binding?.InferenceSession?.prototype as Partial<NativeSession> | undefined;
    if (
      typeof loaded.initOrt !== "function" ||
      typeof proto?.loadModel !== "function" ||
      typeof proto.run !== "function" ||
      typeof proto.dispose !== "function"
    )
      return undefined;
    return loaded as Binding;
  } catch {
    return undefined;
  }
}

const binding = loadBinding();

function dimsOf(meta: RawMetadata): (number | string)[] {
  return (meta.shape ?? []).map((d, i) => (d >= 0 ? d : (meta.symbolicDimensions?.[i] ?? "?")));
}

/** The native session, or undefined when the package's binding cannot be used. */
export function createNativeSession(
  bytes: Uint8Array,
  options: SessionOptions,
): Session | undefined {
  if (binding === undefined) return undefined;
  binding.initOrt();
  const native = new binding.binding.InferenceSession();
  native.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, options);
  const inputs = native.inputMetadata;
  // The native run takes its fetches as an object of names; kept per list, built once.
  const fetchObjects = new WeakMap<readonly string[], Record<string, null>>();
  const runOptions = {};
  return {
    kind: "native",
    inputNames: inputs.map((m) => m.name),
    outputNames: native.outputMetadata.map((m) => m.name),
    inputDims: (name) => {
      const meta = inputs.find((m) => m.name === name);
      return meta?.isTensor ? dimsOf(meta) : undefined;
    },
    run: (feeds, fetches) => {
      let asObject = fetchObjects.get(fetches);
      if (asObject === undefined) {
        asObject = Object.fromEntries(fetches.map((name) => [name, null]));
        fetchObjects.set(fetches, asObject);
      }
      return native.run(feeds, asObject, runOptions);
    },
    release: async () => native.dispose(),
  };
}

/** onnxruntime-node's public session. */
export async function createPublicSession(
  bytes: Uint8Array,
  options: SessionOptions,
): Promise<Session> {
  const session = await ort.InferenceSession.create(bytes, options);
  return {
    kind: "public",
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputDims: (name) => {
      const meta = session.inputMetadata.find((m) => m.name === name);
      return meta?.isTensor ? meta.shape : undefined;
    },
    run: (feeds, fetches) => session.run(feeds, fetches as string[]),
    release: () => session.release(),
  };
}

/**
 * The native session when the binding can be used, else the public one. A native session that
 * fails to load falls back too: a binding whose calls changed must not stop the worker, and a
 * model that is really broken fails again in the public session, with its error.
 */
export async function createSession(bytes: Uint8Array, options: SessionOptions): Promise<Session> {
  let native: Session | undefined;
  try {
    native = createNativeSession(bytes, options);
  } catch {
    native = undefined;
  }
  return native ?? (await createPublicSession(bytes, options));
}
