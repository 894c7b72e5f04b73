/**
 * Where a claimed trace first departs from the model: what a watcher needs to
 * open a dispute and what the last move proves. Layers are checked in order,
 * each against the claimed activations before it (the first wrong layer is the
 * first whose inputs the parties agree on), so one corrupted element anywhere
 * is found at its own layer and element.
 */
import { executeAnyLayer } from "./executor.js";
import { layerOutputSize } from "./shapes.js";
import type { AnyLayer, AnyModel } from "./types.js";

export type Fault =
  /** `a_l[element]` is `claimed`, the layer computes `expected` from the claimed a_{l-1} (and a_skip). */
  | { layer: number; kind: "value"; element: number; expected: number; claimed: number }
  /** `a_l` does not even have the layer's output size: wrong by that fact alone. */
  | { layer: number; kind: "length"; expectedLength: number; claimedLength: number };

/**
 * The first element `j` where `claimed` differs from the layer run on `x` (and
 * `skip` for an add layer), or undefined when they agree. `claimed` must have
 * the layer's output size.
 */
export function firstWrongElement(
  layer: AnyLayer,
  x: Int8Array,
  claimed: Int8Array,
  skip?: Int8Array,
): number | undefined {
  const size = layerOutputSize(layer);
  if (claimed.length !== size) {
    throw new RangeError(`claimed output has ${claimed.length} elements, the layer ${size}`);
  }
  const y = executeAnyLayer(layer, x, skip);
  for (let j = 0; j < size; j++) if (y[j] !== claimed[j]) return j;
  return undefined;
}

/**
 * The first fault of a claimed trace `[a_0, ..., a_L]` (a_0 is the job input,
 * taken as given), or undefined when every layer recomputes exactly.
 */
export function firstFault(model: AnyModel, activations: readonly Int8Array[]): Fault | undefined {
  if (activations.length !== model.layers.length + 1) {
    throw new RangeError(
      `a trace of ${model.layers.length} layers has ${model.layers.length + 1} activations, got ${activations.length}`,
    );
  }
  for (const [i, layer] of model.layers.entries()) {
    const l = i + 1;
    const claimed = activations[l] as Int8Array;
    const expectedLength = layerOutputSize(layer);
    if (claimed.length !== expectedLength) {
      return { layer: l, kind: "length", expectedLength, claimedLength: claimed.length };
    }
    const skip = layer.kind === "add" ? activations[layer.skip] : undefined;
    const x = activations[i] as Int8Array;
    const j = firstWrongElement(layer, x, claimed, skip);
    if (j !== undefined) {
      const expected = executeAnyLayer(layer, x, skip)[j] as number;
      return { layer: l, kind: "value", element: j, expected, claimed: claimed[j] as number };
    }
  }
  return undefined;
}
