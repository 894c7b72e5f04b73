import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  anyModelFromJson,
  type ModelJson,
  modelFromJson,
  modelToJson,
  parseAnyModel,
  parseModel,
  readAnyModelFile,
  readModelFile,
  stringifyModel,
  writeModelFile,
} from "./model-file.js";
import { createRng, randomModel } from "./random.js";
import { randomSpatialModel } from "./random-spatial.js";
import { type AnyModel, ModelValidationError } from "./types.js";

const model = {
  ...randomModel(createRng(21), [4, 3, 2]),
  inputScale: 1 / 127,
  outputScale: 0.0421,
};

describe("JSON form", () => {
  it("round-trips through text and files", async () => {
    expect(parseModel(stringifyModel(model))).toEqual(model);
    const dir = await mkdtemp(join(tmpdir(), "verity-io-"));
    const path = join(dir, "m.verity.json");
    await writeModelFile(path, model);
    expect(await readModelFile(path)).toEqual(model);
    expect(JSON.parse(await readFile(path, "utf8")).format).toBe("verity-int8-dense-v1");
  });

  it("writes weights as row-major 0x hex and biases as numbers", () => {
    const json = modelToJson({
      layers: [
        {
          K: 2,
          N: 2,
          weights: Int8Array.from([1, -1, 127, -128]),
          bias: Int32Array.from([-5, 6]),
          M: 9,
          s: 3,
          relu: false,
        },
      ],
    });
    expect(json).toEqual({
      format: "verity-int8-dense-v1",
      layers: [{ K: 2, N: 2, M: 9, s: 3, relu: false, weights: "0x01ff7f80", bias: [-5, 6] }],
    });
    expect("inputScale" in json).toBe(false);
  });

  it("rejects another format, bad hex, and out-of-range values with the field's path", () => {
    const good = modelToJson(model);
    const bad = (patch: (j: ModelJson) => unknown) => () =>
      modelFromJson(patch(structuredClone(good) as ModelJson));
    expect(bad((j) => ({ ...j, format: "onnx" }))).toThrow(
      /format: expected "verity-int8-dense-v1"/,
    );
    expect(
      bad((j) => ({ ...j, layers: [{ ...j.layers[0], weights: "0x123" }, j.layers[1]] })),
    ).toThrow(/layers\[0\]\.weights: .*hex/);
    expect(
      bad((j) => ({ ...j, layers: [{ ...j.layers[0], weights: "0x00" }, j.layers[1]] })),
    ).toThrow(/layers\[0\]\.weights: expected N\*K/);
    expect(
      bad((j) => ({ ...j, layers: [j.layers[0], { ...j.layers[1], bias: [1, 2 ** 31] }] })),
    ).toThrow(/layers\[1\]\.bias\[1\]/);
    expect(bad((j) => ({ ...j, layers: [j.layers[0], { ...j.layers[1], s: 0 }] }))).toThrow(
      ModelValidationError,
    );
    expect(bad((j) => ({ ...j, inputScale: -1 }))).toThrow(/inputScale/);
    expect(() => parseModel("[]")).toThrow(/JSON object/);
  });
});

describe("JSON form v2", () => {
  const spatial: AnyModel = {
    ...randomSpatialModel(createRng(22), { depth: 6, denseHead: true }),
    inputScale: 1 / 127,
  };

  it("round-trips models of every kind through text and files, as verity-int8-v2", async () => {
    const rng = createRng(23);
    for (let i = 0; i < 30; i++) {
      const model = randomSpatialModel(rng);
      expect(parseAnyModel(stringifyModel(model))).toEqual(model);
    }
    const dir = await mkdtemp(join(tmpdir(), "verity-io-"));
    const path = join(dir, "cnn.verity.json");
    await writeModelFile(path, spatial);
    expect(await readAnyModelFile(path)).toEqual(spatial);
    const text = await readFile(path, "utf8");
    expect(JSON.parse(text).format).toBe("verity-int8-v2");
    expect(JSON.parse(text).inputShape).toEqual(spatial.inputShape);
    expect(
      JSON.parse(text).layers.every((l: { kind?: string }) => typeof l.kind === "string"),
    ).toBe(true);
  });

  it("keeps dense models in v1, and writes a dense model with an input shape as v2", () => {
    expect(modelToJson(model).format).toBe("verity-int8-dense-v1");
    const shaped = { ...randomModel(createRng(24), [12, 3]), inputShape: [3, 2, 2] } as AnyModel;
    const json = modelToJson(shaped);
    expect(json.format).toBe("verity-int8-v2");
    expect(json.layers[0]).toMatchObject({ kind: "dense", K: 12, N: 3 });
    expect(parseModel(stringifyModel(shaped))).toEqual(shaped);
  });

  it("refuses a spatial model in the dense reader, and kinds or inputShape in a v1 file", () => {
    expect(() => modelFromJson(modelToJson(spatial))).toThrow(
      /layers\[0\]\.kind: this reader takes dense models only, got a conv2d layer/,
    );
    const v1 = modelToJson(model) as ModelJson;
    expect(() =>
      anyModelFromJson({ ...v1, layers: [{ ...v1.layers[0], kind: "dense" }, v1.layers[1]] }),
    ).toThrow(/layers\[0\]\.kind: a "verity-int8-dense-v1" file has dense layers only/);
    expect(() => anyModelFromJson({ ...v1, inputShape: [4, 1, 1] })).toThrow(/inputShape: a/);
  });

  it("names the bad field of a v2 layer", () => {
    const json = JSON.parse(stringifyModel(spatial));
    const bad = (i: number, patch: Record<string, unknown>) => () =>
      anyModelFromJson({
        ...json,
        layers: json.layers.map((l: object, k: number) => (k === i ? { ...l, ...patch } : l)),
      });
    expect(bad(0, { kind: "lstm" })).toThrow(/layers\[0\]\.kind: expected one of/);
    expect(bad(0, { pad: 99 })).toThrow(/layers\[0\]\.pad/);
    expect(bad(0, { weights: "0x00" })).toThrow(/layers\[0\]\.weights: expected Cout\*Cin/);
    expect(bad(0, { bias: [2 ** 31] })).toThrow(/layers\[0\]\.bias\[0\]/);
    expect(() => anyModelFromJson({ ...json, inputShape: [1, 2] })).toThrow(/inputShape/);
  });
});
