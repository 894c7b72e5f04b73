/**
 * The bit-exact guarantee for v2 models: onnxruntime-node running the exported
 * file equals the reference executor on every activation, for random models
 * of every kind (conv stride/pad/non-square kernels, pools, adds, dense after
 * spatial), every requantization regime, both conv forms, and the spec's bounds.
 */
import ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { execute } from "./executor.js";
import { DEFAULT_CONV_FORM, exportOnnx, importOnnx } from "./onnx.js";
import { decodeModel } from "./onnx-proto.js";
import { releaseOnnxSessions, runOnnx } from "./onnx-run.js";
import type { ConvForm } from "./onnx-spatial.js";
import { createRng, type Rng, randomInt8s, randomLayer } from "./random.js";
import { randomConv2d, randomSpatialModel } from "./random-spatial.js";
import { modelInputShape, shapeSize } from "./shapes.js";
import type { AnyModel, Conv2dLayer } from "./types.js";

afterAll(releaseOnnxSessions);

type Tally = { compared: number; saturated: number; negative: number; kinds: Set<string> };

async function expectSameAsOnnx(
  model: AnyModel,
  inputs: Int8Array[],
  convForm: ConvForm,
  tally?: Tally,
): Promise<void> {
  const traces = await runOnnx(exportOnnx(model, { convForm }), inputs);
  inputs.forEach((x, n) => {
    const expected = execute(model, x);
    const actual = traces[n] as Int8Array[];
    expect(actual).toHaveLength(expected.length);
    expected.forEach((a, l) => {
      // Compare as arrays only on a mismatch: element loops are much faster on big activations.
      const got = actual[l] as Int8Array;
      const same = got.length === a.length && a.every((v, i) => got[i] === v);
      if (!same) {
        const kind = l === 0 ? "input" : (model.layers[l - 1]?.kind ?? "dense");
        expect({ layer: l, kind, values: Array.from(got) }).toEqual({
          layer: l,
          kind,
          values: Array.from(a),
        });
      }
      if (tally === undefined || l === 0) return;
      tally.kinds.add(model.layers[l - 1]?.kind ?? "dense");
      for (const v of a) {
        tally.compared++;
        if (v === 127 || v === -128) tally.saturated++;
        if (v < 0) tally.negative++;
      }
    });
  });
}

function inputsFor(rng: Rng, size: number, count: number): Int8Array[] {
  return [
    new Int8Array(size).fill(-128),
    new Int8Array(size).fill(127),
    ...Array.from({ length: count }, () => randomInt8s(rng, size)),
  ];
}

