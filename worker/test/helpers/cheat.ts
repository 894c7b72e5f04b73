/**
 * A cheating provider, for tests only: a model runner that submits a wrong
 * activation, so that an end-to-end test can show a cheater caught and
 * slashed. The worker runs it only when a test starts it through
 * cheating-worker.ts; nothing in the worker's own code knows of it.
 */
import { executeAnyLayer } from "@verity/model/executor";
import type { AnyModel } from "@verity/model/types";
import {
  type CreateRunner,
  type InferenceRunner,
  ModelRunner,
} from "../../src/inference/runner.js";

/** Which element of which activation `a_layer` (1-based layer, 0-based index) to change. */
export type CorruptActivation = { layer: number; index: number };

/**
 * Changes element `index` of activation `a_layer` and recomputes the later
 * layers from it, as a consistent but wrong execution would.
 */
export function corruptActivations(
  model: AnyModel,
  activations: readonly Int8Array[],
  corruption: CorruptActivation,
): Int8Array[] {
  const out: Int8Array[] = activations.map((a) => Int8Array.from(a));
  const target = out[corruption.layer];
  if (corruption.layer < 1 || target === undefined || corruption.index >= target.length) {
    throw new RangeError(`cannot corrupt a_${corruption.layer}[${corruption.index}]`);
  }
  const value = target[corruption.index] as number;
  target[corruption.index] = value === 127 ? 126 : value + 1;
  for (let l = corruption.layer + 1; l < out.length; l++) {
    const layer = model.layers[l - 1];
    if (layer === undefined) break;
    const skip = layer.kind === "add" ? out[layer.skip] : undefined;
    out[l] = executeAnyLayer(layer, out[l - 1] as Int8Array, skip);
  }
  return out;
}

/** Runners that compute honestly, then corrupt every result as `corruption` says. */
export function corruptingRunner(corruption: CorruptActivation): CreateRunner {
  return async (model, options): Promise<InferenceRunner> => {
    const honest = await ModelRunner.create(model, options);
    return {
      model: honest.model,
      latency: honest.latency,
      warm: (runs) => honest.warm(runs),
      release: () => honest.release(),
      run: async (input) => corruptActivations(model.integer, await honest.run(input), corruption),
    };
  };
}
