/**
 * Reorgs of depth 1, 3 and 5 that drop the worker's own transactions right
 * after they were mined: its commit, its reveal and its submission. The worker
 * reads each phase from the chain again (a zero commitment is "not
 * committed"), re-syncs its nonce and sends again in time, and its next job
 * goes through as if nothing happened.
 */
import { join } from "node:path";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, increaseTime, mine } from "../helpers/anvil.js";
import { reorgDropping } from "../helpers/chain-faults.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

type Phase = "BidCommitted" | "BidRevealed" | "ResultSubmitted";

describe("reorgs that drop the worker's transactions", () => {
  let s: Scenario;
  let worker: WorkerProcess;
  const random = rng(31);

  beforeAll(async () => {
    // Two-second blocks: a transaction seen mined is still in the newest block when the reorg comes.
    // Windows longer than the deepest reorg, as on any real network (the production profile's
    // commit window is 2 minutes): anvil re-mines a reorg's blocks at the fork point's timestamp,
    // so a depth-5 reorg of 2 s blocks moves a re-mined post's deadlines 10 s earlier, and the
    // devnet's 10 s commit window would close before anyone could commit again.
    s = await openScenario({
      providers: [1],
      blockTime: 2,
      auctionWindows: { commit: 30, reveal: 20 },
    });
    const files = await writeWorkerConfig(join(s.tmp, "w"), workerConfig(s, "w"));
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
    await s?.close();
  });

  const phases: Phase[] = ["BidCommitted", "BidRevealed", "ResultSubmitted"];

  /** The worker's own events of `jobId` that the chain holds now. */
  async function myEvents(jobId: bigint) {
    const me = s.net.address(1);
    return (await s.net.marketEvents()).filter(
      (e) =>
        phases.includes(e.eventName as Phase) &&
        "jobId" in e.args &&
        e.args.jobId === jobId &&
        ("bidder" in e.args ? e.args.bidder : (e.args as { provider: string }).provider) === me,
    );
  }

  /**
   * Once the worker's commit (or reveal) of `jobId` is on chain, what is left of that window holds
   * nothing to test: move the clock to its end rather than wait it out in real time. Never before
   * the worker acted, so every deadline the worker must meet is met on the chain's own clock.
   */
  async function skipWindowOnceActed(jobId: bigint, until: Phase): Promise<void> {
    const job = await s.net.job(jobId);
    if (job.status !== "Bidding") return;
    const now = Number((await s.net.client.getBlock()).timestamp);
    const acted = (await myEvents(jobId)).map((e) => e.eventName);
    const skip = (phase: Phase, deadline: number) =>
      phases.indexOf(phase) < phases.indexOf(until) && acted.includes(phase) && now <= deadline
        ? deadline - now + 1
        : 0;
    const seconds =
      skip("BidCommitted", job.commitDeadline) || skip("BidRevealed", job.revealDeadline);
    if (seconds > 0) await increaseTime(s.anvil.url, seconds);
  }

  /** Waits for the worker's `phase` event of `jobId`, then reorgs it away; returns what was dropped. */
  async function dropOnceMined(jobId: bigint, phase: Phase, depth: number): Promise<Hex[]> {
    const me = s.net.address(1);
    await waitFor(
      `${phase} of job ${jobId}`,
      async () => {
        if ((await myEvents(jobId)).some((e) => e.eventName === phase)) return true;
        await skipWindowOnceActed(jobId, phase);
        return false;
      },
      120_000,
      100,
    );
    // Only this phase's transaction may go: the worker's earlier ones for the job (its commit
    // before a reveal, its reveal before a result) must stay deeper than the reorg. Their windows
    // may be over by now (the clock was moved past them), and a reorg that dropped them too would
    // test a job nobody can bid on any more, not the worker. So mine until they are deep enough.
    let deepest = 0n;
    for (const e of await myEvents(jobId)) {
      const earlier = phases.indexOf(e.eventName as Phase) < phases.indexOf(phase);
      if (earlier && e.blockNumber + BigInt(depth) > deepest)
        deepest = e.blockNumber + BigInt(depth);
    }
    while ((await s.net.client.getBlockNumber({ cacheTime: 0 })) < deepest) await mine(s.anvil.url);
    const dropped = await reorgDropping(s.anvil.url, depth, me);
    expect(
      dropped.length,
      `the reorg of depth ${depth} dropped the worker's ${phase}`,
    ).toBeGreaterThan(0);
    return dropped;
  }

  async function submittedByMe(jobId: bigint): Promise<void> {
    await waitFor(
      `job ${jobId} submitted`,
      async () => {
        const job = await s.net.job(jobId);
        if (reached(job.status, "Submitted") && job.provider === s.net.address(1)) return true;
        await skipWindowOnceActed(jobId, "ResultSubmitted");
        return false;
      },
      150_000,
      500,
    ).catch(async (e) => {
      throw new Error(`${e}\n${await worker.tail(80)}`);
    });
  }

  const cases: { depth: number; phase: Phase }[] = [
    { depth: 1, phase: "BidCommitted" },
    { depth: 3, phase: "BidCommitted" },
    { depth: 5, phase: "BidCommitted" },
    { depth: 3, phase: "BidRevealed" },
    { depth: 5, phase: "ResultSubmitted" },
  ];
  /**
   * How the worker can notice: still waiting for the receipt, it re-sends (`tx_resent`); after
   * the receipt, the next tick reads the phase from the chain (`bid_*_dropped`), or the sender
   * finds its nonce ahead of the chain (`nonce_resynced`, `tx_dropped`).
   */
  const noticed = [
    "tx_resent",
    "bid_commit_dropped",
    "bid_reveal_dropped",
    "nonce_resynced",
    "tx_dropped",
  ];
  const notices = async () =>
    (await worker.logLines()).filter((l) => noticed.includes(String(l.event))).length;

  for (const { depth, phase } of cases) {
    it(`a depth-${depth} reorg dropping the ${phase} costs nothing`, async () => {
      const before = await notices();
      // The reorg re-mines everyone's transactions but the worker's: the job itself stays.
      const jobId = await s.net.postJob(s.modelId, randomInt8(random, 16));
      const dropped = await dropOnceMined(jobId, phase, depth);
      await submittedByMe(jobId);
      expect(await notices()).toBeGreaterThan(before);
      // The dropped transaction stays dropped: what the chain holds now was sent again.
      const again = (await myEvents(jobId)).filter((e) => e.eventName === phase);
      expect(again).toHaveLength(1);
      expect(dropped).not.toContain(again[0]?.transactionHash);
    }, 300_000);
  }

  it("settles every job afterwards, with no slash and no missed phase", async () => {
    const next = await s.net.postJob(s.modelId, randomInt8(random, 16));
    await submittedByMe(next);
    const me = s.net.address(1);
    // A result sent again after a reorg opens its challenge window later in chain time: rather
    // than wait it out in real time, move the clock past it whenever every unfinished job is
    // Submitted (nothing else can be affected by the jump) and let the worker finalize.
    await waitFor(
      "every job finalized",
      async () => {
        const posted = (await s.net.marketEvents()).filter((e) => e.eventName === "JobPosted") as {
          args: { jobId: bigint };
        }[];
        const statuses = await Promise.all(
          posted.map(async (e) => (await s.net.job(e.args.jobId)).status),
        );
        const open = statuses.filter((st) => st !== "Finalized");
        if (open.length === 0) return true;
        if (open.every((st) => st === "Submitted")) await increaseTime(s.anvil.url, 61);
        return false;
      },
      200_000,
      2_000,
    ).catch(async (e) => {
      const jobs = (await s.net.marketEvents()).filter((e) => e.eventName === "JobPosted") as {
        args: { jobId: bigint };
      }[];
      const statuses = await Promise.all(
        jobs.map(async (j) => `${j.args.jobId}: ${(await s.net.job(j.args.jobId)).status}`),
      );
      throw new Error(`${e} (jobs ${statuses.join(", ")})\n${await worker.tail(80)}`);
    });
    expect((await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed")).toEqual([]);
    expect(
      (await s.net.marketEvents()).filter(
        (e) => e.eventName === "BidForfeited" || e.eventName === "DeadlineMissed",
      ),
    ).toEqual([]);
    expect(await worker.events("phase_missed")).toEqual([]);
    const txs = await s.net.transactionsFrom(me);
    expect(txs.filter((t) => t.status !== "success")).toEqual([]);
  }, 420_000);
});
