/**
 * The fast path through the real worker: it publishes an ask for its model at its pricing's
 * price, a requester takes it through the SDK and the job is assigned in the post, the worker
 * runs it without waiting for confirmations and submits; the worker withdraws its ask when it
 * stops. Prints the blocks from post to result (not asserted: a busy machine varies).
 */
import { join } from "node:path";
import { fund } from "@verity/cli/devnet/fund";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime } from "../helpers/anvil.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

describe("the fast path", () => {
  let s: Scenario;
  let worker: WorkerProcess;
  const random = rng(13);
  const REQUESTER = 9;
  const jobIds: bigint[] = [];

  beforeAll(async () => {
    s = await openScenario({ providers: [1], blockTime: 1 });
    const files = await writeWorkerConfig(
      join(s.tmp, "w"),
      workerConfig(s, "w", { asks: { enabled: true, capacity: 3, ttlSeconds: 120 } }),
    );
    worker = new WorkerProcess(files, { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] });
    worker.start();
    await waitFor(
      "the worker's ask",
      async () => (await worker.events("ask_published")).length > 0,
      120_000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail()}`);
    });
    await fund(s.net.verity(0), { to: s.net.address(REQUESTER), usd: parseUnits("100", 6) });
  });

  afterAll(async () => {
    await worker?.kill("SIGTERM");
    await s?.close();
  });

  it("assigns each job in its post and the worker submits it", async () => {
    const provider = s.net.address(1);
    const requester = s.net.verity(REQUESTER);
    const ask = await requester.getAsk({ provider, modelId: s.modelId });
    expect(ask).toMatchObject({ capacity: 3, takeable: true });
    const [published] = await worker.events("ask_published");
    expect(BigInt(String(published?.price))).toBe(ask.price);

    const latencies: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const posted = await requester.postJobWithAsk({
        modelId: s.modelId,
        input: new Uint8Array(randomInt8(random, 16).buffer),
        maxPrice: parseUnits("1", 6),
        provider,
        approve: "max",
      });
      expect(posted.price).toBe(ask.price);
      let submittedAt = 0n;
      await waitFor(
        `fast job ${posted.jobId} submitted`,
        async () => {
          const job = await s.net.job(posted.jobId);
          if (!reached(job.status, "Submitted")) return false;
          const [event] = (await s.net.marketEvents(posted.receipt.blockNumber)).filter(
            (e) => e.eventName === "ResultSubmitted" && e.args.jobId === posted.jobId,
          );
          submittedAt = event?.blockNumber ?? 0n;
          return true;
        },
        120_000,
        100,
      ).catch(async (e) => {
        throw new Error(`${e}\n${await worker.tail(40)}`);
      });
      latencies.push(submittedAt - posted.receipt.blockNumber);
      expect((await s.net.job(posted.jobId)).provider).toBe(provider);
    }
    console.log(`fast path, post -> result on chain, in blocks: ${latencies.join(", ")}`);
    expect(await worker.events("fast_job_taken")).toHaveLength(5);
    expect(await worker.events("auction_won")).toHaveLength(0);
    jobIds.push(...(await worker.events("fast_job_taken")).map((e) => BigInt(String(e.jobId))));
  });

  it("finalizes the jobs due together, several per finalizeMany transaction", async () => {
    // Every job's window ends at once: the worker finds them due in the same tick or the next
    // (a job whose read of the chain is slow joins the next batch, or goes alone).
    await increaseTime(s.anvil.url, 61);
    const finalized = async () =>
      (await worker.events("job_finalized")).map((e) => BigInt(String(e.jobId)));
    await waitFor(
      "every fast job final, and the worker's log of it",
      async () => {
        for (const jobId of jobIds)
          if ((await s.net.job(jobId)).status !== "Finalized") return false;
        const logged = new Set(await finalized());
        return jobIds.every((id) => logged.has(id));
      },
      120_000,
      100,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(40)}`);
    });
    // Each job finalized once, by the worker, in fewer transactions than jobs, at least one a batch.
    expect((await finalized()).sort()).toEqual([...jobIds].sort());
    const mined = (await worker.events("tx_mined")).map((e) => String(e.label));
    const batches = mined.filter((l) => l === "finalizeMany").length;
    const single = mined.filter((l) => l === "finalize").length;
    expect(batches).toBeGreaterThan(0);
    expect(batches + single).toBeLessThan(jobIds.length);
    expect(await worker.events("finality_batch_reverted")).toHaveLength(0);
  });

  it("withdraws its ask when it stops", async () => {
    await worker.kill("SIGTERM");
    const ask = await s.net
      .verity(REQUESTER)
      .getAsk({ provider: s.net.address(1), modelId: s.modelId });
    expect(ask.capacity).toBe(0);
    expect(ask.takeable).toBe(false);
  });
});
