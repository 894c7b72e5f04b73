import { readdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordSlash, restoreMoneyCounters } from "../../src/metrics/money.js";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";
import { openStore } from "../helpers/store.js";

async function value(
  metrics: ReturnType<typeof createWorkerMetrics>,
  name: string,
  reason?: string,
) {
  const metric = metrics.registry.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  return values.find((v) => reason === undefined || v.labels.reason === reason)?.value;
}

describe("money counters", () => {
  it("stay monotone across a restart and count a replayed event once", async () => {
    const { dir, store } = await openStore();
    const metrics = createWorkerMetrics();
    const ctx = { metrics, store };
    await recordSlash(ctx, "missed_deadline", 1_500_000_000_000_000n, "0xabc:3");
    await recordSlash(ctx, "missed_deadline", 1_500_000_000_000_000n, "0xabc:3"); // replayed
    await recordSlash(ctx, "unrevealed_bid", 10n ** 18n, "0xdef:0");
    expect(await value(metrics, "verity_worker_slashes_total", "missed_deadline")).toBe(1);
    expect(await value(metrics, "verity_worker_slashed_vrt_total", "missed_deadline")).toBe(0.0015);

    const { store: restarted } = await openStore(dir);
    const after = createWorkerMetrics();
    restoreMoneyCounters(after, restarted.counters);
    expect(await value(after, "verity_worker_slashes_total", "missed_deadline")).toBe(1);
    expect(await value(after, "verity_worker_slashed_vrt_total", "missed_deadline")).toBe(0.0015);
    expect(await value(after, "verity_worker_slashed_vrt_total", "unrevealed_bid")).toBe(1);
    // The replay is still known after the restart.
    await recordSlash({ metrics: after, store: restarted }, "missed_deadline", 1n, "0xabc:3");
    expect(await value(after, "verity_worker_slashes_total", "missed_deadline")).toBe(1);
  });
});

describe("record retention", () => {
  it("drops a skipped job's input at once and every record of a done job after the retention", async () => {
    const { dir, store } = await openStore();
    const base = {
      modelId: 1n,
      inputHash: "0x00" as const,
      maxPrice: 5n,
      executionWindow: 60n,
      postedBlock: 1n,
    };
    await store.jobs.put({ ...base, jobId: 1n, input: `0x${"ab".repeat(1024)}`, done: true });
    await store.jobs.put({ ...base, jobId: 2n, done: true });
    await store.jobs.put({ ...base, jobId: 3n, done: false });
    await store.bids.put({
      jobId: 2n,
      round: 0,
      price: 1n,
      salt: "0x01",
      commitment: "0x02",
      state: "revealed",
      createdAt: 0,
    });
    await store.keepInput(2n, new Uint8Array([1, 2, 3]));

    expect(await store.prune(7 * 86_400_000)).toBe(0);
    expect(store.jobs.get("1")?.input).toBeUndefined();
    expect(store.jobs.get("2")).toBeDefined();

    const old = new Date(Date.now() - 8 * 86_400_000);
    for (const id of ["1", "2", "3"]) await utimes(join(dir, "jobs", `${id}.json`), old, old);
    expect(await store.prune(7 * 86_400_000)).toBe(2);
    expect(store.jobs.values().map((j) => j.jobId)).toEqual([3n]);
    expect(store.bids.values()).toEqual([]);
    expect(await store.keptInput(2n)).toBeUndefined();
    expect(await readdir(join(dir, "jobs"))).toEqual(["3.json"]);
  });
});

describe("auctions won", () => {
  it("counts a win once per job and round, however often its execution is retried", async () => {
    const metrics = createWorkerMetrics();
    for (let retry = 0; retry < 60; retry++) metrics.countWin(7n, 0);
    metrics.countWin(7n, 1);
    expect(await value(metrics, "verity_worker_auctions_won_total")).toBe(2);
  });
});
