/**
 * The sample CNN through the protocol: digits posted as jobs, run by the devnet's workers with
 * onnxruntime, finalized and paid, every output the reference executor's bit for bit; and a
 * provider that corrupts one element of a convolution's output is convicted at that layer by the
 * devnet's watcher, with the game's `proveConv`.
 */
import { join } from "node:path";
import { DEVNET_STAKE, devnetProviders } from "@verity/cli/devnet/devnet";
import { fund } from "@verity/cli/devnet/fund";
import {
  classifyOffline,
  digitInput,
  heldOutDigits,
  loadSampleModel,
  MNIST_CNN_MODEL,
  sampleModelFiles,
} from "@verity/cli/devnet/mnist";
import { freePort } from "@verity/cli/devnet/processes";
import { startWorker, type Worker } from "@verity/cli/devnet/workers";
import { execute } from "@verity/model/executor";
import type { AnyModel } from "@verity/model/types";
import { disputeGameAbi, JobFailedError, jobMarketAbi } from "@verity/sdk";
import { bytesToHex, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, devAccounts, requireParts } from "./helpers/devnet.js";

const info = inject("devnet");
const DIGITS = 6;
/** The CNN's first layer is a convolution: the cheater corrupts one element of its output. */
const CONV_LAYER = 1;

let devnet: Connected;
let cnnModelId: bigint;
let model: AnyModel;

describe("the sample CNN through the protocol", () => {
  beforeAll(async () => {
    requireParts("worker providerA", "worker watcher", "MNIST CNN");
    devnet = await connect();
    cnnModelId = BigInt(info.cnnModelId as string);
    model = await loadSampleModel(info.root, MNIST_CNN_MODEL);
  });

  it(`classifies ${DIGITS} held-out digits as the CNN does offline, finalized and paid`, async () => {
    const requester = devnet.client("requester");
    const digits = heldOutDigits(DIGITS, 40);
    const inputs = digits.map((d) => digitInput(model, d));
    const jobIds: bigint[] = [];
    for (const input of inputs) {
      const { jobId } = await requester.postJob({
        modelId: cnnModelId,
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
    for (const [i, result] of results.entries()) {
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
      expect(logits.indexOf(Math.max(...logits))).toBe(classifyOffline(model, input));
    }
    // Paid: each job's provider was credited its payment at finalization.
    const finalized = await devnet.publicClient.getContractEvents({
      address: devnet.deployment.jobMarket,
      abi: jobMarketAbi,
      eventName: "JobFinalized",
      fromBlock: BigInt(devnet.deployment.startBlock),
      strict: true,
    });
    for (const jobId of jobIds) {
      const paid = finalized.find((e) => e.args.jobId === jobId);
      expect(paid?.args.payment ?? 0n).toBeGreaterThan(0n);
    }
  });

  describe("a provider that corrupts a convolution's output", () => {
    let cheater: Worker | undefined;
    beforeAll(async () => {
      await fund(devnet.client("deployer"), { to: devAccounts.cheater.address, vrt: DEVNET_STAKE });
      const cheaterClient = devnet.client("cheater");
      const stake = await cheaterClient.getStake({ provider: devAccounts.cheater.address });
      if (!stake.registered) {
        await cheaterClient.register({ metadata: { name: "cheater", models: [MNIST_CNN_MODEL] } });
      }
      await cheaterClient.stake({ amount: DEVNET_STAKE });
      cheater = await startWorker({
        root: info.root,
        dir: join(info.dir, "workers-cnn"),
        logDir: info.logDir,
        rpcUrl: info.rpcUrl,
        deploymentFile: info.deploymentFile,
        modelId: cnnModelId,
        modelFile: sampleModelFiles(info.root, MNIST_CNN_MODEL).onnx.split("/").at(-1) as string,
        spec: {
          name: "cheater-cnn",
          role: "provider",
          privateKey: devAccounts.cheater.privateKey,
          ...devnetProviders.cheater,
          metricsPort: await freePort(),
          corruptActivation: { layer: CONV_LAYER, index: 0 },
        },
      });
    });
    afterAll(async () => {
      await cheater?.process.stop();
    });

    it("is convicted at the conv layer by the devnet's watcher (proveConv)", async () => {
      const requester = devnet.client("requester");
      const [digit] = heldOutDigits(1, 7);
      if (digit === undefined) throw new Error("no digit");
      const { jobId } = await requester.postJob({
        modelId: cnnModelId,
        input: digitInput(model, digit),
        maxPrice: parseUnits("5", 6),
        approve: "max",
      });
      const outcome = await requester
        .waitForResult({ jobId, pollingInterval: 500, timeout: 360_000 })
        .catch((e: unknown) => e);
      if (!(outcome instanceof JobFailedError)) {
        throw new Error(`the cheater's CNN result for job ${jobId} was not overturned`, {
          cause: outcome,
        });
      }
      expect(outcome.status).toBe("Rejected");
      expect(outcome.job.provider).toBe(devAccounts.cheater.address);
      const game = {
        address: devnet.deployment.disputeGame as `0x${string}`,
        abi: disputeGameAbi,
        fromBlock: BigInt(devnet.deployment.startBlock),
        strict: true,
      } as const;
      const [opened] = await devnet.publicClient.getContractEvents({
        ...game,
        eventName: "DisputeOpened",
        args: { jobId },
      });
      expect(opened?.args.layer).toBe(BigInt(CONV_LAYER));
      expect(opened?.args.challenger).toBe(devAccounts.watcher.address);
      const [proven] = await devnet.publicClient.getContractEvents({
        ...game,
        eventName: "ElementProven",
        args: { jobId },
      });
      expect(proven?.args.kind).toBe(1); // conv2d
      expect(proven?.args.computed).not.toBe(proven?.args.claimed);

      // GraphQL shows the move with the layer's kind and the two values.
      await requester.waitForIndexer({ blockNumber: proven?.blockNumber ?? 0n, timeout: 60_000 });
      const history = await requester.getJobHistory({ jobId });
      const move = history?.disputeMoves.find((m) => m.kind === "ElementProven");
      expect(move).toMatchObject({
        layerKind: "conv2d",
        neuron: proven?.args.element,
        computed: proven?.args.computed,
        claimed: proven?.args.claimed,
      });
    });
  });
});