describe("v2 ONNX export vs reference executor (onnxruntime-node)", () => {
  for (const convForm of ["float", "im2col"] as const) {
    for (const regime of ["typical", "clipping", "extreme"] as const) {
      it(`agrees on every activation of random models of every kind: ${convForm} conv, ${regime}`, async () => {
        const rng = createRng(convForm.length * 100 + regime.length);
        const tally: Tally = { compared: 0, saturated: 0, negative: 0, kinds: new Set() };
        for (let m = 0; m < 20; m++) {
          const model = randomSpatialModel(rng, { regime });
          await expectSameAsOnnx(
            model,
            inputsFor(rng, shapeSize(modelInputShape(model)), 6),
            convForm,
            tally,
          );
        }
        expect(tally.kinds).toEqual(new Set(["conv2d", "maxpool", "avgpool", "add", "dense"]));
        expect(tally.compared).toBeGreaterThan(5000);
        expect(tally.saturated).toBeGreaterThan(0);
        expect(tally.negative).toBeGreaterThan(0);
        if (regime === "clipping") expect(tally.saturated / tally.compared).toBeGreaterThan(0.3);
      });
    }
  }

  it("is exact at the conv bound Cin*kh*kw = 1024 with |bias| = 2^30 (float partial sums reach 2^24)", async () => {
    const rng = createRng(41);
    for (const [Cin, kh, kw] of [
      [16, 8, 8],
      [64, 4, 4],
      [1024, 1, 1],
    ] as const) {
      const base = randomConv2d(rng, [Cin, kh + 2, kw + 1], {
        Cout: 3,
        kh,
        kw,
        stride: 1,
        pad: 0,
        relu: false,
      });
      // Every product -128 * -128: the window sum is exactly 1024 * 16384 = 2^24.
      const layer: Conv2dLayer = {
        ...base,
        weights: new Int8Array(base.weights.length).fill(-128),
        bias: Int32Array.from([2 ** 30, -(2 ** 30), 0]),
        M: 2 ** 31 - 1,
        s: 62,
      };
      const model: AnyModel = { layers: [layer, randomLayer(rng, shapeSize([3, 3, 2]), 4)] };
      const size = Cin * (kh + 2) * (kw + 1);
      for (const convForm of ["float", "im2col"] as const) {
        await expectSameAsOnnx(model, inputsFor(rng, size, 3), convForm);
        await expectSameAsOnnx(
          { ...model, layers: [{ ...layer, M: 1, s: 1 }] },
          inputsFor(rng, size, 2),
          convForm,
        );
      }
    }
  });

  it("agrees on strided, padded, non-square convs and pools at larger shapes", async () => {
    const rng = createRng(42);
    for (let m = 0; m < 6; m++) {
      const model = randomSpatialModel(rng, {
        inputShape: [rng.int(1, 8), rng.int(16, 40), rng.int(16, 40)],
        depth: 6,
      });
      await expectSameAsOnnx(
        model,
        inputsFor(rng, shapeSize(modelInputShape(model)), 4),
        DEFAULT_CONV_FORM,
      );
    }
  });
});

describe("v2 ONNX file", () => {
  const model = randomSpatialModel(createRng(43), {
    inputShape: [2, 9, 7],
    depth: 5,
    denseHead: true,
  });

  it("declares input [batch, C, H, W] and every a_l with its own shape, output first", async () => {
    const bytes = exportOnnx(model);
    const decoded = decodeModel(bytes);
    expect(decoded.irVersion).toBe(10);
    expect(decoded.opsetImport?.map((o) => [o.domain ?? "", o.version])).toEqual([["", 21]]);
    expect(decoded.producerVersion).toBe("verity-int8-v2");
    expect(decoded.metadataProps?.find((p) => p.key === "verity.format")?.value).toBe(
      "verity-int8-v2",
    );
    expect(decoded.graph?.input?.[0]?.type?.tensorType).toEqual({
      elemType: 3,
      shape: { dim: [{ dimParam: "batch" }, { dimValue: 2 }, { dimValue: 9 }, { dimValue: 7 }] },
    });
    const L = model.layers.length;
    expect(decoded.graph?.output?.map((v) => v.name)).toEqual([
      "output",
      ...Array.from({ length: L - 1 }, (_, i) => `act_${i + 1}`),
    ]);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(["input"]);
    await session.release();
  });

  it("is deterministic, and importOnnx points a v2 file to its JSON form", () => {
    expect(exportOnnx(model)).toEqual(exportOnnx(structuredClone(model)));
    expect(() => importOnnx(exportOnnx(model))).toThrow(/verity-int8-v2.*\.verity\.json/);
  });

  it("a dense model with an input shape takes [batch, C, H, W] and flattens it", async () => {
    const rng = createRng(44);
    const dense: AnyModel = { inputShape: [3, 2, 2], layers: [randomLayer(rng, 12, 5)] };
    const decoded = decodeModel(exportOnnx(dense));
    expect(decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim).toHaveLength(4);
    await expectSameAsOnnx(dense, inputsFor(rng, 12, 3), DEFAULT_CONV_FORM);
  });

  it("runOnnx checks the input size against the model's input shape", async () => {
    await expect(runOnnx(exportOnnx(model), [new Int8Array(125)])).rejects.toThrow(
      /input 0: expected an Int8Array of length 126 \(the model's input 2x9x7\), got length 125/,
    );
  });
});
