/**
 * MNIST digits classified through the protocol (posted as jobs, bid on, run by
 * the workers with onnxruntime, finalized) reach the model's offline accuracy:
 * every output is the reference executor's, bit for bit.
 */

import {
  classifyOffline,
  digitInput,
  heldOutDigits,
  loadMnistModel,
} from "@verity/cli/devnet/mnist";
import { argmax, execute } from "@verity/model/executor";
import { bytesToHex, parseUnits } from "viem";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, mnistMeta, requireParts } from "./helpers/devnet.js";

const SAMPLE = Number(process.env.VERITY_E2E_DIGITS ?? 20);
let devnet: Connected;
beforeAll(async () => {
  requireParts("worker providerA");
  devnet = await connect();
});

describe("MNIST through the protocol", () => {
  it(`classifies ${SAMPLE} held-out digits as the model does offline`, async () => {
    const root = inject("devnet").root;
    const model = await loadMnistModel(root);
    const digits = heldOutDigits(SAMPLE, 20);
    const inputs = digits.map((d) => digitInput(model, d));
    const requester = devnet.client("requester");

    // Posted one after another (one account, one nonce sequence), then awaited together.
    const jobIds: bigint[] = [];
    for (const input of inputs) {
      const { jobId } = await requester.postJob({
        modelId: devnet.modelId,
        input,
        maxPrice: parseUnits("5", 6),
        approve: "max",
      });
      jobIds.push(jobId);
    }
    const results = await Promise.all(
      jobIds.map((jobId) =>
        requester.waitForResult({ jobId, pollingInterval: 1000, timeout: 400_000 }),
      ),
    );

    let correct = 0;
    let offlineCorrect = 0;
    results.forEach((result, i) => {
      const input = inputs[i] as Uint8Array;
      const expected = execute(
        model,
        new Int8Array(input.buffer, input.byteOffset, input.length),
      ).at(-1) as Int8Array;
      expect(result.final).toBe(true);
      expect(result.output).toBe(
        bytesToHex(new Uint8Array(expected.buffer, expected.byteOffset, expected.length)),
      );
      const logits = new Int8Array(Buffer.from((result.output as string).slice(2), "hex"));
      const label = digits[i]?.label;
      if (argmax(logits) === label) correct++;
      if (classifyOffline(model, input) === label) offlineCorrect++;
    });
    const accuracy = correct / SAMPLE;
    const offline = (await mnistMeta(root)).evaluation?.intAccuracy ?? 0.95;
    console.log(
      `protocol accuracy ${correct}/${SAMPLE} = ${(accuracy * 100).toFixed(1)}% (offline on this sample ${offlineCorrect}/${SAMPLE}; model's held-out accuracy ${(offline * 100).toFixed(1)}%)`,
    );
    expect(correct).toBe(offlineCorrect);
    // A sample this small can miss a digit or two the held-out 96.9% would get right.
    expect(accuracy).toBeGreaterThanOrEqual(offline - 0.1);
  });
});
