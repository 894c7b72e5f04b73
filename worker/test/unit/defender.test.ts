/** A dispute against this worker ends only once its end is as deep as the confirmations. */
import { describe, expect, it, vi } from "vitest";

vi.mock("@verity/sdk", async (importOriginal) => {
  const sdk = await importOriginal<typeof import("@verity/sdk")>();
  return { ...sdk, getDispute: vi.fn(), getRewardPot: vi.fn(), timeoutDispute: vi.fn() };
});

import * as sdk from "@verity/sdk";
import { reconcileDefense } from "../../src/dispute/defender.js";
import { createLogger } from "../../src/log.js";
import type { WorkerContext } from "../../src/loop/context.js";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";
import type { DefenseRecord } from "../../src/store/records.js";
import { openStore } from "../helpers/store.js";

const hash = (byte: string) => `0x${byte.repeat(64)}` as const;

describe("a dispute against this worker", () => {
  it("is resolved once its end is confirmations deep, and defended again if a reorg drops the end", async () => {
    const { store } = await openStore();
    const lines: string[] = [];
    const ctx = {
      store,
      sdk: {},
      log: createLogger({ write: (l) => lines.push(l) }),
      metrics: createWorkerMetrics(),
      config: { confirmations: 2 },
      clock: { now: 1_000, block: 10n },
      missedPhases: [],
      failures: new Map(),
    } as unknown as WorkerContext;
    const record: DefenseRecord = {
      disputeId: 4n,
      jobId: 7n,
      layer: 1,
      agreedHash: hash("a"),
      disputedHash: hash("b"),
      challenger: `0x${"c".repeat(40)}`,
      round: 0,
      state: "responded",
    };
    await store.defenses.put(record);
    const defense = () => store.defenses.get("4") as DefenseRecord;
    vi.mocked(sdk.getRewardPot).mockResolvedValue({ convicted: false } as never);
    const phase = (p: string) =>
      vi.mocked(sdk.getDispute).mockResolvedValue({ phase: p, round: 0, deadline: 900 } as never);

    // Our timeout is read as mined: the end is noted, not yet final.
    phase("ProviderWon");
    await reconcileDefense(ctx, defense());
    expect(defense()).toMatchObject({ state: "responded", endedSince: 10n });

    // A reorg drops it: the dispute waits for the challenger's proof again, past its deadline.
    ctx.clock = { ...ctx.clock, block: 11n };
    phase("AwaitingProof");
    await reconcileDefense(ctx, defense());
    expect(defense().endedSince).toBeUndefined();
    expect(lines.some((l) => l.includes('"dispute_reopened"'))).toBe(true);
    expect(vi.mocked(sdk.timeoutDispute)).toHaveBeenCalledTimes(1);

    // The timeout again, then two blocks on top of it: resolved, won.
    ctx.clock = { ...ctx.clock, block: 12n };
    phase("ProviderWon");
    await reconcileDefense(ctx, defense());
    ctx.clock = { ...ctx.clock, block: 13n };
    await reconcileDefense(ctx, defense());
    expect(defense().state).toBe("responded");
    ctx.clock = { ...ctx.clock, block: 14n };
    await reconcileDefense(ctx, defense());
    expect(defense()).toMatchObject({ state: "resolved", outcome: "won" });
  });
});
