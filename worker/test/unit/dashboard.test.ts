/** The sample Grafana dashboard parses, and every query names a metric the worker exports. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";

type Panel = { title: string; type: string; targets?: { expr: string }[] };
type Dashboard = { title: string; panels: Panel[]; templating: { list: { query?: unknown }[] } };

const FILE = join(import.meta.dirname, "../../dashboards/verity-worker.json");

/** Metric names in a PromQL expression; histogram series map to their family. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\bverity_worker_[a-z0-9_]+/g)].map((m) =>
    m[0].replace(/_(bucket|sum|count)$/, ""),
  );
}

describe("Grafana dashboard", () => {
  it("parses and queries only metrics the worker exports", async () => {
    const dashboard = JSON.parse(await readFile(FILE, "utf8")) as Dashboard;
    const exported = new Set(
      createWorkerMetrics()
        .registry.getMetricsAsArray()
        .map((m) => m.name),
    );
    expect(dashboard.panels.length).toBeGreaterThan(5);
    const queries = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list
        .map((v) => v.query)
        .filter((q): q is string => typeof q === "string"),
    ];
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets ?? []) {
        expect(metricNames(expr).length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        let depth = 0;
        for (const c of expr) {
          depth += c === "(" ? 1 : c === ")" ? -1 : 0;
          expect(depth, expr).toBeGreaterThanOrEqual(0);
        }
        expect(depth, expr).toBe(0);
      }
    }
    for (const query of queries) for (const name of metricNames(query)) used.add(name);
    const unknown = [...used].filter((name) => !exported.has(name));
    expect(unknown).toEqual([]);
    // The money and safety metrics an operator runs on are all on the dashboard.
    for (const name of [
      "verity_worker_slashes_total",
      "verity_worker_slashed_vrt_total",
      "verity_worker_stake_vrt",
      "verity_worker_gas_balance_eth",
      "verity_worker_rpc_errors_total",
      "verity_worker_rpc_request_duration_seconds",
      "verity_worker_missed_phases_total",
      "verity_worker_earnings_total",
    ])
      expect(used).toContain(name);
  });
});
