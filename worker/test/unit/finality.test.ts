/**
 * The finality batcher's rules, with the SDK's two finalize actions replaced (the real ones are
 * exercised against the chain in sdk/test/asks.test.ts and test/e2e/fast-path.test.ts): a batch
 * for several jobs, each job apart when its batch reverts, every job's own outcome kept.
 */
import { VerityContractError } from "@verity/sdk";
import { beforeEach, describe, expect, it, vi } from "vitest";

const calls: { kind: "batch" | "single"; jobs: bigint[] }[] = [];
let revertBatch = false;
let rpcDown = false;
let failSingle = new Set<bigint>();

vi.mock("@verity/sdk", async (original) => {
  const sdk = await original<typeof import("@verity/sdk")>();
  const revert = () =>
    Object.assign(Object.create(sdk.VerityContractError.prototype), {
      errorName: "MarketWrongStatus",
      shortMessage: "finalize reverted: MarketWrongStatus",
    });
  return {
    ...sdk,
    finalizeJobs: async (_: unknown, { jobs }: { jobs: { jobId: bigint }[] }) => {
      calls.push({ kind: "batch", jobs: jobs.map((j) => j.jobId) });
      if (rpcDown) throw new Error("fetch failed");
      if (revertBatch) throw revert();
      return {};
    },
    finalizeJob: async (_: unknown, { jobId }: { jobId: bigint }) => {
      calls.push({ kind: "single", jobs: [jobId] });
      if (failSingle.has(jobId)) throw revert();
      return {};
    },
  };
});

const { FinalityBatcher } = await import("../../src/execution/finality.js");

function batcher() {
  const log = { info: vi.fn(), warn: vi.fn() };
  const metrics = { finalityBatches: { inc: vi.fn() } };
  return new FinalityBatcher({ sdk: {}, log, metrics } as never);
}
const result = { outputHash: "0x01", traceRoot: "0x02", output: "0x03" } as const;

describe("finality in batches", () => {
  beforeEach(() => {
    calls.length = 0;
    revertBatch = false;
    rpcDown = false;
    failSingle = new Set();
  });

  it("finalizes the jobs due together in one batch, and one job alone directly", async () => {
    const b = batcher();
    const done = [1n, 2n, 3n].map((id) => b.finalize(id, result));
    await b.flush();
    await Promise.all(done);
    expect(calls).toEqual([{ kind: "batch", jobs: [1n, 2n, 3n] }]);
    const alone = b.finalize(4n, result);
    await b.flush();
    await alone;
    expect(calls.at(-1)).toEqual({ kind: "single", jobs: [4n] });
  });

  it("finalizes each job apart when its batch reverts, and only the job that fails rejects", async () => {
    const b = batcher();
    revertBatch = true;
    failSingle = new Set([2n]);
    const outcomes = Promise.allSettled([1n, 2n, 3n].map((id) => b.finalize(id, result)));
    await b.flush();
    const settled = await outcomes;
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(VerityContractError);
    expect(calls).toEqual([
      { kind: "batch", jobs: [1n, 2n, 3n] },
      { kind: "single", jobs: [1n] },
      { kind: "single", jobs: [2n] },
      { kind: "single", jobs: [3n] },
    ]);
  });

  it("fails the whole batch, with no job sent apart, when the RPC fails (the jobs ask again)", async () => {
    const b = batcher();
    rpcDown = true;
    const outcomes = Promise.allSettled([1n, 2n].map((id) => b.finalize(id, result)));
    await b.flush();
    expect((await outcomes).map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toEqual([{ kind: "batch", jobs: [1n, 2n] }]);
    expect(b.size).toBe(0);
  });

  it("splits more than 64 jobs into batches of at most 64", async () => {
    const b = batcher();
    const done = Array.from({ length: 130 }, (_, i) => b.finalize(BigInt(i), result));
    await b.flush();
    await Promise.all(done);
    expect(calls.map((c) => [c.kind, c.jobs.length])).toEqual([
      ["batch", 64],
      ["batch", 64],
      ["batch", 2],
    ]);
  });
});
