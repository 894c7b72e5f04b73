import { keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import { weightCommitment } from "./commitments.js";
import { modelMeta } from "./meta.js";
import { exportOnnx } from "./onnx.js";
import { createRng, randomLayer, randomModel } from "./random.js";
import { randomConv2d } from "./random-spatial.js";
import type { AnyModel } from "./types.js";

describe("modelMeta", () => {
  it("keeps the v1 form for dense models", () => {
    const model = randomModel(createRng(51), [6, 4, 2]);
    const onnx = exportOnnx(model);
    expect(modelMeta(model, onnx)).toEqual({
      format: "verity-int8-dense-v1",
      artifactHash: keccak256(onnx),
      weightCommitment: weightCommitment(model),
      layerLeaves: expect.any(Array),
      widths: [6, 4, 2],
      layers: model.layers.map(({ K, N, relu }) => ({ K, N, relu })),
      computeUnits: 6 * 4 + 4 * 2,
    });
  });

  it("describes a v2 model by kinds and shapes", () => {
    const rng = createRng(52);
    const conv = randomConv2d(rng, [1, 6, 6], {
      Cout: 2,
      kh: 3,
      kw: 3,
      stride: 1,
      pad: 1,
      relu: true,
    });
    const model: AnyModel = {
      inputShape: [1, 6, 6],
      layers: [
        conv,
        { kind: "maxpool", C: 2, H: 6, W: 6, kh: 2, kw: 2, stride: 2 },
        randomLayer(rng, 18, 3, { relu: false }),
      ],
      outputScale: 0.5,
    };
    const meta = modelMeta(model, exportOnnx(model));
    expect(meta.format).toBe("verity-int8-v2");
    expect(meta.inputShape).toEqual([1, 6, 6]);
    expect(meta.widths).toEqual([36, 72, 18, 3]);
    expect(meta.layers).toEqual([
      { kind: "conv2d", input: [1, 6, 6], output: [2, 6, 6], relu: true },
      { kind: "maxpool", input: [2, 6, 6], output: [2, 3, 3] },
      { kind: "dense", input: [18, 1, 1], output: [3, 1, 1], relu: false },
    ]);
    expect(meta.computeUnits).toBe(72 * 9 + 18 * 4 + 18 * 3);
    expect(meta.outputScale).toBe(0.5);
    expect(Object.keys(meta)).toEqual([
      "format",
      "artifactHash",
      "weightCommitment",
      "layerLeaves",
      "inputShape",
      "widths",
      "layers",
      "computeUnits",
      "outputScale",
    ]);
  });
});
