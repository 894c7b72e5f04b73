/**
 * The property the dispute game rests on, for every layer kind: an honest trace
 * has no fault, and any single changed element of any layer (with every later
 * layer recomputed from it, as a consistent cheater would) is found at that
 * layer and element, where the one-element recomputation disagrees with it.
 */
import { describe, expect, it } from "vitest";
import { elementStepWitness } from "./element-witness.js";
import { execute, executeAnyLayer } from "./executor.js";
import { firstFault, firstWrongElement } from "./fault.js";
import { createRng, randomInt8s } from "./random.js";
import { randomSpatialModel } from "./random-spatial.js";
import { modelInputShape, shapeSize } from "./shapes.js";

describe("firstFault", () => {
  it("finds any single changed element of any layer kind, and nothing in an honest trace", () => {
    const rng = createRng(61);
    const caught = new Set<string>();
    for (let m = 0; m < 80; m++) {
      const model = randomSpatialModel(rng);
      const honest = execute(model, randomInt8s(rng, shapeSize(modelInputShape(model))));
      expect(firstFault(model, honest)).toBeUndefined();
      const l = rng.int(1, model.layers.length);
      const j = rng.int(0, (honest[l] as Int8Array).length - 1);
      const cheat: Int8Array[] = honest.map((a) => Int8Array.from(a));
      const a = cheat[l] as Int8Array;
      a[j] = (((a[j] as number) + rng.int(1, 255) + 128) % 256) - 128;
      // A consistent cheater recomputes everything after the change.
      for (let k = l + 1; k <= model.layers.length; k++) {
        const layer = model.layers[k - 1] as (typeof model.layers)[number];
        const skip = layer.kind === "add" ? cheat[layer.skip] : undefined;
        cheat[k] = executeAnyLayer(layer, cheat[k - 1] as Int8Array, skip);
      }
      const fault = firstFault(model, cheat);
      expect(fault).toEqual({
        layer: l,
        kind: "value",
        element: j,
        expected: (honest[l] as Int8Array)[j],
        claimed: a[j],
      });
      const w = elementStepWitness(model, cheat, l, j);
      expect(w.expected).not.toBe(a[j]);
      caught.add(model.layers[l - 1]?.kind ?? "dense");
    }
    expect(caught).toEqual(new Set(["conv2d", "maxpool", "avgpool", "add", "dense"]));
  });

  it("reports an activation of the wrong length", () => {
    const model = randomSpatialModel(createRng(62), { depth: 3 });
    const trace = execute(model, randomInt8s(createRng(63), shapeSize(modelInputShape(model))));
    const short = trace.map((a, i) => (i === 2 ? a.subarray(1) : a));
    expect(firstFault(model, short)).toEqual({
      layer: 2,
      kind: "length",
      expectedLength: (trace[2] as Int8Array).length,
      claimedLength: (trace[2] as Int8Array).length - 1,
    });
    expect(() =>
      firstWrongElement(model.layers[1] as never, trace[1] as Int8Array, short[2] as Int8Array),
    ).toThrow(/claimed output has/);
  });
});
