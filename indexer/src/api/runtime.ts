import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import type { Context } from "hono";

/**
 * What stalls this process, for finding where a latency tail comes from:
 * event-loop delay (indexing work, GraphQL parsing, anything synchronous
 * holds every request behind it) and garbage-collection pauses, since the
 * last reset. Cheap enough to keep on: one histogram and one observer.
 */
const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
let gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMs: 0 };
let since = Date.now();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count++;
    gc.totalMs += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
    // NODE_PERFORMANCE_GC_MAJOR = 4 (mark-sweep-compact: the long pauses).
    if ((entry as { detail?: { kind?: number } }).detail?.kind === 4) {
      gc.majorCount++;
      gc.majorMs += entry.duration;
    }
  }
}).observe({ entryTypes: ["gc"] });

// The histogram holds each timer interval whole: the delay is what exceeds the resolution.
const ms = (ns: number) => Number(Math.max(0, ns / 1e6 - RESOLUTION_MS).toFixed(2));
const round = (value: number) => Number(value.toFixed(2));

/** `GET /debug/runtime` (`?reset=1` starts a new window after answering). */
export function runtimeReport(c: Context, extra: Record<string, unknown> = {}) {
  const memory = process.memoryUsage();
  const report = {
    windowMs: Date.now() - since,
    eventLoopDelay: {
      p50Ms: ms(loop.percentile(50)),
      p99Ms: ms(loop.percentile(99)),
      maxMs: ms(loop.max),
    },
    gc: {
      count: gc.count,
      totalMs: round(gc.totalMs),
      maxMs: round(gc.maxMs),
      majorCount: gc.majorCount,
      majorMs: round(gc.majorMs),
    },
    heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
    rssMb: Math.round(memory.rss / 2 ** 20),
    ...extra,
  };
  if (c.req.query("reset") !== undefined) {
    loop.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMs: 0 };
    since = Date.now();
  }
  return c.json(report);
}
