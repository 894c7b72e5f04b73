/**
 * The fast path through the devnet's two workers: 100 MNIST jobs from one requester, taken from
 * the workers' standing asks (published by `verity devnet`) in waves as their room frees, each
 * assigned in its own post, run and submitted by the workers, every output the model's, and all
 * final after the challenge window (the workers finalize theirs in batches). Prints the posting
 * time, post -> result latency in blocks (p50, p99) and the time until all are final: measured,
 * not asserted (a busy machine varies).
 */

import { digitInput, heldOutDigits, loadMnistModel } from "@verity/cli/devnet/mnist";
import { waitUntil } from "@verity/cli/devnet/processes";
import { execute } from "@verity/model/executor";
import { jobMarketAbi } from "@verity/sdk";
import { type Address, bytesToHex, type Hex, parseUnits } from "viem";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, devAccounts, requireParts } from "./helpers/devnet.js";

const JOBS = 100;
let devnet: Connected;
beforeAll(async () => {
  requireParts("indexer", "worker providerA", "worker providerB");
  devnet = await connect();
});

const quantile = (sorted: bigint[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as bigint;

describe("the fast path on the devnet", () => {
  it(`serves ${JOBS} jobs taken from the workers' asks, each the model's output, all final`, async () => {
    const requester = devnet.client("requester");
    const model = await loadMnistModel(inject("devnet").root);
    const inputs = heldOutDigits(JOBS, 200).map((d) => digitInput(model, d));
    const maxPrice = parseUnits("5", 6);
    const providers: Address[] = [devAccounts.providerA.address, devAccounts.providerB.address];
    const room = async () => {
      let free = 0;
      for (const provider of providers) {
        const ask = await requester.getAsk({ provider, modelId: devnet.modelId });
        if (ask.takeable) free += ask.capacity - ask.active;
      }
      return free;
    };
    await waitUntil("both workers' asks", async () => (await room()) > 0, {
      timeoutMs: 120_000,
      intervalMs: 250,
    });

    // Posted in waves: each as many jobs as the asks have room for, spread by pickAsks.
    const posted: { jobId: bigint; block: bigint; input: Uint8Array }[] = [];
    const started = performance.now();
    while (posted.length < JOBS) {
      let free = 0;
      await waitUntil(
        "room in the asks",
        async () => {
          free = await room();
          return free > 0;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      const wave = inputs.slice(posted.length, posted.length + free);
      const spread = await requester.pickAsks({
        modelId: devnet.modelId,
        maxPrice,
        count: wave.length,
      });
      const { posted: landed } = await requester.postJobs({
        jobs: wave.map((input, i) => ({
          modelId: devnet.modelId,
          input,
          maxPrice,
          provider: spread[i],
        })),
        approve: "max",
      });
      for (const [i, p] of landed.entries()) {
        expect(p.assigned?.provider.toLowerCase()).toBe(spread[i]?.toLowerCase());
        posted.push({ jobId: p.jobId, block: p.receipt.blockNumber, input: wave[i] as Uint8Array });
      }
    }
    const postingSeconds = (performance.now() - started) / 1000;

    // Every result on chain, and each the model's output for its input, byte for byte.
    const fromBlock = posted[0]?.block ?? 0n;
    const submitted = new Map<bigint, { block: bigint; output: Hex }>();
    await waitUntil(
      `results of ${JOBS} fast jobs`,
      async () => {
        const events = await devnet.publicClient.getContractEvents({
          address: devnet.deployment.jobMarket,
          abi: jobMarketAbi,
          eventName: "ResultSubmitted",
          fromBlock,
        });
        for (const e of events) {
          submitted.set(e.args.jobId as bigint, {
            block: e.blockNumber,
            output: e.args.output as Hex,
          });
        }
        return posted.every((p) => submitted.has(p.jobId));
      },
      { timeoutMs: 300_000, intervalMs: 250 },
    );
    const latencies: bigint[] = [];
    for (const p of posted) {
      const result = submitted.get(p.jobId) as { block: bigint; output: Hex };
      const expected = execute(
        model,
        new Int8Array(p.input.buffer, p.input.byteOffset, p.input.length),
      ).at(-1) as Int8Array;
      expect(result.output).toBe(
        bytesToHex(new Uint8Array(expected.buffer, expected.byteOffset, expected.length)),
      );
      latencies.push(result.block - p.block);
    }
    latencies.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    // Final once the window passes: the workers finalize their jobs, several per transaction.
    const window = (await requester.getParameters()).challengeWindow;
    const lastResult = performance.now();
    await waitUntil(
      `${JOBS} fast jobs final`,
      async () => {
        const last = posted.at(-1) as { jobId: bigint };
        if ((await requester.getJob({ jobId: last.jobId })).status !== "Finalized") return false;
        const statuses = await Promise.all(posted.map((p) => requester.getJob({ jobId: p.jobId })));
        return statuses.every((j) => j.status === "Finalized");
      },
      { timeoutMs: (window + 180) * 1000, intervalMs: 250 },
    );
    const finalSeconds = (performance.now() - lastResult) / 1000;
    const finalizeTxs = new Set(
      (
        await devnet.publicClient.getContractEvents({
          address: devnet.deployment.jobMarket,
          abi: jobMarketAbi,
          eventName: "JobFinalized",
          fromBlock,
        })
      )
        .filter((e) => posted.some((p) => p.jobId === e.args.jobId))
        .map((e) => e.transactionHash),
    );
    expect(finalizeTxs.size).toBeLessThan(JOBS);
    console.log(
      `fast path, ${JOBS} jobs: posted in ${postingSeconds.toFixed(1)} s; post -> result in blocks p50 ${quantile(latencies, 0.5)}, p99 ${quantile(latencies, 0.99)}, max ${latencies.at(-1)}; all final ${finalSeconds.toFixed(0)} s after the last result (challenge window ${window} s), in ${finalizeTxs.size} finalize transactions`,
    );
  });
});
