import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  modelFromJson,
  modelToJson,
  parseModel,
  readModelFile,
  stringifyModel,
  writeModelFile,
} from "./model-file.js";
import { createRng, randomModel } from "./random.js";
import { ModelValidationError } from "./types.js";

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
    const bad = (patch: (j: ReturnType<typeof modelToJson>) => unknown) => () =>
      modelFromJson(patch(structuredClone(good)));
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
