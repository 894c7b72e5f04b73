import { Agent, request } from "node:http";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { percentile, round1 } from "./stats.js";

/** One request of the mix: its kind (for per-kind figures) and the JSON body to POST. */
export type Shot = { kind: string; body: string };

export type OpenLoopOptions = {
  /** Where to POST. */
  url: string;
  rps: number;
  seconds: number;
  /** The i-th request of the schedule. */
  shot: (i: number) => Shot;
  /** Whether an answer counts as a success (HTTP 200 and, for GraphQL, no `errors`). */
  ok?: (status: number, body: string) => boolean;
};

export type OpenLoopResult = {
  requests: number;
  errors: number;
  achievedRps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  perKind: Record<string, { p50Ms: number; p99Ms: number }>;
  /** How late the generator sent, behind its schedule: the figure is void when this is high. */
  sendLagP99Ms: number;
  sendLagMaxMs: number;
  /** The generator's own event-loop delay while it ran. */
  generatorLoopP99Ms: number;
};

const graphqlOk = (status: number, body: string) => {
  if (status !== 200) return false;
  try {
    return (JSON.parse(body) as { errors?: unknown }).errors === undefined;
  } catch {
    return false;
  }
};

/**
 * Open-loop load: request i leaves at t0 + i / rps whatever the earlier answers
 * do, so a slow server cannot slow the generator down and hide its own tail
 * (coordinated omission). Latency is measured from the scheduled time, so a
 * late send counts against the figure rather than vanishing; the send lag is
 * reported so that a generator that cannot keep up is caught (see
 * `assertOnSchedule`). Plain node:http with keep-alive: less client work per
 * request than fetch, on a machine where the generator shares the cores.
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rps, seconds, shot } = options;
  const ok = options.ok ?? graphqlOk;
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const send = (body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  // Warm the connections so that the figure is about serving, not TCP handshakes.
  await Promise.all(Array.from({ length: 8 }, (_, i) => send(shot(i).body).catch(() => {})));

  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const total = Math.round(rps * seconds);
  const interval = 1000 / rps;
  const latencies: number[] = [];
  const perKind = new Map<string, number[]>();
  const lags: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const t0 = performance.now() + 5;
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    // No spinning to the exact time: the generator shares two cores with the server.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lags.push(performance.now() - due);
    const { kind, body } = shot(i);
    inflight.push(
      send(body).then(
        (answer) => {
          if (!ok(answer.status, answer.body)) errors++;
          const latency = performance.now() - due;
          latencies.push(latency);
          const times = perKind.get(kind) ?? [];
          times.push(latency);
          perKind.set(kind, times);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  loop.disable();
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    achievedRps: round1(latencies.length / elapsed),
    p50Ms: round1(percentile(latencies, 50)),
    p99Ms: round1(percentile(latencies, 99)),
    maxMs: round1(Math.max(...latencies)),
    perKind: Object.fromEntries(
      [...perKind].map(([kind, times]) => [
        kind,
        { p50Ms: round1(percentile(times, 50)), p99Ms: round1(percentile(times, 99)) },
      ]),
    ),
    sendLagP99Ms: round1(percentile(lags, 99)),
    sendLagMaxMs: round1(Math.max(...lags)),
    generatorLoopP99Ms: round1(loop.percentile(99) / 1e6),
  };
}

/** The p99 send lag beyond which the generator, not the server, sets the figure. */
export const MAX_SEND_LAG_P99_MS = 5;

/** Throws when the generator fell behind its schedule or requests failed: the figure is void. */
export function assertOnSchedule(label: string, result: OpenLoopResult) {
  if (result.sendLagP99Ms > MAX_SEND_LAG_P99_MS) {
    throw new Error(
      `${label}: the load generator fell behind its open-loop schedule (p99 send lag ` +
        `${result.sendLagP99Ms} ms > ${MAX_SEND_LAG_P99_MS} ms, max ${result.sendLagMaxMs} ms): ` +
        "the figure measures this machine's generator, not the server. Re-run when the load is lower (uptime).",
    );
  }
  if (result.errors > 0) {
    throw new Error(`${label}: ${result.errors} of ${result.requests} requests failed`);
  }
}
