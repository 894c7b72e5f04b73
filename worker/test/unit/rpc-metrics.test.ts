/** The RPC metrics wrapper around viem's real HTTP transport: against a live node and a dead port. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, http } from "viem";
import { describe, expect, it } from "vitest";
import { createRpcObserver } from "../../src/metrics/rpc.js";
import { createWorkerMetrics } from "../../src/metrics/worker-metrics.js";
import { freePort } from "../helpers/anvil.js";

async function series(metrics: ReturnType<typeof createWorkerMetrics>, name: string) {
  return (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
}

describe("RPC metrics", () => {
  it("counts and times requests by method, and errors by kind, and tracks the outage for /health", async () => {
    // A tiny JSON-RPC server: answers eth_chainId, fails everything else with a JSON-RPC error.
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        const { id, method } = JSON.parse(body) as { id: number; method: string };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(
            method === "eth_chainId"
              ? { jsonrpc: "2.0", id, result: "0x7a69" }
              : { jsonrpc: "2.0", id, error: { code: -32000, message: "boom" } },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const metrics = createWorkerMetrics();
    const rpc = createRpcObserver(metrics);
    const client = createPublicClient({
      transport: rpc.instrument(http(`http://127.0.0.1:${port}`, { retryCount: 0 })),
    });
    try {
      expect(await client.getChainId()).toBe(31337);
      expect(rpc.health.consecutiveErrors).toBe(0);
      expect(rpc.health.lastSuccessAt).toBeGreaterThan(0);
      await expect(client.getBlockNumber({ cacheTime: 0 })).rejects.toThrow();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const dead = createPublicClient({
      transport: rpc.instrument(http(`http://127.0.0.1:${await freePort()}`, { retryCount: 0 })),
    });
    await expect(dead.getBlockNumber({ cacheTime: 0 })).rejects.toThrow();

    expect(await series(metrics, "verity_worker_rpc_requests_total")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { method: "eth_chainId" }, value: 1 }),
        expect.objectContaining({ labels: { method: "eth_blockNumber" }, value: 2 }),
      ]),
    );
    expect(await series(metrics, "verity_worker_rpc_errors_total")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { method: "eth_blockNumber", kind: "rpc" }, value: 1 }),
        expect.objectContaining({ labels: { method: "eth_blockNumber", kind: "http" }, value: 1 }),
      ]),
    );
    const durations = await series(metrics, "verity_worker_rpc_request_duration_seconds");
    expect(
      durations.find(
        (v) =>
          (v as { metricName?: string }).metricName?.endsWith("_count") &&
          v.labels.method === "eth_chainId",
      )?.value,
    ).toBe(1);
    expect(rpc.health.consecutiveErrors).toBe(2);
    expect(rpc.health.lastError).toMatch(/^eth_blockNumber: http: /);
  });
});
