import { describe, expect, it } from "vitest";
import { askMinExecutionWindow } from "../../src/auction/asks.js";
import type { WorkerContext } from "../../src/loop/context.js";

function context(p99Seconds: number | undefined, configured = 0): WorkerContext {
  return {
    runners: new Map(
      p99Seconds === undefined ? [] : [[1n, { latency: { quantile: () => p99Seconds } }]],
    ),
    config: {
      asks: { capacity: 4, minExecutionWindowSeconds: configured },
      execution: { safetySeconds: 5 },
    },
    clock: { blockTime: 2 },
  } as unknown as WorkerContext;
}

describe("an ask's shortest execution window", () => {
  it("covers every job the ask lets the worker hold, three blocks and the safety margin", () => {
    // 4 x 0.5 s + 3 x 2 s + 5 s = 13 s, rounded up to 20 s.
    expect(askMinExecutionWindow(context(0.5), 1n)).toBe(20);
    // A slow model: 4 x 30 s + 6 + 5 = 131 s -> 140 s.
    expect(askMinExecutionWindow(context(30), 1n)).toBe(140);
  });

  it("assumes a second a run before any run was measured, and never goes under the configured minimum", () => {
    expect(askMinExecutionWindow(context(undefined), 1n)).toBe(20);
    expect(askMinExecutionWindow(context(0.5, 300), 1n)).toBe(300);
  });
});
