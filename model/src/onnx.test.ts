import ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { execute } from "./executor.js";
import { exportOnnx, importOnnx } from "./onnx.js";
import { decodeModel } from "./onnx-proto.js";
import { releaseOnnxSessions, runOnnx } from "./onnx-run.js";
import {
  createRng,
  type RandomLayerOptions,
  type Rng,
  randomInt8s,
  randomModel,
} from "./random.js";
import type { IntegerModel } from "./types.js";

afterAll(releaseOnnxSessions);

/** Runs the model both ways and returns how many activation values were compared; fails on any mismatch. */
async function expectSameAsOnnx(model: IntegerModel, inputs: Int8Array[]): Promise<number> {
  const ortTraces = await runOnnx(exportOnnx(model), inputs);
  let compared = 0;
  inputs.forEach((x, n) => {
    const expected = execute(model, x).map((a) => Array.from(a));
    const actual = (ortTraces[n] as Int8Array[]).map((a) => Array.from(a));
    expect(actual).toEqual(expected);
    compared += expected.slice(1).reduce((sum, a) => sum + a.length, 0);
  });
  return compared;
}

function randomWidths(rng: Rng, maxWidth: number): number[] {
  return Array.from({ length: rng.int(2, 5) }, () => rng.int(1, maxWidth));
}

function inputsFor(rng: Rng, K: number, count: number): Int8Array[] {
  // Include the extreme vectors: all -128 makes the largest positive products with negative weights.
  return [
    new Int8Array(K).fill(-128),
    new Int8Array(K).fill(127),
    ...Array.from({ length: count }, () => randomInt8s(rng, K)),
  ];
}

