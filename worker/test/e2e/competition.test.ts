/** Two workers bid on the same jobs: the cheaper one wins every auction, the other loses nothing. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime } from "../helpers/anvil.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

describe("two workers compete", () => {
  let s: Scenario;
  let cheap: WorkerProcess;
  let dear: WorkerProcess;

  beforeAll(async () => {
    s = await openScenario({ providers: [1, 2] });
    const pricing = (cost: string) => ({
      costPerComputeUnit: cost,
      fixedCostPerJob: "100000",
      marginBps: 2000,
      minPrice: "1000",
    });
    cheap = new WorkerProcess(
      await writeWorkerConfig(
        join(s.tmp, "cheap"),
        workerConfig(s, "cheap", { pricing: pricing("0.5") }),
      ),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] },
    );
    dear = new WorkerProcess(
      await writeWorkerConfig(
        join(s.tmp, "dear"),
        workerConfig(s, "dear", { pricing: pricing("2") }),
      ),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[2] },
    );
    cheap.start();
    dear.start();
    await waitFor(
      "workers start",
      async () =>
        (await cheap.events("worker_started")).length > 0 &&
        (await dear.events("worker_started")).length > 0,
      60_000,
    );
  });

  afterAll(async () => {
    await cheap?.kill("SIGTERM");
    await dear?.kill("SIGTERM");
    await s?.close();
  });

  it("assigns every job to the cheaper worker, at its price", async () => {
    const random = rng(3);
    const jobs = [
      await s.net.postJob(s.modelId, randomInt8(random, 16)),
      await s.net.postJob(s.modelId, randomInt8(random, 16)),
    ];
    for (const jobId of jobs) {
      await waitFor(
        "submitted",
        async () => reached((await s.net.job(jobId)).status, "Submitted"),
        90_000,
      ).catch(async (e) => {
        throw new Error(`${e}\n--- cheap\n${await cheap.tail()}\n--- dear\n${await dear.tail()}`);
      });
    }
    const events = await s.net.marketEvents();
    for (const jobId of jobs) {
      const reveals = events.filter((e) => e.eventName === "BidRevealed" && e.args.jobId === jobId);
      expect(
        reveals.map((e) => (e.eventName === "BidRevealed" ? e.args.bidder : undefined)).sort(),
      ).toEqual([s.net.address(1), s.net.address(2)].sort());
      const prices = new Map(
        reveals.map((e) =>
          e.eventName === "BidRevealed" ? [e.args.bidder, e.args.price] : ["", 0n],
        ),
      );
      const job = await s.net.job(jobId);
      expect(job.provider).toBe(s.net.address(1));
      expect(job.price).toBe(prices.get(s.net.address(1)));
      expect(prices.get(s.net.address(1))).toBeLessThan(prices.get(s.net.address(2)) as bigint);
    }
    await increaseTime(s.anvil.url, 61);
    for (const jobId of jobs)
      await waitFor(
        "finalized",
        async () => (await s.net.job(jobId)).status === "Finalized",
        30_000,
      );
    // The loser's collateral is free again and nobody was slashed.
    const dearStake = await s.net.stake(s.net.address(2));
    expect(dearStake.locked).toBe(0n);
    expect((await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed")).toEqual([]);
  });
});
