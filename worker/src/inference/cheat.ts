/**
 * TESTING ONLY: makes this worker submit a wrong result, so that an end-to-end
 * test can show a cheater caught and slashed. Enabled by the config key
 * `testing.corruptActivation`, which config/load.ts refuses unless
 * VERITY_ALLOW_CHEATING=1 is also set.
 */
import { executeLayer } from "@verity/model/executor";
import type { IntegerModel } from "@verity/model/types";
import type { CorruptActivation } from "../config/schema.js";

/**
 * Changes element `index` of activation `a_layer` and recomputes the later
 * layers from it, as a consistent but wrong execution would.
 */
export function corruptActivations(
  model: IntegerModel,
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
    out[l] = executeLayer(layer, out[l - 1] as Int8Array);
  }
  return out;
}
