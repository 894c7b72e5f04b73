/**
 * 5% of the worker's requests hang for 20 s (a stuck connection, longer than
 * the whole 10 s commit window). Reads are hedged after 750 ms, requests time
 * out in 2 s and are retried, so no reveal is lost; any phase the worker does
 * miss is logged with its cause (`phase_missed`), never silently. It prints how
 * much of each reveal window was left when the reveal was mined.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS } from "../helpers/anvil.js";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

const JOBS = 6;

describe("an RPC where 5% of requests hang for 20 s", () => {
  let s: Scenario;
  let proxy: FaultProxy;
  let worker: WorkerProcess;

  beforeAll(async () => {
    s = await openScenario({ providers: [1] });
    proxy = await startFaultProxy(s.anvil.url, rng(12));
    const files = await writeWorkerConfig(
      join(s.tmp, "w"),
      workerConfig(s, "w", { rpcUrl: proxy.url, rpcTimeoutMs: 2000 }),
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
    proxy.hang(0.05, 20_000);
  });

  afterAll(async () => {
    proxy?.hang(0, 0);
    await worker?.kill("SIGTERM");
    await proxy?.close();
    await s?.close();
  });

  it("loses no reveal and logs every missed phase", async () => {
    const random = rng(8);
    const jobs: bigint[] = [];
    for (let i = 0; i < JOBS; i++) {
      jobs.push(await s.net.postJob(s.modelId, randomInt8(random, 16)));
      await new Promise((r) => setTimeout(r, 1500));
    }
    const me = s.net.address(1);
    const missedFor = async (jobId: bigint) =>
      (await worker.events("phase_missed")).filter((l) => String(l.jobId) === String(jobId));
    // Each job ends up submitted by this worker, or with its miss logged (a later phase too).
    await waitFor(
      "every job submitted by the worker or its miss logged",
      async () => {
        for (const jobId of jobs) {
          const job = await s.net.job(jobId);
          const done =
            (reached(job.status, "Submitted") && job.provider === me) ||
            (await missedFor(jobId)).length > 0;
          if (!done) return false;
        }
        return true;
      },
      240_000,
      1000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${JSON.stringify(proxy.stats)}\n${await worker.tail(80)}`);
    });
    proxy.hang(0, 0);

    const events = await s.net.marketEvents();
    // No reveal lost: every commitment of ours was revealed, none forfeited.
    const key = (e: (typeof events)[number]) => ("jobId" in e.args ? `${e.args.jobId}` : "");
    const commits = events.filter((e) => e.eventName === "BidCommitted" && e.args.bidder === me);
    const reveals = events.filter((e) => e.eventName === "BidRevealed" && e.args.bidder === me);
    const tail = `${JSON.stringify(proxy.stats)}\n${await worker.tail(200)}`;
    expect(reveals.map(key).sort(), tail).toEqual(commits.map(key).sort());
    expect(
      events.filter((e) => e.eventName === "BidForfeited"),
      tail,
    ).toEqual([]);
    // Every job without our result has a logged miss with a cause.
    for (const jobId of jobs) {
      const job = await s.net.job(jobId);
      if (reached(job.status, "Submitted") && job.provider === me) continue;
      const missed = await missedFor(jobId);
      expect(
        missed.length,
        `job ${jobId} (${job.status}) was missed without a log`,
      ).toBeGreaterThan(0);
      for (const m of missed) expect(String(m.cause ?? "")).not.toBe("");
    }
    expect(proxy.stats.hung).toBeGreaterThan(0);
    // The margin: seconds of the reveal window still left when each reveal was mined.
    const left: number[] = [];
    for (const reveal of reveals) {
      const block = await s.net.client.getBlock({ blockNumber: reveal.blockNumber });
      const job = await s.net.job(BigInt(key(reveal)));
      left.push(job.revealDeadline - Number(block.timestamp));
    }
    console.log(
      `hanging proxy: ${JSON.stringify(proxy.stats)}, ${commits.length} commits, ${reveals.length} reveals, ${(await worker.events("phase_missed")).length} missed phases, reveal window left at mining: min ${Math.min(...left)} s of ${left.sort((a, b) => a - b).join(", ")}`,
    );
  }, 400_000);
});
