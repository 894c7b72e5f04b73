/**
 * `verity devnet`'s orchestration without its long-running parts: the chain,
 * the contracts, funding, the model and sample jobs, with the indexer and the
 * workers switched off, which the devnet must report as skipped, not fail on.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { describe, expect, it } from "vitest";
import { startDevnet } from "../src/devnet/devnet.js";
import { freePort } from "../src/devnet/processes.js";

describe("devnet", () => {
  it("starts what it can, reports what it skipped, mines on an interval, and stops", async () => {
    const steps: string[] = [];
    const devnet = await startDevnet({
      port: await freePort(),
      chainId: 60_000 + Math.floor(Math.random() * 10_000),
      cleanupDeploymentFile: true,
      indexer: false,
      workers: false,
      sampleJobs: 2,
      onProgress: (e) => steps.push(`${e.step}: ${e.status}`),
    });
    try {
      expect(devnet.parts.map((p) => [p.name, p.status])).toEqual([
        ["anvil", "running"],
        ["contracts", "done"],
        ["MNIST model", "done"],
        ["start the indexer", "skipped"],
        ["start the workers", "skipped"],
        ["sample jobs", "done"],
      ]);
      expect(devnet.parts.find((p) => p.name === "start the indexer")?.detail).toBe(
        "disabled (--no-indexer)",
      );
      expect(steps).toContain("start the workers: skipped");
      expect(devnet.sampleJobs).toEqual([1n, 2n]);
      expect(devnet.graphqlUrl).toBeUndefined();

      const requester = devnet.client("requester");
      expect((await requester.getJob({ jobId: 1n })).status).toBe("Bidding");
      expect((await devnet.client("providerA").getStake()).eligible).toBe(true);

      // Blocks keep coming without transactions, so deadlines pass on their own.
      const client = createPublicClient({ transport: http(devnet.rpcUrl), cacheTime: 0 });
      const before = await client.getBlockNumber();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await client.getBlockNumber()).toBeGreaterThan(before);
    } finally {
      await devnet.stop();
      await rm(devnet.dir, { recursive: true, force: true });
    }
    expect(devnet.anvil.process.done).toBe(true);
  });

  it("refuses a port that is taken, saying what to do", async () => {
    const { createServer } = await import("node:net");
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const port = (server.address() as { port: number }).port;
    const dir = await mkdtemp(join(tmpdir(), "verity-devnet-test-"));
    try {
      await expect(startDevnet({ dir, port, workers: false, indexer: false })).rejects.toThrow(
        `port ${port} is in use: is another devnet running? Stop it, or pass --port <free port>.`,
      );
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
