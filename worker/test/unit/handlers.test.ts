import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import type { ProtocolEvent } from "../../src/chain/events.js";
import { createLogger } from "../../src/log.js";
import type { WorkerContext } from "../../src/loop/context.js";
import { handleEvents } from "../../src/loop/handlers.js";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";
import { StateStore } from "../../src/store/state.js";

const hash = (byte: string) => `0x${byte.repeat(64)}` as Hex;

function jobPosted(jobId: bigint, inputHash: Hex, blockNumber: bigint): ProtocolEvent {
  return {
    eventName: "JobPosted",
    blockNumber,
    args: {
      jobId,
      modelId: 1n,
      request: { maxPrice: 5n, executionWindow: 60n },
      inputHash,
      input: "0x01",
      inputUri: "",
    },
  } as unknown as ProtocolEvent;
}

describe("JobPosted", () => {
  it("replaces a record whose id named another job, with everything kept for it", async () => {
    const store = new StateStore(await mkdtemp(join(tmpdir(), "verity-handlers-")));
    await store.load();
    const lines: string[] = [];
    const ctx = {
      store,
      metrics: createWorkerMetrics(),
      log: createLogger({ write: (l) => lines.push(l) }),
      models: new Map([[1n, {}]]),
      skipped: new Set(["3-0", "30-0"]),
    } as unknown as WorkerContext;

    await handleEvents(ctx, [jobPosted(3n, hash("a"), 10n)]);
    await store.bids.put({
      jobId: 3n,
      round: 0,
      price: 1n,
      salt: hash("5"),
      commitment: hash("6"),
      state: "committed",
      createdAt: 1,
    });
    await store.results.put({
      jobId: 3n,
      round: 0,
      activations: [new Int8Array([1]), new Int8Array([2])],
      output: "0x02",
      outputHash: hash("b"),
      layerHashes: [],
      traceRoot: hash("c"),
      state: "computed",
    });

    // Replayed (a restart before the cursor moved): nothing changes.
    await handleEvents(ctx, [jobPosted(3n, hash("a"), 10n)]);
    expect(store.bid(3n, 0)?.state).toBe("committed");
    expect(store.result(3n, 0)).toBeDefined();

    // The same id, another job (a reorg re-ordered the posts): the old bid, result and skip
    // mark go, so that nothing of the old job is ever sent for the new one.
    await handleEvents(ctx, [jobPosted(3n, hash("d"), 11n)]);
    expect(store.jobs.get("3")?.inputHash).toBe(hash("d"));
    expect(store.jobs.get("3")?.postedBlock).toBe(11n);
    expect(store.bid(3n, 0)).toBeUndefined();
    expect(store.result(3n, 0)).toBeUndefined();
    expect([...ctx.skipped]).toEqual(["30-0"]);
    expect(lines.some((l) => l.includes('"event":"job_replaced"'))).toBe(true);
  });
});
