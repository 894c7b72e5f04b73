import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { activationOutputName, INPUT_NAME } from "@verity/model/onnx";
import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import {
  createNativeSession,
  createPublicSession,
  createSession,
} from "../../src/inference/session.js";
import { randomInt8, rng } from "../helpers/model.js";

const models = join(import.meta.dirname, "../../../model/models");
const options = { graphOptimizationLevel: "all", intraOpNumThreads: 1 } as const;

describe("the runner's onnxruntime session", () => {
  for (const [name, layers] of [
    ["mnist-mlp", 3],
    ["mnist-cnn", 5],
  ] as const) {
    it(`answers on the sample ${name} exactly as the public session does, synchronously`, async () => {
      const bytes = new Uint8Array(await readFile(join(models, `${name}.onnx`)));
      const native = createNativeSession(bytes, options);
      if (native === undefined) throw new Error("onnxruntime-node's binding was not usable");
      const reference = await createPublicSession(bytes, options);
      expect(native.kind).toBe("native");
      expect(native.inputNames).toEqual(reference.inputNames);
      expect(native.outputNames).toEqual(reference.outputNames);
      expect(native.inputDims(INPUT_NAME)).toEqual(reference.inputDims(INPUT_NAME));
      const dims = (native.inputDims(INPUT_NAME) ?? []).map((d) => (typeof d === "number" ? d : 1));
      const width = dims.reduce((a, b) => a * b, 1);
      const fetches = Array.from({ length: layers }, (_, i) => activationOutputName(i + 1, layers));
      const random = rng(11);
      for (let i = 0; i < 8; i++) {
        const x = randomInt8(random, width);
        const ran = native.run({ [INPUT_NAME]: new ort.Tensor("int8", x, dims) }, fetches);
        expect(ran).not.toBeInstanceOf(Promise);
        const expected = await reference.run(
          { [INPUT_NAME]: new ort.Tensor("int8", x, dims) },
          fetches,
        );
        for (const output of fetches) {
          const got = (ran as Awaited<typeof ran>)[output];
          expect(got?.type).toBe("int8");
          expect(got?.data).toEqual(expected[output]?.data);
        }
      }
      await native.release();
      await reference.release();
    });
  }

  it("is the native session wherever the binding loads", async () => {
    const bytes = new Uint8Array(await readFile(join(models, "mnist-mlp.onnx")));
    const session = await createSession(bytes, options);
    expect(session.kind).toBe("native");
    await session.release();
  });
});
