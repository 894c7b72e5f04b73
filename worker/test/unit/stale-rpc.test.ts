/**
 * Answers from a node behind the accepted head (a load-balanced endpoint's replica, or the second
 * of `rpcUrls` after the first timed out) must not cost a bid's salt or a result's trace: a
 * rollback's job reads are pinned to the head and keep what may be on chain, and a zero
 * commitment read after the commit deadline does not give a committed bid up. (The chain view's
 * side, a replica's head and blocks, is in head.test.ts.)
 */
import { type Hex, zeroHash } from "viem";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@verity/sdk", async (importOriginal) => {
  const sdk = await importOriginal<typeof import("@verity/sdk")>();
  return {
    ...sdk,
    getJob: vi.fn(),
    getBidCommitment: vi.fn(),
    revealBid: vi.fn(async () => ({})),
    commitBid: vi.fn(async () => ({})),
    forfeitUnrevealedBid: vi.fn(async () => ({})),
  };
});

import * as sdk from "@verity/sdk";
import { reconcileBidding } from "../../src/auction/bidder.js";
import { createLogger } from "../../src/log.js";
import type { WorkerContext } from "../../src/loop/context.js";
import { Worker } from "../../src/loop/worker.js";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";
import type { BidRecord } from "../../src/store/records.js";
import { jobRecord, openStore } from "../helpers/store.js";

const h = (b: string) => `0x${b.repeat(64)}` as Hex;

function logLines() {
  const lines: string[] = [];
  return { log: createLogger({ write: (l) => lines.push(l) }), lines };
}

describe("a rollback's job reads", () => {
  it("keep a committed bid's salt and a submitted job's trace when the job is not there at the head", async () => {
    const { store } = await openStore();
    const { log, lines } = logLines();
    // Job 7 posted at block 53 (above the replica's head 50): our commitment is on chain, and
    // job 9 (posted at 52) is a fast job we already submitted, its trace on disk.
    await store.jobs.put(jobRecord(7n, { inputHash: h("a"), postedBlock: 53n }));
    const bid: BidRecord = {
      jobId: 7n,
      round: 0,
      price: 100n,
      salt: h("5"),
      commitment: h("6"),
      collateral: 50n * 10n ** 18n,
      inputHash: h("a"),
      state: "committed",
      createdAt: 1,
    };
    await store.bids.put(bid);
    await store.jobs.put(jobRecord(9n, { inputHash: h("b"), postedBlock: 52n }));
    await store.results.put({
      jobId: 9n,
      round: 0,
      activations: [new Int8Array([1]), new Int8Array([2])],
      output: "0x02",
      outputHash: h("c"),
      layerHashes: [],
      traceRoot: h("d"),
      state: "submitted",
    });
    // The replica at block 50 has neither job yet.
    vi.mocked(sdk.getJob).mockImplementation(async (_client, { jobId }) => {
      throw new sdk.VerityContractError({
        errorName: "MarketUnknownJob",
        args: [jobId],
        raw: "0x",
        functionName: "getJob",
      } as never);
    });
    const ctx = {
      store,
      log,
      skipped: new Set<string>(),
      sdk: {},
      chain: { head: { number: 60n } },
    } as unknown as WorkerContext;
    const worker = new (Worker as unknown as new (c: WorkerContext, i: unknown) => Worker)(ctx, {});
    await (worker as unknown as { forgetRolledBack(r: unknown): Promise<void> }).forgetRolledBack({
      from: 57n,
      to: 48n,
      kind: "reset",
      at: 0,
    });
    // The salt is the only way to reveal the commitment the chain holds; the trace the only way
    // to answer a dispute and to finalize (finalize needs output, outputHash, traceRoot).
    expect(store.bid(7n, 0)?.salt).toBe(h("5"));
    expect(store.result(9n, 0)?.traceRoot).toBe(h("d"));
    // Read at the accepted head: a node without block 60 fails the read instead of answering.
    expect(vi.mocked(sdk.getJob).mock.calls.map(([, p]) => p.blockNumber)).toEqual([60n, 60n]);
    // The records themselves go (their JobPosted, read again, brings them back).
    expect(store.jobs.get("7")).toBeUndefined();
    expect(lines.filter((l) => l.includes('"job_rolled_back"'))).toHaveLength(2);
  });
});

describe("a committed bid after the commit deadline", () => {
  beforeEach(() => vi.clearAllMocks());

  it("is not given up on a zero commitment read, and is revealed once the commitment is read", async () => {
    const { store } = await openStore();
    const { log, lines } = logLines();
    const job = jobRecord(3n, { inputHash: h("a"), postedBlock: 10n });
    await store.jobs.put(job);
    const bid: BidRecord = {
      jobId: 3n,
      round: 0,
      price: 100n,
      salt: h("5"),
      commitment: h("6"),
      collateral: 50n,
      inputHash: h("a"),
      state: "committed",
      createdAt: 1,
    };
    await store.bids.put(bid);
    const onchain = {
      status: "Bidding",
      round: 0,
      commitDeadline: 1010,
      revealDeadline: 1020,
      maxPrice: 1000n,
      provider: undefined,
    } as unknown as sdk.Job;
    const ctx = {
      store,
      log,
      config: { bidding: { enabled: true, commitMarginSeconds: 2 } },
      clock: { now: 1011, block: 20n, blockTime: 1, seenAtMs: Date.now() },
      metrics: createWorkerMetrics(),
      missedPhases: [],
      failures: new Map(),
      skipped: new Set<string>(),
      sdk: { deployment: { jobMarket: h("1").slice(0, 42) } },
      // The replica has not seen a BidRevealed of ours (there is none: we have not revealed).
      client: { getContractEvents: async () => [] },
      sender: { during: (_p: unknown, fn: () => Promise<unknown>) => fn() },
      parameters: async () => ({ minBidBps: 100n }),
    } as unknown as WorkerContext;

    // Tick 1, one second after the commit deadline: both commitmentOf reads of this task land on
    // a replica one block behind our commit (the head came from the fresh node).
    vi.mocked(sdk.getBidCommitment).mockResolvedValue(zeroHash);
    await reconcileBidding(ctx, job, onchain);
    expect(store.bid(3n, 0)?.state).toBe("committed");
    expect(lines.some((l) => l.includes('"bid_commitment_not_seen"'))).toBe(true);
    // Tick 2: the reads are fresh again; the chain holds our commitment, reveal phase open.
    vi.mocked(sdk.getBidCommitment).mockResolvedValue(h("6"));
    await reconcileBidding(ctx, job, onchain);
    expect(vi.mocked(sdk.revealBid)).toHaveBeenCalledTimes(1);
  });
});
