/**
 * Crash safety: the worker is killed with SIGKILL at random moments while it
 * runs more than 20 job lifecycles, and restarted each time. No commitment may
 * go unrevealed, no transaction may revert (no action sent twice), and the
 * provider is never slashed.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime } from "../helpers/anvil.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

const JOBS = 24;
const SEED = Number(process.env.VERITY_TEST_SEED ?? 20_260_523);

describe("SIGKILL at random points of job lifecycles", () => {
  let s: Scenario;
  let worker: WorkerProcess;
  let kills = 0;

  beforeAll(async () => {
    s = await openScenario({ providers: [1] });
    const files = await writeWorkerConfig(
      join(s.tmp, "w"),
      workerConfig(s, "w", { execution: { safetySeconds: 2, warmupRuns: 3 } }),
    );
    worker = new WorkerProcess(files, { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] });
    worker.start();
    await waitFor(
      "worker start",
      async () => (await worker.events("worker_started")).length > 0,
      60_000,
    );
  });

  afterAll(async () => {
    await worker?.kill("SIGKILL");
    await s?.close();
  });

  it(`loses no reveal and is never slashed over ${JOBS} jobs`, async () => {
    const random = rng(SEED);
    let chaos = true;
    // Kill 3-9 s into each life, restart after 0-1 s. A life starts when the worker says it has
    // started, not when its process does: on a busy machine the start-up alone can take most of
    // 3-9 s, and a worker killed every time before it could act would test nothing. One kill in
    // five still lands during start-up itself.
    // worker_started lines logged before the current life began.
    let startedBefore = 0;
    const chaosLoop = (async () => {
      while (chaos) {
        const duringStartup = random() < 0.2;
        if (!duringStartup) {
          await waitFor(
            "the worker started again",
            async () => !chaos || (await worker.events("worker_started")).length > startedBefore,
            120_000,
            100,
          );
        }
        await new Promise((r) => setTimeout(r, (duringStartup ? 0 : 3000) + random() * 6000));
        if (!chaos) break;
        await worker.kill("SIGKILL");
        kills++;
        await new Promise((r) => setTimeout(r, random() * 1000));
        startedBefore = (await worker.events("worker_started")).length;
        worker.start();
      }
    })();

    const jobs: bigint[] = [];
    for (let i = 0; i < JOBS; i++) {
      jobs.push(await s.net.postJob(s.modelId, randomInt8(random, 16), { executionWindow: 120n }));
      await new Promise((r) => setTimeout(r, 1500 + random() * 2000));
    }
    const unbid = new Set<bigint>();
    const settled = async () => {
      const now = Number((await s.net.client.getBlock()).timestamp);
      const read = await Promise.all(jobs.map((id) => s.net.job(id)));
      const statuses = read.map((job) => job.status);
      // A job whose whole commit phase fell while the worker was down (kills landing during slow
      // restarts on a busy machine) got no bid: it ends as the protocol ends it, settled by anyone
      // once its reveal phase is over (Expired). A job with a commit is left to the worker: its
      // reveal is what this test is about. One settle at a time: they come from one account.
      for (const [i, job] of read.entries()) {
        if (job.status === "Bidding" && job.commitCount === 0 && now > job.revealDeadline) {
          await s.net.verity(9).settleAuction({ jobId: job.id });
          unbid.add(job.id);
          statuses[i] = (await s.net.job(job.id)).status;
        }
      }
      // Submitted or past it, or expired without a bid.
      return statuses.every((st) => reached(st, "Submitted")) ? statuses : undefined;
    };
    await waitFor("every job past execution", settled, 240_000, 1000).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(60)}`);
    });
    await increaseTime(s.anvil.url, 61);
    await waitFor(
      "every submitted job finalized",
      async () => {
        const statuses = await Promise.all(jobs.map(async (id) => (await s.net.job(id)).status));
        // None still in flight: every one finalized, expired or rejected.
        return statuses.every((st) => !["Bidding", "Assigned", "Submitted"].includes(st));
      },
      120_000,
      1000,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(60)}`);
    });
    chaos = false;
    await chaosLoop;

    const me = s.net.address(1);
    const events = await s.net.marketEvents();
    const commits = events.filter((e) => e.eventName === "BidCommitted" && e.args.bidder === me);
    const reveals = events.filter((e) => e.eventName === "BidRevealed" && e.args.bidder === me);
    const finalized = events.filter(
      (e) => e.eventName === "JobFinalized" && e.args.provider === me,
    );
    const key = (e: (typeof events)[number]) =>
      e.eventName === "BidCommitted" || e.eventName === "BidRevealed"
        ? `${e.args.jobId}-${e.args.round}`
        : "";
    expect(reveals.map(key).sort()).toEqual(commits.map(key).sort());
    expect(finalized.length).toBeGreaterThanOrEqual(20);
    expect(events.filter((e) => e.eventName === "DeadlineMissed")).toEqual([]);
    expect((await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed")).toEqual([]);
    expect((await s.net.stake(me)).bonded).toBe(10_000n * 10n ** 18n);
    // Every transaction of the worker succeeded: nothing was sent twice.
    const txs = await s.net.transactionsFrom(me);
    expect(txs.filter((t) => t.status !== "success")).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(10);
    console.log(
      `restart test: ${kills} kills, ${commits.length} commits, ${reveals.length} reveals, ${finalized.length} finalized, ${unbid.size} never bid on (the worker down for a whole commit phase), ${txs.length} transactions`,
    );
  });
});
