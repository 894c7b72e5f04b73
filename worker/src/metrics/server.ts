/** `/health` and Prometheus `/metrics` over Hono. */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Registry } from "prom-client";

export type HealthReport = { healthy: boolean } & Record<string, unknown>;

export function createMetricsApp(
  registry: Registry,
  health: () => HealthReport | Promise<HealthReport>,
): Hono {
  const app = new Hono();
  app.get("/health", async (c) => {
    const report = await health();
    return c.json(
      JSON.parse(JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v))),
      report.healthy ? 200 : 503,
    );
  });
  app.get("/metrics", async (c) =>
    c.text(await registry.metrics(), 200, { "content-type": registry.contentType }),
  );
  return app;
}

export type RunningServer = { port: number; close(): Promise<void> };

export function startMetricsServer(app: Hono, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      resolve({
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once("error", reject);
  });
}
