/**
 * The worker talks to the node through a proxy that drops 20% of requests
 * (before the node sees them, after it acted, or with a 503). Every job still
 * completes, no transaction is sent twice or reverts, and nothing is slashed.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime } from "../helpers/anvil.js";
import { type FlakyProxy, startFlakyProxy } from "../helpers/flaky-proxy.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

const JOBS = 6;

describe("an RPC that drops 20% of requests", () => {
  let s: Scenario;
  let proxy: FlakyProxy;
  let worker: WorkerProcess;

  beforeAll(async () => {
    s = await openScenario({ providers: [1] });
    proxy = await startFlakyProxy(s.anvil.url, 0.2, rng(99));
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

  it("completes every job exactly once", async () => {
    const random = rng(5);
    const jobs: bigint[] = [];
    for (let i = 0; i < JOBS; i++) {
      jobs.push(await s.net.postJob(s.modelId, randomInt8(random, 16)));
      await new Promise((r) => setTimeout(r, 1000));
    }
    await waitFor(
      "every job submitted",
      async () =>
        (await Promise.all(jobs.map(async (id) => (await s.net.job(id)).status))).every((st) =>
          reached(st, "Submitted"),
        ),
      150_000,
      1000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(60)}`);
    });
    await increaseTime(s.anvil.url, 61);
    await waitFor(
      "every job finalized",
      async () =>
        (await Promise.all(jobs.map(async (id) => (await s.net.job(id)).status))).every(
          (st) => st === "Finalized",
        ),
      90_000,
      1000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(60)}`);
    });

    const me = s.net.address(1);
    const events = await s.net.marketEvents();
    const count = (name: string) =>
      events.filter(
        (e) => e.eventName === name && "jobId" in e.args && jobs.includes(e.args.jobId as bigint),
      ).length;
    expect(count("BidCommitted")).toBe(JOBS);
    expect(count("BidRevealed")).toBe(JOBS);
    expect(count("JobAssigned")).toBe(JOBS);
    expect(count("ResultSubmitted")).toBe(JOBS);
    expect(count("JobFinalized")).toBe(JOBS);
    const txs = await s.net.transactionsFrom(me);
    expect(txs.filter((t) => t.status !== "success")).toEqual([]);
    // Commit, reveal, settle and submit per job; finality in one to JOBS transactions (the jobs
    // due in the same tick are finalized together); plus claims. Each action once: its event
    // counts above, and no transaction failed.
    expect(txs.length).toBeGreaterThanOrEqual(JOBS * 4 + 1);
    expect(txs.length).toBeLessThanOrEqual(JOBS * 6);
    expect((await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed")).toEqual([]);
    expect(
      proxy.stats.droppedAfter + proxy.stats.droppedBefore + proxy.stats.unavailable,
    ).toBeGreaterThan(20);
    console.log(`flaky proxy: ${JSON.stringify(proxy.stats)}, ${txs.length} worker transactions`);
  });
});
