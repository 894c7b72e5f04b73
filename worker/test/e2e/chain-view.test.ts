/**
 * The worker's view of the chain under a node that lies once (a head 5,000
 * blocks ahead, a head from the past) and under a chain reset (evm_revert to
 * a snapshot taken before it started). Each lie is refused and logged, the
 * reset is detected and its records rolled back, and jobs keep going through.
 */
import { join } from "node:path";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS } from "../helpers/anvil.js";
import { revertTo, snapshot } from "../helpers/chain-faults.js";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

describe("a chain view that cannot be poisoned", () => {
  let s: Scenario;
  let proxy: FaultProxy;
  let worker: WorkerProcess;
  let beforeWorker: Hex;
  const random = rng(77);

  beforeAll(async () => {
    s = await openScenario({ providers: [1] });
    beforeWorker = await snapshot(s.anvil.url);
    proxy = await startFaultProxy(s.anvil.url, rng(3));
    const files = await writeWorkerConfig(
      join(s.tmp, "w"),
      workerConfig(s, "w", { rpcUrl: proxy.url }),
    );
    worker = new WorkerProcess(files, { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] });
    worker.start();
    await waitFor(
      "worker start",
      async () => (await worker.events("worker_started")).length > 0,
      90_000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail()}`);
    });
  });

  afterAll(async () => {
    await worker?.kill("SIGTERM");
    await proxy?.close();
    await s?.close();
  });

  async function postAndWaitSubmitted(): Promise<bigint> {
    const jobId = await s.net.postJob(s.modelId, randomInt8(random, 16));
    await waitFor(
      `job ${jobId} submitted`,
      async () => {
        const job = await s.net.job(jobId);
        return reached(job.status, "Submitted") && job.provider === s.net.address(1);
      },
      90_000,
      500,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(80)}`);
    });
    return jobId;
  }

  it("refuses one head 5,000 blocks ahead and still sees the next job", async () => {
    await postAndWaitSubmitted();
    const head = await s.net.client.getBlockNumber();
    proxy.headAheadOnce(5000);
    const rejected = await waitFor(
      "head_rejected",
      async () => {
        const found = await worker.events("head_rejected");
        return found.length > 0 ? found : undefined;
      },
      30_000,
      200,
    );
    expect(BigInt(String(rejected[0]?.claimed))).toBeGreaterThan(head + 4000n);
    await postAndWaitSubmitted();
    // The cursor never went past the chain.
    const cursors = (await worker.logLines()).map((l) => l.cursor).filter((c) => c !== undefined);
    const chainHead = await s.net.client.getBlockNumber();
    for (const c of cursors) expect(BigInt(String(c))).toBeLessThanOrEqual(chainHead);
  }, 200_000);

  it("refuses a head from the past that the node still serves", async () => {
    const before = (await worker.events("head_rejected")).length;
    const head = await s.net.client.getBlockNumber();
    proxy.headAtOnce(head - 10n);
    await waitFor(
      "head_rejected for a head going backwards",
      async () => (await worker.events("head_rejected")).length > before,
      30_000,
      200,
    );
    expect(await worker.events("chain_rolled_back")).toEqual([]);
    await postAndWaitSubmitted();
  }, 200_000);

  it("detects a chain reset under it, rolls its records back and bids on the new chain", async () => {
    const oldJobs = (await s.net.marketEvents()).filter((e) => e.eventName === "JobPosted").length;
    expect(oldJobs).toBeGreaterThanOrEqual(3);
    expect(await revertTo(s.anvil.url, beforeWorker)).toBe(true);
    // The same job ids again, on a chain that never saw the old jobs.
    const reused = await postAndWaitSubmitted();
    expect(reused).toBeLessThan(BigInt(oldJobs));
    const rollbacks = await worker.events("chain_rolled_back");
    expect(rollbacks.length).toBeGreaterThan(0);
    expect(rollbacks[0]?.kind).toBe("reset");
    expect((await worker.events("job_rolled_back")).length).toBeGreaterThan(0);
    await postAndWaitSubmitted();
  }, 200_000);
});
