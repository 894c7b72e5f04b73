/**
 * Runs a held model with onnxruntime-node: one session per model (the native
 * one where the package allows, session.ts), created and warmed at start, runs
 * serialized per model so that measured latency is what a job will see.
 * Returns every activation `[a_0, ..., a_L]` from one run (the ONNX file
 * exposes each hidden activation as an extra output).
 */
import { activationOutputName, INPUT_NAME } from "@verity/model/onnx";
import ort from "onnxruntime-node";
import { LatencyTracker } from "./latency.js";
import type { HeldModel } from "./models.js";
import { createSession, type Session, type SessionOptions } from "./session.js";
import { resultTrace } from "./trace.js";

export type RunnerOptions = { threads: number };

/** What the worker asks of a model runner (tests inject their own, e.g. a faulty one). */
export type InferenceRunner = Pick<ModelRunner, "model" | "latency" | "warm" | "run" | "release"> &
  Partial<Pick<ModelRunner, "lastRunSeconds">>;

/** Creates the runner of one held model; the default is `ModelRunner.create`. */
export type CreateRunner = (model: HeldModel, options: RunnerOptions) => Promise<InferenceRunner>;

export class ModelRunner {
  readonly latency = new LatencyTracker();
  private queue: Promise<unknown> = Promise.resolve();
  /** The activation outputs, in layer order (also what the benchmark fetches). */
  readonly fetches: readonly string[];
  /** The input tensor's dims: `[1, K]` for a dense model, `[1, C, H, W]` for a spatial one. */
  readonly inputDims: readonly number[];

  private constructor(
    readonly model: HeldModel,
    readonly session: Session,
  ) {
    const L = model.layerCount;
    this.fetches = Array.from({ length: L }, (_, i) => activationOutputName(i + 1, L));
    const dims = session.inputDims(INPUT_NAME)?.slice(1) ?? [];
    if (
      !dims.every((d): d is number => typeof d === "number") ||
      dims.reduce((a, b) => a * b, 1) !== model.inputWidth
    ) {
      throw new Error(
        `model ${model.id}: the ONNX input ${INPUT_NAME} is not [batch, ${model.inputWidth} elements]`,
      );
    }
    this.inputDims = [1, ...dims];
    for (const name of this.fetches) {
      if (!session.outputNames.includes(name)) {
        throw new Error(
          `model ${model.id}: the ONNX graph has no output ${name} (outputs: ${session.outputNames.join(", ")})`,
        );
      }
    }
  }

  static async create(model: HeldModel, options: RunnerOptions): Promise<ModelRunner> {
    const session = await createSession(model.bytes, sessionOptions(options));
    return new ModelRunner(model, session);
  }

  /**
   * Runs `runs` inferences on zero input: loads kernels and seeds the latency estimate. The
   * trace commitment runs too, so that a job's first trace is not also the first call of the
   * hashing code (cold, it cost the first job about half a millisecond).
   */
  async warm(runs: number): Promise<void> {
    const input = new Int8Array(this.model.inputWidth);
    for (let i = 0; i < runs; i++) resultTrace(await this.run(input));
  }

  /** `[a_0, ..., a_L]`; `a_0` is the input itself (not copied: callers pass a fresh array). */
  run(input: Int8Array): Promise<Int8Array[]> {
    // The common case (nothing queued) goes straight to onnxruntime: no chaining, no extra
    // promise (runNow counts itself out when it ends, whatever the outcome).
    const idle = this.pending === 0;
    this.pending++;
    const task = idle ? this.runNow(input) : this.queue.then(this.next(input), this.next(input));
    this.queue = task;
    return task;
  }

  private pending = 0;
  private next(input: Int8Array) {
    return () => this.runNow(input);
  }

  /** Seconds the latest run spent in onnxruntime (what a job's log reports as its inference time). */
  lastRunSeconds = 0;

  private async runNow(input: Int8Array): Promise<Int8Array[]> {
    try {
      if (input.length !== this.model.inputWidth) {
        throw new Error(
          `model ${this.model.id} takes ${this.model.inputWidth} int8 inputs, got ${input.length}`,
        );
      }
      const started = performance.now();
      const tensor = new ort.Tensor("int8", input, this.inputDims);
      // Synchronous on the native session: no promise to wait for.
      const ran = this.session.run({ [INPUT_NAME]: tensor }, this.fetches);
      const results = ran instanceof Promise ? await ran : ran;
      const activations: Int8Array[] = [input];
      for (const name of this.fetches) {
        const out = results[name];
        if (out === undefined || out.type !== "int8")
          throw new Error(`model ${this.model.id}: no int8 output ${name}`);
        activations.push(out.data as Int8Array);
      }
      this.lastRunSeconds = (performance.now() - started) / 1000;
      this.latency.record(this.lastRunSeconds);
      return activations;
    } finally {
      this.pending--;
    }
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The session options of a runner: every graph optimization, `threads` intra-op threads (0: onnxruntime's default). */
export function sessionOptions(options: RunnerOptions): SessionOptions {
  return options.threads > 0
    ? { graphOptimizationLevel: "all", intraOpNumThreads: options.threads }
    : { graphOptimizationLevel: "all" };
}
