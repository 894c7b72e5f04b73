import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256 } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { weightCommitment } from "./commitments.js";
import { type FloatDenseModel, floatForward, floatModelToJson } from "./float-model.js";
import { floatModelToOnnx } from "./float-onnx.js";
import { randomFloatCnn } from "./float-random.js";
import { readAnyModelFile, readModelFile } from "./model-file.js";
import { encodeModel } from "./onnx-proto.js";
import { runCli } from "./quantize-cli.js";
import { createRng } from "./random.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe("verity-model quantize", () => {
  let dir = "";
  const rng = createRng(41);
  const float: FloatDenseModel = {
    layers: [
      {
        K: 6,
        N: 10,
        W: Float64Array.from({ length: 60 }, () => rng.normal() / 2),
        b: Float64Array.from({ length: 10 }, () => rng.normal() / 10),
        relu: true,
      },
      {
        K: 10,
        N: 3,
        W: Float64Array.from({ length: 30 }, () => rng.normal() / 3),
        b: new Float64Array(3),
        relu: false,
      },
    ],
  };
  const inputs = Array.from({ length: 200 }, () => Array.from({ length: 6 }, () => rng.normal()));
  const labels = inputs.map((x) => {
    const y = Array.from(floatForward(float, x).at(-1) as Float64Array);
    return y.indexOf(Math.max(...y));
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "verity-cli-"));
    await writeFile(join(dir, "tiny.json"), JSON.stringify(floatModelToJson(float)));
    await writeFile(join(dir, "calib.json"), JSON.stringify({ inputs, labels }));
    await writeFile(join(dir, "bare.json"), JSON.stringify(inputs.slice(0, 20)));
  });

  it("writes the model, ONNX and meta files and prints the accuracy table", async () => {
    const { io, out, err } = capture();
    const code = await runCli(
      [
        "quantize",
        "--float",
        join(dir, "tiny.json"),
        "--calib",
        join(dir, "calib.json"),
        "--out",
        join(dir, "out"),
      ],
      io,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/float top-1 accuracy\s+100\.00%/);
    expect(text).toMatch(/integer top-1 accuracy\s+\d+\.\d\d%/);
    expect(text).toMatch(/onnxruntime vs reference executor: \d+ values, 0 mismatches/);
    const model = await readModelFile(join(dir, "out", "tiny.verity.json"));
    const meta = JSON.parse(await readFile(join(dir, "out", "tiny.meta.json"), "utf8"));
    const onnx = await readFile(join(dir, "out", "tiny.onnx"));
    expect(meta.weightCommitment).toBe(weightCommitment(model));
    expect(meta.artifactHash).toBe(keccak256(new Uint8Array(onnx)));
    expect(meta.widths).toEqual([6, 10, 3]);
    expect(meta.computeUnits).toBe(6 * 10 + 10 * 3);
    expect(meta.evaluation.onnxruntime.valuesCompared).toBe(200 * 13);
  });

  it("prints JSON with --json and accepts a bare input list", async () => {
    const { io, out } = capture();
    const code = await runCli(
      [
        "quantize",
        "--float",
        join(dir, "tiny.json"),
        "--calib",
        join(dir, "bare.json"),
        "--out",
        join(dir, "json"),
        "--name",
        "t",
        "--json",
      ],
      io,
    );
    expect(code).toBe(0);
    const result = JSON.parse(out.join("\n"));
    expect(result.name).toBe("t");
    expect(result.accuracy.samples).toBe(20);
    expect(result.accuracy.floatAccuracy).toBeUndefined();
    expect(result.layers).toHaveLength(2);
    expect(result.onnxruntime.mismatches).toBe(0);
  });

  it("exits 2 with the usage on bad arguments and 1 on a bad file", async () => {
    const missing = capture();
    expect(await runCli(["quantize", "--float", "x.json"], missing.io)).toBe(2);
    expect(missing.err.join("\n")).toMatch(/required/);
    const unknown = capture();
    expect(await runCli(["frobnicate"], unknown.io)).toBe(2);
    expect(unknown.err.join("\n")).toMatch(/unknown command frobnicate/);
    const badPercentile = capture();
    expect(
      await runCli(
        ["quantize", "--float", "a", "--calib", "b", "--out", "c", "--percentile", "0"],
        badPercentile.io,
      ),
    ).toBe(2);
    const broken = capture();
    expect(
      await runCli(
        [
          "quantize",
          "--float",
          join(dir, "calib.json"),
          "--calib",
          join(dir, "calib.json"),
          "--out",
          dir,
        ],
        broken.io,
      ),
    ).toBe(1);
    expect(broken.err.join("\n")).toMatch(/quantize failed: .*layers/);
  });

  it("quantizes a float CNN from ONNX and reports what was lost", async () => {
    const cnnRng = createRng(42);
    const cnn = randomFloatCnn(cnnRng);
    const images = Array.from({ length: 120 }, () =>
      Array.from({ length: 2 * 9 * 9 }, () => cnnRng.normal()),
    );
    const cnnLabels = images.map((x) => {
      const y = Array.from(floatForward(cnn, x).at(-1) as Float64Array);
      return y.indexOf(Math.max(...y));
    });
    await writeFile(join(dir, "cnn.onnx"), floatModelToOnnx(cnn));
    await writeFile(
      join(dir, "cnn-calib.json"),
      JSON.stringify({ inputs: images, labels: cnnLabels }),
    );
    const { io, out, err } = capture();
    const code = await runCli(
      [
        "quantize",
        "--float",
        join(dir, "cnn.onnx"),
        "--calib",
        join(dir, "cnn-calib.json"),
        "--out",
        join(dir, "cnn"),
      ],
      io,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/1\s+conv2d\s+2x9x9\s+4x9x9\s+yes/);
    expect(text).toMatch(/3\s+add\s+4x9x9\s+4x9x9\s+yes/);
    expect(text).toMatch(/4\s+maxpool\s+4x9x9\s+4x4x4\s+-/);
    expect(text).toMatch(/float top-1 accuracy\s+100\.00%/);
    expect(text).toMatch(/accuracy lost\s+\d+\.\d\d points/);
    expect(text).toMatch(/onnxruntime vs reference executor: \d+ values, 0 mismatches/);
    const model = await readAnyModelFile(join(dir, "cnn", "cnn.verity.json"));
    const meta = JSON.parse(await readFile(join(dir, "cnn", "cnn.meta.json"), "utf8"));
    const onnx = await readFile(join(dir, "cnn", "cnn.onnx"));
    expect(model.inputShape).toEqual([2, 9, 9]);
    expect(meta.weightCommitment).toBe(weightCommitment(model));
    expect(meta.artifactHash).toBe(keccak256(new Uint8Array(onnx)));
    expect(meta.evaluation.onnxruntime.mismatches).toBe(0);
  });

  it("refuses a float graph with an operator outside the family, naming it and its node", async () => {
    const bytes = encodeModel({
      irVersion: 10,
      opsetImport: [{ version: 21 }],
      graph: {
        node: [{ name: "squash", opType: "Sigmoid", input: ["x"], output: ["y"] }],
        input: [{ name: "x" }],
        output: [{ name: "y" }],
      },
    });
    await writeFile(join(dir, "sigmoid.onnx"), bytes);
    const { io, err } = capture();
    const code = await runCli(
      [
        "quantize",
        "--float",
        join(dir, "sigmoid.onnx"),
        "--calib",
        join(dir, "calib.json"),
        "--out",
        join(dir, "no"),
      ],
      io,
    );
    expect(code).toBe(1);
    expect(err.join("\n")).toMatch(
      /quantize failed: node squash \(Sigmoid\): operator Sigmoid is not supported \(supported: Conv, MaxPool, AveragePool, Add, Relu, Gemm, MatMul/,
    );
  });
});