describe("ONNX export vs reference executor (onnxruntime-node)", () => {
  for (const regime of [
    "typical",
    "clipping",
    "extreme",
  ] as const satisfies RandomLayerOptions["regime"][]) {
    it(`agrees bit for bit on random models, ${regime} requantization`, async () => {
      const rng = createRng(regime.length * 1000 + 17);
      let compared = 0;
      let saturated = 0;
      let negative = 0;
      for (let m = 0; m < 12; m++) {
        const widths = randomWidths(rng, 48);
        // Half the models use the usual ReLU pattern (hidden on, last off), half one flag for all layers.
        const options: RandomLayerOptions =
          rng.next() < 0.5 ? { regime } : { regime, relu: rng.next() < 0.5 };
        const model = randomModel(rng, widths, options);
        const inputs = inputsFor(rng, widths[0] as number, 30);
        compared += await expectSameAsOnnx(model, inputs);
        for (const x of inputs) {
          for (const a of execute(model, x).slice(1)) {
            for (const v of a) {
              if (v === 127 || v === -128) saturated++;
              if (v < 0) negative++;
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
      // The comparison must exercise what differs between implementations: clamping and negative rounding.
      expect(saturated).toBeGreaterThan(0);
      expect(negative).toBeGreaterThan(0);
      if (regime === "clipping") expect(saturated / compared).toBeGreaterThan(0.5);
    });
  }

  it("agrees on a wide 256-256-16 model", async () => {
    const rng = createRng(256);
    const model = randomModel(rng, [256, 256, 16], { regime: "clipping" });
    expect(await expectSameAsOnnx(model, inputsFor(rng, 256, 20))).toBe(22 * (256 + 16));
  });

  it("clamps floor values in [2^31, 2^32], where onnxruntime's int64 Clip is wrong", async () => {
    // M = 2^31 - 1, s = 1: q = floor((acc * M + 1) / 2) ~ acc * 2^30, so acc in +-[2, 4] lands in the band.
    const N = 64;
    const model: IntegerModel = {
      layers: [
        {
          K: 1,
          N,
          weights: new Int8Array(N).fill(1),
          bias: Int32Array.from({ length: N }, (_, j) => (j % 9) - 4),
          M: 2 ** 31 - 1,
          s: 1,
          relu: false,
        },
      ],
    };
    // A long batch takes onnxruntime's vectorized path, where the bug showed.
    const inputs = Array.from({ length: 64 }, (_, b) => Int8Array.from([(b % 5) - 2]));
    const band = inputs.flatMap((x) =>
      Array.from(
        { length: N },
        (_, j) => (BigInt((x[0] as number) + ((j % 9) - 4)) * BigInt(2 ** 31 - 1)) / 2n,
      ),
    );
    expect(band.filter((q) => q >= 2n ** 31n && q <= 2n ** 32n).length).toBeGreaterThan(100);
    expect(band.filter((q) => -q >= 2n ** 31n && -q <= 2n ** 32n).length).toBeGreaterThan(100);
    expect(await expectSameAsOnnx(model, inputs)).toBe(64 * N);
  });

  it("agrees at the spec's accumulator bound (K = 4096, |b| = 2^30)", async () => {
    const K = 4096;
    const N = 8;
    const rng = createRng(4096);
    const model: IntegerModel = {
      layers: [
        {
          K,
          N,
          // Rows of all -128 (with inputs of all -128) reach the largest dot product, 4096 * 2^14 = 2^26.
          weights: Int8Array.from({ length: N * K }, (_, i) =>
            i < 2 * K ? -128 : rng.int(-128, 127),
          ),
          bias: Int32Array.from({ length: N }, (_, j) => (j % 2 === 0 ? 2 ** 30 : -(2 ** 30))),
          M: 2 ** 31 - 1,
          s: 55,
          relu: false,
        },
      ],
    };
    const inputs = [new Int8Array(K).fill(-128), new Int8Array(K).fill(127), randomInt8s(rng, K)];
    expect(await expectSameAsOnnx(model, inputs)).toBe(3 * N);
    const first = execute(model, inputs[0] as Int8Array)[1] as Int8Array;
    // 2^30 + 2^26 = 1.14e9 lands inside the int8 range with this M and s, so the value itself is compared.
    expect(Math.abs(first[0] as number)).toBeLessThan(127);
  });

  it("agrees on 1-wide layers", async () => {
    const rng = createRng(1);
    const model = randomModel(rng, [1, 1, 1]);
    expect(await expectSameAsOnnx(model, inputsFor(rng, 1, 5))).toBe(7 * 2);
  });
});

describe("exportOnnx", () => {
  const model = randomModel(createRng(5), [6, 4, 3]);

  it("declares the graph the spec names: input, output and act_l, int8 with a batch dimension", async () => {
    const decoded = decodeModel(exportOnnx(model));
    expect(decoded.irVersion).toBe(10);
    expect(decoded.opsetImport?.map((o) => [o.domain ?? "", o.version])).toEqual([["", 21]]);
    expect(decoded.graph?.input?.map((v) => v.name)).toEqual(["input"]);
    expect(decoded.graph?.output?.map((v) => v.name)).toEqual(["output", "act_1"]);
    expect(decoded.graph?.input?.[0]?.type?.tensorType).toEqual({
      elemType: 3,
      shape: { dim: [{ dimParam: "batch" }, { dimValue: 6 }] },
    });
    const ops = new Set(decoded.graph?.node?.map((n) => n.opType));
    expect([...ops].sort()).toEqual([
      "Add",
      "Cast",
      "Div",
      "Greater",
      "Less",
      "MatMul",
      "Mod",
      "Mul",
      "Relu",
      "Sub",
      "Where",
    ]);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    expect(session.inputNames).toEqual(["input"]);
    expect(session.outputNames).toEqual(["output", "act_1"]);
    await session.release();
  });

  it("is deterministic and round-trips through importOnnx", () => {
    const bytes = exportOnnx({ ...model, inputScale: 0.25, outputScale: 3 });
    expect(exportOnnx({ ...model, inputScale: 0.25, outputScale: 3 })).toEqual(bytes);
    const back = importOnnx(bytes);
    expect(back.inputScale).toBe(0.25);
    expect(back.outputScale).toBe(3);
    back.layers.forEach((layer, i) => {
      const original = model.layers[i];
      expect(layer).toEqual(original);
    });
  });

  it("importOnnx rejects a file whose bytes are not the canonical export", () => {
    const bytes = exportOnnx(model);
    const tampered = Uint8Array.from(bytes);
    // Flip one byte inside the metadata's weight commitment string (hex text near the end).
    const index = tampered.length - 5;
    tampered[index] = (tampered[index] as number) === 0x61 ? 0x62 : 0x61;
    expect(() => importOnnx(tampered)).toThrow(/canonical/);
  });

  it("refuses an invalid model", () => {
    expect(() =>
      exportOnnx({ layers: [{ ...(model.layers[0] as IntegerModel["layers"][0]), M: 0 }] }),
    ).toThrow(/M must be/);
  });
});

describe("runOnnx", () => {
  it("batches inputs and checks their width", async () => {
    const rng = createRng(9);
    const model = randomModel(rng, [5, 3]);
    const bytes = exportOnnx(model);
    expect(await runOnnx(bytes, [])).toEqual([]);
    await expect(runOnnx(bytes, [new Int8Array(5), new Int8Array(4)])).rejects.toThrow(
      /input 1: expected an Int8Array of length 5 .*got length 4/,
    );
    const inputs = Array.from({ length: 3 }, () => randomInt8s(rng, 5));
    const batched = await runOnnx(bytes, inputs);
    const single = await Promise.all(
      inputs.map(async (x) => (await runOnnx(Uint8Array.from(bytes), [x]))[0]),
    );
    expect(batched).toEqual(single);
  });
});
