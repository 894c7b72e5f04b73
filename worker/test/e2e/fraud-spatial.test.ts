/**
 * A cheating worker serving a small CNN (conv2d, max pool, conv2d, residual add, average pool,
 * dense) is caught by a watch-mode worker at the spatial layer it corrupts: the watcher names the
 * first wrong layer, the cheater's worker reveals it, and the watcher proves one element wrong
 * with the game's proveConv / provePool / proveAdd. Both sides play automatically.
 */
import { join } from "node:path";
import { createRng, randomLayer } from "@verity/model/random";
import { randomAdd, randomConv2d, randomPool } from "@verity/model/random-spatial";
import type { AnyLayer, AnyModel } from "@verity/model/types";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS } from "../helpers/anvil.js";
import { randomInt8, rng } from "../helpers/model.js";
import { waitFor } from "../helpers/protocol.js";
import { openScenario, type Scenario, workerConfig } from "../helpers/scenario.js";
import { WorkerProcess, writeWorkerConfig } from "../helpers/worker-process.js";

const CHEATING_WORKER = "worker/test/helpers/cheating-worker.ts";

/** Input 1x8x8 -> conv 3x3 pad 1 (4x8x8) -> maxpool 2 (4x4x4) -> conv 3x3 pad 1 -> add a_2 -> avgpool 2 (4x2x2) -> dense 16->4. */
function smallCnn(): AnyModel {
  const r = createRng(5);
  const layers: AnyLayer[] = [
    randomConv2d(r, [1, 8, 8], { Cout: 4, kh: 3, kw: 3, stride: 1, pad: 1, relu: true }),
    randomPool(r, "maxpool", [4, 8, 8], { kh: 2, kw: 2, stride: 2 }),
    randomConv2d(r, [4, 4, 4], { Cout: 4, kh: 3, kw: 3, stride: 1, pad: 1, relu: true }),
    randomAdd(r, [4, 4, 4], 2, { relu: true }),
    randomPool(r, "avgpool", [4, 4, 4], { kh: 2, kw: 2, stride: 2 }),
    randomLayer(r, 16, 4, { relu: false }),
  ];
  return { layers, inputShape: [1, 8, 8] };
}

/** The game's ElementProven kind tag of each spatial layer of smallCnn (1-based layer). */
const KIND_TAG: Record<number, number> = { 1: 1, 2: 2, 4: 4, 5: 3 };

describe("a cheating worker serving a CNN is caught at the spatial layer it corrupts", () => {
  let s: Scenario;
  let cheater: WorkerProcess;
  let watcher: WorkerProcess;
  let starts = 0;
  const cheaterConfig = (layer: number) =>
    workerConfig(s, "cheater", {
      pricing: {
        costPerComputeUnit: "0.5",
        fixedCostPerJob: "0",
        marginBps: 0,
        minPrice: "2000000",
      },
      testing: { corruptActivation: { layer, index: 5 } },
    });

  beforeAll(async () => {
    s = await openScenario({ model: smallCnn(), providers: [1], disputeGame: true });
    await s.net.giveTokens(s.net.address(3), parseUnits("100", 18));
    cheater = new WorkerProcess(
      await writeWorkerConfig(join(s.tmp, "cheater"), cheaterConfig(1)),
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
    watcher.start();
    await waitFor(
      "watcher starts",
      async () => (await watcher.events("worker_started")).length > 0,
      60_000,
    );
  });

  afterAll(async () => {
    await cheater?.kill("SIGTERM");
    await watcher?.kill("SIGTERM");
    await s?.close();
  });

  for (const [layer, seed] of [
    [1, 21],
    [2, 22],
    [4, 23],
    [5, 24],
  ] as const) {
    it(`convicts a wrong ${["", "conv2d", "maxpool", "", "add", "avgpool"][layer]} output (layer ${layer})`, async () => {
      await cheater.kill("SIGTERM");
      await writeWorkerConfig(join(s.tmp, "cheater"), cheaterConfig(layer));
      cheater.start();
      starts += 1;
      await waitFor(
        "cheater starts",
        async () => (await cheater.events("worker_started")).length >= starts,
        60_000,
      );
      const jobId = await s.net.postJob(s.modelId, randomInt8(rng(seed), 64));
      await waitFor(
        "rejected",
        async () => (await s.net.job(jobId)).status === "Rejected",
        180_000,
      ).catch(async (e) => {
        throw new Error(
          `${e}\n--- cheater\n${await cheater.tail(30)}\n--- watcher\n${await watcher.tail(30)}`,
        );
      });
      const disputes = (await s.net.disputeEvents()).filter(
        (e) => "jobId" in e.args && e.args.jobId === jobId,
      );
      const opened = disputes.find((e) => e.eventName === "DisputeOpened");
      expect(opened?.eventName === "DisputeOpened" && opened.args.layer).toBe(BigInt(layer));
      const proven = disputes.find((e) => e.eventName === "ElementProven");
      if (proven?.eventName !== "ElementProven") throw new Error("no ElementProven event");
      expect(proven.args.kind).toBe(KIND_TAG[layer]);
      expect(proven.args.computed).not.toBe(proven.args.claimed);
      const resolved = disputes.find((e) => e.eventName === "DisputeResolved");
      expect(resolved?.eventName === "DisputeResolved" && resolved.args.winner).toBe(
        s.net.address(3),
      );
      const slashed = (await s.net.stakingEvents()).filter(
        (e) =>
          e.eventName === "Slashed" &&
          e.args.jobId === jobId &&
          e.args.provider === s.net.address(1),
      );
      expect(slashed.length).toBeGreaterThan(0);
    });
  }
});
