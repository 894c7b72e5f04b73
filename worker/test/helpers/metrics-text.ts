/** Reads a worker's /health and /metrics over HTTP, as Prometheus and an operator would. */
import type { WorkerProcess } from "./worker-process.js";

/** The port of the worker's latest start (its metrics server listens on port 0 in tests). */
export async function metricsPort(worker: WorkerProcess): Promise<number> {
  const [listening] = (await worker.events("metrics_listening")).slice(-1);
  if (listening === undefined) throw new Error("the worker has not logged metrics_listening yet");
  return Number(listening.port);
}

export async function scrape(worker: WorkerProcess): Promise<string> {
  return (await fetch(`http://127.0.0.1:${await metricsPort(worker)}/metrics`)).text();
}

export async function health(
  worker: WorkerProcess,
): Promise<{ status: number; body: { healthy: boolean; reasons: string[] } }> {
  const response = await fetch(`http://127.0.0.1:${await metricsPort(worker)}/health`);
  return {
    status: response.status,
    body: (await response.json()) as { healthy: boolean; reasons: string[] },
  };
}

/** The value of one series in Prometheus text format (`labels` must match exactly); undefined when absent. */
export function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const rendered = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");
  const series = rendered === "" ? name : `${name}{${rendered}}`;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
