import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execute } from "@verity/model/executor";
import { stringifyModel } from "@verity/model/model-file";
import type { Model, VerityClient } from "@verity/sdk";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { ModelRefusedError } from "../../src/errors.js";
import { loadModel, loadModels } from "../../src/inference/models.js";
import { ModelRunner } from "../../src/inference/runner.js";
import { buildTrace } from "../../src/inference/trace.js";
import { createLogger } from "../../src/log.js";
import { randomInt8, randomModel, rng, writeModel } from "../helpers/model.js";

async function fixture() {
  const dir = await mkdtemp(join(tmpdir(), "verity-models-"));
  const files = await writeModel(dir, "m", randomModel([16, 24, 8], 5));
  const onchain: Model = {
    id: 1n,
    publisher: "0x0000000000000000000000000000000000000001",
    kind: "IntegerDense",
    layerCount: 2,
    active: true,
    computeUnits: files.computeUnits,
    artifactHash: files.artifactHash,
    weightCommitment: files.weightCommitment,
    bond: 0n,
  };
  return { dir, files, onchain, path: join(dir, "m.onnx") };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ModelRefusedError);
    return (error as ModelRefusedError).reason;
  }
  throw new Error("the model was accepted");
}

describe("model loading", () => {
  it("accepts the registered model and runs it exactly like the reference", async () => {
    const { path, onchain, files } = await fixture();
    const held = await loadModel(1n, path, onchain);
    const runner = await ModelRunner.create(held, { threads: 1 });
    await runner.warm(3);
    const input = randomInt8(rng(9), 16);
    const activations = await runner.run(input);
    expect(activations).toEqual(execute(files.model, input));
    expect(buildTrace(activations).traceRoot).toMatch(/^0x[0-9a-f]{64}$/);
    await runner.release();
  });

  it("serializes runs started together, and one bad input fails alone", async () => {
    const { path, onchain, files } = await fixture();
    const runner = await ModelRunner.create(await loadModel(1n, path, onchain), { threads: 1 });
    const inputs = Array.from({ length: 6 }, (_, i) => randomInt8(rng(20 + i), 16));
    const runs = inputs.map((input, i) => runner.run(i === 2 ? new Int8Array(3) : input));
    const outcomes = await Promise.allSettled(runs);
    for (const [i, outcome] of outcomes.entries()) {
      if (i === 2) {
        expect(outcome.status).toBe("rejected");
        expect(String((outcome as PromiseRejectedResult).reason)).toMatch(
          /takes 16 int8 inputs, got 3/,
        );
      } else {
        expect(outcome).toEqual({
          status: "fulfilled",
          value: execute(files.model, inputs[i] as Int8Array),
        });
      }
    }
    // The runner still serves after the failure.
    expect(await runner.run(inputs[0] as Int8Array)).toEqual(
      execute(files.model, inputs[0] as Int8Array),
    );
    await runner.release();
  });

  it("refuses a file whose hash is not the registered artifact hash", async () => {
    const { path, onchain } = await fixture();
    const reason = await refusal(
      loadModel(1n, path, { ...onchain, artifactHash: `0x${"11".repeat(32)}` as Hex }),
    );
    expect(reason).toMatch(/artifact hash mismatch/);
  });

  it("refuses weights that do not match the registered commitment", async () => {
    const { path, onchain } = await fixture();
    const reason = await refusal(
      loadModel(1n, path, { ...onchain, weightCommitment: `0x${"22".repeat(32)}` as Hex }),
    );
    expect(reason).toMatch(/weight commitment mismatch/);
  });

  it("refuses an ONNX file that is not the export of its .verity.json", async () => {
    const { dir, path, onchain } = await fixture();
    // Same registered commitment, but a JSON form describing other weights.
    await writeFile(join(dir, "m.verity.json"), stringifyModel(randomModel([16, 24, 8], 6)));
    const reason = await refusal(loadModel(1n, path, onchain));
    expect(reason).toMatch(/weight commitment mismatch|not the ONNX export/);
  });

  it("refuses a missing file and a float model", async () => {
    const { dir, onchain, path } = await fixture();
    expect(await refusal(loadModel(1n, join(dir, "absent.onnx"), onchain))).toMatch(/cannot read/);
    expect(await refusal(loadModel(1n, path, { ...onchain, kind: "Float" }))).toMatch(/float/);
  });

  it("serves the good models and logs why it refuses the others", async () => {
    const { dir, onchain } = await fixture();
    const { id: _, kind: __, ...raw } = onchain;
    const registry = new Map([
      [1n, { ...raw, kind: 1 }],
      [2n, { ...raw, kind: 1, artifactHash: `0x${"33".repeat(32)}` as Hex }],
    ]);
    // The SDK's getModel over a registry that answers like the contract (kind as its enum value).
    const sdk = {
      deployment: { modelRegistry: "0x0000000000000000000000000000000000000002" },
      publicClient: {
        readContract: async ({ args: [id] }: { args: [bigint] }) => {
          const model = registry.get(id);
          if (!model) throw new Error("ModelRegistryUnknownModel");
          return model;
        },
      },
    } as unknown as VerityClient;
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ write: (l) => lines.push(JSON.parse(l)) });
    const held = await loadModels(
      [
        { id: 1n, file: "m.onnx" },
        { id: 2n, file: "m.onnx" },
        { id: 3n, file: "m.onnx" },
      ],
      dir,
      sdk,
      log,
    );
    expect([...held.keys()]).toEqual([1n]);
    const refused = lines.filter((l) => l.event === "model_refused");
    expect(refused.map((l) => l.modelId)).toEqual(["2", "3"]);
    expect(refused[0]?.reason).toMatch(/artifact hash mismatch/);
    expect(refused[1]?.reason).toMatch(/not registered/);
  });
});
