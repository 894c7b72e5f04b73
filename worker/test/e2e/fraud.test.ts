/**
 * A worker that cheats (started through the test-only helpers/cheating-worker.ts,
 * which runs its models through a corrupting runner) is caught by a watch-mode worker, which challenges,
 * proves the wrong neuron on chain, and collects its share of the slash. Both
 * sides play automatically: the cheater's worker even defends itself.
 */
import { join } from "node:path";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS } from "../helpers/anvil.js";
import { randomInt8, rng } from "../helpers/model.js";
import { reached, waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

/** The worker's start with the test-only corrupting runner (helpers/cheat.ts). */
const CHEATING_WORKER = "worker/test/helpers/cheating-worker.ts";

describe("a cheating worker is caught by a watcher", () => {
  let s: Scenario;
  let cheater: WorkerProcess;
  let watcher: WorkerProcess;
  const L = 3; // the scenario's model is 16-32-32-4
  let cheaterConfigFor: (layer: number) => Record<string, unknown>;

  beforeAll(async () => {
    s = await openScenario({ providers: [1], disputeGame: true });
    await s.net.giveTokens(s.net.address(3), parseUnits("100", 18));
    const cheaterConfig = (layer: number) =>
      workerConfig(s, "cheater", {
        // Collateral is fixed by the job (5 tUSD locks 50 VRT on the devnet), whatever the bid.
        pricing: {
          costPerComputeUnit: "0.5",
          fixedCostPerJob: "0",
          marginBps: 0,
          minPrice: "2000000",
        },
        testing: { corruptActivation: { layer, index: 0 } },
      });
    cheaterConfigFor = cheaterConfig;
    cheater = new WorkerProcess(
      await writeWorkerConfig(join(s.tmp, "cheater"), cheaterConfig(L)),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] },
      CHEATING_WORKER,
    );
    watcher = new WorkerProcess(
      await writeWorkerConfig(
        join(s.tmp, "watcher"),
        workerConfig(s, "watcher", { bidding: { enabled: false }, watch: { enabled: true } }),
      ),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[3] },
    );
    cheater.start();
    watcher.start();
    await waitFor(
      "workers start",
      async () =>
        (await cheater.events("worker_started")).length > 0 &&
        (await watcher.events("worker_started")).length > 0,
      60_000,
    ).catch(async (e) => {
      throw new Error(
        `${e}\n--- cheater\n${await cheater.tail()}\n--- watcher\n${await watcher.tail()}`,
      );
    });
  });

  afterAll(async () => {
    await cheater?.kill("SIGTERM");
    await watcher?.kill("SIGTERM");
    await s?.close();
  });

  it("challenges a wrong output, proves the neuron, and the cheater is slashed", async () => {
    const cheaterAddress = s.net.address(1);
    const watcherAddress = s.net.address(3);
    const watcherBefore = await s.net.tokenBalance(s.net.deployment.token, watcherAddress);
    const jobId = await s.net.postJob(s.modelId, randomInt8(rng(11), 16));
    // Kill the cheater as soon as its result is on chain: it must defend from its trace on disk.
    await waitFor(
      "submitted",
      async () => reached((await s.net.job(jobId)).status, "Submitted"),
      120_000,
    );
    await cheater.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 2000));
    cheater.start();
    await waitFor(
      "rejected",
      async () => (await s.net.job(jobId)).status === "Rejected",
      150_000,
    ).catch(async (e) => {
      throw new Error(
        `${e}\n--- cheater\n${await cheater.tail(30)}\n--- watcher\n${await watcher.tail(30)}`,
      );
    });
    const disputes = await s.net.disputeEvents();
    const names = disputes.map((e) => e.eventName);
    expect(names).toEqual(
      expect.arrayContaining([
        "DisputeOpened",
        "DisputeResponded",
        "NeuronProven",
        "DisputeResolved",
      ]),
    );
    const opened = disputes.find((e) => e.eventName === "DisputeOpened");
    expect(opened?.eventName === "DisputeOpened" && opened.args.layer).toBe(BigInt(L));
    const resolved = disputes.find((e) => e.eventName === "DisputeResolved");
    expect(resolved?.eventName === "DisputeResolved" && resolved.args.winner).toBe(watcherAddress);

    const slashes = (await s.net.stakingEvents()).filter((e) => e.eventName === "Slashed");
    const collateral = (await s.net.job(jobId)).collateral;
    expect(collateral).toBe(parseUnits("50", 18));
    expect(
      slashes.every((e) => e.eventName === "Slashed" && e.args.provider === cheaterAddress),
    ).toBe(true);
    expect(
      slashes.reduce((sum, e) => sum + (e.eventName === "Slashed" ? e.args.amount : 0n), 0n),
    ).toBe(collateral);
    expect((await s.net.stake(cheaterAddress)).bonded).toBe(parseUnits("10000", 18) - collateral);

    // The watcher gets half the slash and, once it claims, its bond back.
    await waitFor(
      "watcher reward and bond",
      async () =>
        (await s.net.tokenBalance(s.net.deployment.token, watcherAddress)) ===
        watcherBefore + collateral / 2n,
      60_000,
    ).catch(async (e) => {
      throw new Error(`${e}\n--- watcher\n${await watcher.tail(30)}`);
    });
    expect((await cheater.events("dispute_responded")).length).toBe(1);
    expect((await watcher.events("watch_neuron_proved")).length).toBe(1);
  });

  // A wrong HIDDEN layer changes the trace root; the provider's published layer hashes
  // (ResultSubmitted.layerHashes) let the watcher name the first wrong layer and prove it.
  it("challenges a wrong hidden layer at the first layer that differs", async () => {
    await cheater.kill("SIGTERM");
    await writeWorkerConfig(join(s.tmp, "cheater"), cheaterConfigFor(1));
    cheater.start();
    await waitFor(
      "cheater restart",
      async () => (await cheater.events("worker_started")).length >= 3,
      60_000,
    );
    const jobId = await s.net.postJob(s.modelId, randomInt8(rng(12), 16));
    await waitFor(
      "rejected",
      async () => (await s.net.job(jobId)).status === "Rejected",
      150_000,
    ).catch(async (e) => {
      throw new Error(
        `${e}\n--- cheater\n${await cheater.tail(30)}\n--- watcher\n${await watcher.tail(30)}`,
      );
    });
    const disputes = await s.net.disputeEvents();
    const opened = disputes.filter(
      (e) => e.eventName === "DisputeOpened" && e.args.jobId === jobId,
    );
    expect(opened).toHaveLength(1);
    expect(opened[0]?.eventName === "DisputeOpened" && opened[0].args.layer).toBe(1n);
    const proven = disputes.find((e) => e.eventName === "NeuronProven" && e.args.jobId === jobId);
    expect(
      proven?.eventName === "NeuronProven" && proven.args.computed !== proven.args.claimed,
    ).toBe(true);
    const slashed = (await s.net.stakingEvents()).filter(
      (e) =>
        e.eventName === "Slashed" && e.args.jobId === jobId && e.args.provider === s.net.address(1),
    );
    expect(slashed.length).toBeGreaterThan(0);
  });

  // Issue 10, attack 2: the challengers' share is a pot split among the disputes open at the
  // conviction. A second watcher joins a job already disputed (its expected share is half the
  // pot); whichever dispute convicts, the other is stale: closed at once (by its own watcher, or
  // by its next move) with its bond back and the other half of the pot, and the cheater stops
  // defending it.
  it("splits the reward pot between two watchers; the stale dispute is closed and claimed", async () => {
    const second = new WorkerProcess(
      await writeWorkerConfig(
        join(s.tmp, "watcher2"),
        workerConfig(s, "watcher2", { bidding: { enabled: false }, watch: { enabled: true } }),
      ),
      { VERITY_PRIVATE_KEY: ANVIL_KEYS[4] },
    );
    await s.net.giveTokens(s.net.address(4), parseUnits("100", 18));
    second.start();
    try {
      await waitFor(
        "second watcher",
        async () => (await second.events("worker_started")).length > 0,
        60_000,
      );
      const watchers = [s.net.address(3), s.net.address(4)];
      const before = await Promise.all(
        watchers.map((w) => s.net.tokenBalance(s.net.deployment.token, w)),
      );
      const jobId = await s.net.postJob(s.modelId, randomInt8(rng(13), 16));
      await waitFor(
        "rejected",
        async () => (await s.net.job(jobId)).status === "Rejected",
        150_000,
      ).catch(async (e) => {
        throw new Error(
          `${e}\n--- cheater\n${await cheater.tail(30)}\n--- watcher\n${await watcher.tail(30)}\n--- watcher2\n${await second.tail(30)}`,
        );
      });
      const disputes = (await s.net.disputeEvents()).filter(
        (e) => "jobId" in e.args && e.args.jobId === jobId,
      );
      const opened = disputes.filter((e) => e.eventName === "DisputeOpened");
      expect(
        opened.map((e) => (e.eventName === "DisputeOpened" ? e.args.challenger : "")).sort(),
      ).toEqual([...watchers].sort());
      const funded = disputes.find((e) => e.eventName === "RewardPotFunded");
      expect(funded?.eventName === "RewardPotFunded" && funded.args.shares).toBe(2n);

      // Each gets its bond back and half the pot (the challenger share, half the collateral).
      const collateral = (await s.net.job(jobId)).collateral;
      for (const [i, w] of watchers.entries()) {
        await waitFor(
          `watcher ${w} paid`,
          async () =>
            (await s.net.tokenBalance(s.net.deployment.token, w)) ===
            (before[i] as bigint) + collateral / 4n,
          60_000,
        ).catch(async (e) => {
          throw new Error(
            `${e}\n--- watcher\n${await watcher.tail(30)}\n--- watcher2\n${await second.tail(30)}`,
          );
        });
      }
      // The losing racer's dispute ended stale (closed by its watcher, or by its next move).
      const stale = (await s.net.disputeEvents()).filter(
        (e) => e.eventName === "DisputeStale" && e.args.jobId === jobId,
      );
      expect(stale).toHaveLength(1);
    } finally {
      await second.kill("SIGTERM");
    }
  });
});
