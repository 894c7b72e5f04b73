import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import type { ProtocolEvent } from "../../src/chain/events.js";
import { createLogger } from "../../src/log.js";
import type { WorkerContext } from "../../src/loop/context.js";
import { handleEvents } from "../../src/loop/handlers.js";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";
import type { BidRecord } from "../../src/store/records.js";
import { openStore } from "../helpers/store.js";

const hash = (byte: string) => `0x${byte.repeat(64)}` as Hex;

function jobPosted(
  jobId: bigint,
  inputHash: Hex,
  blockNumber: bigint,
  modelId = 1n,
): ProtocolEvent {
  return {
    eventName: "JobPosted",
    blockNumber,
    args: {
      jobId,
      modelId,
      request: { maxPrice: 5n, executionWindow: 60n },
      inputHash,
      input: "0x01",
      inputUri: "",
    },
  } as unknown as ProtocolEvent;
}

async function context(models: bigint[], skipped: string[] = []) {
  const { store } = await openStore();
  const lines: string[] = [];
  const ctx = {
    store,
    metrics: createWorkerMetrics(),
    log: createLogger({ write: (l) => lines.push(l) }),
    models: new Map(models.map((m) => [m, {}])),
    skipped: new Set(skipped),
  } as unknown as WorkerContext;
  return { ctx, store, lines };
}

function bid(jobId: bigint, round: number, state: BidRecord["state"]): BidRecord {
  return {
    jobId,
    round,
    price: 1n,
    salt: hash("5"),
    commitment: hash("6"),
    inputHash: hash("a"),
    state,
    createdAt: 1,
  };
}

describe("JobPosted", () => {
  it("replaces a record whose id named another job, keeping only bids that may be on chain", async () => {
    const { ctx, store, lines } = await context([1n], ["3-0", "30-0"]);

    await handleEvents(ctx, [jobPosted(3n, hash("a"), 10n)]);
    await store.bids.put(bid(3n, 0, "committed"));
    await store.bids.put(bid(3n, 1, "forfeited"));
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

    // The same id, another job (a reorg re-ordered the posts): the old result and skip mark go,
    // so that nothing computed for the old job is ever sent for the new one. The committed bid
    // stays: the market keys its commitment by id and round, so a re-mined commit now bids on
    // the new job, and without its salt it could only be forfeited (a liveness slash). It keeps
    // the input hash it was priced for, which tells the bidder it was inherited.
    await handleEvents(ctx, [jobPosted(3n, hash("d"), 11n)]);
    expect(store.jobs.get("3")?.inputHash).toBe(hash("d"));
    expect(store.jobs.get("3")?.postedBlock).toBe(11n);
    expect(store.bid(3n, 0)).toEqual(bid(3n, 0, "committed"));
    expect(store.bid(3n, 1)).toBeUndefined();
    expect(store.result(3n, 0)).toBeUndefined();
    expect([...ctx.skipped]).toEqual(["30-0"]);
    expect(lines.some((l) => l.includes('"event":"job_replaced"'))).toBe(true);
  });

  it("records a job of a model not served only while a bid of ours may be on chain for its id", async () => {
    const { ctx, store } = await context([1n]);
    await handleEvents(ctx, [jobPosted(4n, hash("a"), 10n)]);
    await store.bids.put(bid(4n, 0, "salted"));
    await handleEvents(ctx, [jobPosted(4n, hash("d"), 11n, 2n)]);
    // Recorded, so that the loop reconciles the inherited bid (and forfeits it: no model).
    expect(store.jobs.get("4")?.modelId).toBe(2n);
    expect(store.bid(4n, 0)?.state).toBe("salted");

    await handleEvents(ctx, [jobPosted(5n, hash("a"), 12n, 2n)]);
    expect(store.jobs.get("5")).toBeUndefined();
  });

  it("forgets a replaced job's bids when none may be on chain", async () => {
    const { ctx, store } = await context([1n]);
    await handleEvents(ctx, [jobPosted(6n, hash("a"), 10n)]);
    await store.bids.put(bid(6n, 0, "abandoned"));
    await handleEvents(ctx, [jobPosted(6n, hash("d"), 11n, 2n)]);
    expect(store.jobs.get("6")).toBeUndefined();
    expect(store.bid(6n, 0)).toBeUndefined();
  });
});
