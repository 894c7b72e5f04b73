import { describe, expect, it } from "vitest";
import { type HealthSnapshot, healthReport, MissedPhaseWatch } from "../../src/metrics/health.js";

const NOW = 1_000_000_000;

function healthy(overrides: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    nowMs: NOW,
    stopped: false,
    lastTickAt: NOW - 500,
    staleAfterMs: 10_000,
    consecutiveTickFailures: 0,
    models: { configured: [1n], loaded: [1n] },
    head: 1_000n,
    cursor: 998n,
    confirmations: 2,
    maxLagBlocks: 64,
    rpc: { consecutiveErrors: 0, lastSuccessAt: NOW - 100, lastErrorAt: 0, lastError: undefined },
    rpcFailingAfterMs: 10_000,
    missedPhases: [],
    missedWindowMs: 600_000,
    ...overrides,
  };
}

describe("health", () => {
  it("is healthy with nothing wrong", () => {
    expect(healthReport(healthy())).toEqual({ healthy: true, reasons: [] });
  });

  it("is unhealthy with no model loaded (missing or tampered file)", () => {
    const report = healthReport(healthy({ models: { configured: [1n], loaded: [] } }));
    expect(report.healthy).toBe(false);
    expect(report.reasons).toEqual([expect.stringMatching(/no model loaded/)]);
  });

  it("names a configured model that was refused while others serve", () => {
    const report = healthReport(healthy({ models: { configured: [1n, 2n], loaded: [1n] } }));
    expect(report.reasons).toEqual([expect.stringMatching(/model 2 not loaded/)]);
  });

  it("is unhealthy with the cursor past the head", () => {
    const report = healthReport(healthy({ head: 1_317n, cursor: 3_254n }));
    expect(report.reasons).toEqual([
      expect.stringMatching(/cursor \(block 3254\) is past the chain head \(block 1317\)/),
    ]);
  });

  it("is unhealthy with the cursor too far behind the confirmed head", () => {
    expect(healthReport(healthy({ cursor: 998n - 64n })).healthy).toBe(true);
    const report = healthReport(healthy({ cursor: 998n - 65n }));
    expect(report.reasons).toEqual([expect.stringMatching(/65 blocks behind the confirmed head/)]);
  });

  it("is unhealthy while the RPC fails, once it has been silent long enough", () => {
    const failing = {
      consecutiveErrors: 7,
      lastSuccessAt: NOW - 30_000,
      lastErrorAt: NOW - 50,
      lastError: "eth_blockNumber: http: connection refused",
    };
    const report = healthReport(healthy({ rpc: failing }));
    expect(report.reasons).toEqual([
      expect.stringMatching(
        /RPC is failing: 7 errors in a row, last success 30 s ago \(eth_blockNumber/,
      ),
    ]);
    // A single failed request between successes is not an outage.
    expect(healthReport(healthy({ rpc: { ...failing, lastSuccessAt: NOW - 2_000 } })).healthy).toBe(
      true,
    );
  });

  it("is unhealthy after a missed phase, for the window", () => {
    const missed = [
      { phase: "reveal", atMs: NOW - 60_000 },
      { phase: "commit", atMs: NOW - 1_000 },
    ];
    expect(healthReport(healthy({ missedPhases: missed })).reasons).toEqual([
      "missed reveal x1, commit x1 in the last 10 min",
    ]);
    const longAgo = missed.map((m) => ({ ...m, atMs: m.atMs - 600_000 }));
    expect(healthReport(healthy({ missedPhases: longAgo })).healthy).toBe(true);
  });

  it("is unhealthy when the loop is stuck, failing or not started", () => {
    expect(healthReport(healthy({ lastTickAt: 0 })).reasons).toEqual([
      expect.stringMatching(/not completed a tick yet/),
    ]);
    expect(healthReport(healthy({ lastTickAt: NOW - 20_000 })).reasons).toEqual([
      expect.stringMatching(/for 20 s/),
    ]);
    expect(healthReport(healthy({ consecutiveTickFailures: 3 })).reasons).toEqual([
      expect.stringMatching(/failed 3 times/),
    ]);
  });

  it("dates missed phases from the counter's totals", () => {
    const watch = new MissedPhaseWatch(1_000);
    expect(watch.observe(new Map([["reveal", 0]]), 0)).toEqual([]);
    expect(watch.observe(new Map([["reveal", 2]]), 10)).toEqual([
      { phase: "reveal", atMs: 10 },
      { phase: "reveal", atMs: 10 },
    ]);
    expect(
      watch.observe(
        new Map([
          ["reveal", 2],
          ["commit", 1],
        ]),
        500,
      ),
    ).toHaveLength(3);
    expect(
      watch.observe(
        new Map([
          ["reveal", 2],
          ["commit", 1],
        ]),
        1_200,
      ),
    ).toEqual([{ phase: "commit", atMs: 500 }]);
  });
});

describe("repeated failures", () => {
  it("logs the same cause with a doubling pause and says how many were quiet", async () => {
    const { RepeatFilter } = await import("../../src/log.js");
    const filter = new RepeatFilter(1_000, 8_000);
    const logged: [number, number][] = [];
    // A task failing every 0.5 s for 20 s with the same cause.
    for (let t = 0; t <= 20_000; t += 500) {
      const n = filter.check("job:1", "RpcUnavailableError: down", t);
      if (n !== undefined) logged.push([t, n]);
    }
    expect(logged).toEqual([
      [0, 0],
      [1_000, 1],
      [3_000, 3],
      [7_000, 7],
      [15_000, 15],
    ]);
    // Another cause is news at once.
    expect(filter.check("job:1", "ContractRevertError: x", 15_100)).toBe(0);
    filter.clear("job:1");
    expect(filter.check("job:1", "ContractRevertError: x", 15_200)).toBe(0);
  });
});
