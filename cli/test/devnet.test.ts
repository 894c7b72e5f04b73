/**
 * `verity devnet`'s orchestration without its long-running parts: the chain,
 * the contracts, funding, the model and sample jobs, with the indexer and the
 * workers switched off, which the devnet must report as skipped, not fail on.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { describe, expect, it } from "vitest";
import { startDevnet } from "../src/devnet/devnet.js";
import { repoRoot } from "../src/devnet/paths.js";
import { freePort } from "../src/devnet/processes.js";
import { runningDevnets } from "../src/devnet/running.js";
import { alive, descendants, eventually, listening } from "./helpers/process-tree.js";
import { verity } from "./helpers/run.js";

describe("devnet", () => {
  it("starts what it can, reports what it skipped, mines on an interval, and stops", async () => {
    const steps: string[] = [];
    const devnet = await startDevnet({
      port: await freePort(),
      // A local chain id: the deploy script refuses devnet parameters on any other.
      chainId: 31_337,
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
        ["MNIST CNN", "done"],
        ["start the indexer", "skipped"],
        ["start the workers", "skipped"],
        ["sample jobs", "done"],
      ]);
      expect(devnet.parts.find((p) => p.name === "start the indexer")?.detail).toBe(
        "disabled (--no-indexer)",
      );
      expect(steps).toContain("start the workers: skipped");
      expect(devnet.sampleJobs).toEqual([1n, 2n]);
      expect([devnet.modelId, devnet.cnnModelId]).toEqual([1n, 2n]);
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

  it("`npm run devnet` stops every process it started on SIGTERM, the indexer, explorer and workers included", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-devnet-signal-"));
    // Its own record directory: a developer's running devnet must not meet this one.
    const env = { ...process.env, VERITY_HOME: join(dir, "home") };
    const rpcPort = await freePort();
    const graphqlPort = await freePort();
    const explorerPort = await freePort();
    // Through npm, as people run it: npm signals only its own child, so the script must exec the CLI.
    const cli = spawn(
      "npm",
      [
        "run",
        "-s",
        "devnet",
        "--",
        "--port",
        String(rpcPort),
        "--graphql-port",
        String(graphqlPort),
        "--explorer-port",
        String(explorerPort),
      ].concat(["--jobs", "0", "--dir", dir, "--json"]),
      { cwd: repoRoot(), stdio: ["ignore", "pipe", "inherit"], env },
    );
    try {
      let stdout = "";
      cli.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
      });
      type Summary = { parts: { name: string; status: string; detail?: string }[] };
      let summary: Summary | undefined;
      await eventually(
        "the devnet printed its summary",
        () => {
          if (cli.exitCode !== null) throw new Error(`npm run devnet exited (${cli.exitCode})`);
          try {
            summary = JSON.parse(stdout) as Summary;
            return true;
          } catch {
            return false;
          }
        },
        180_000,
      );
      const parts = summary?.parts ?? [];
      expect(parts.filter((p) => p.status === "running").map((p) => p.name)).toEqual([
        "anvil",
        "indexer",
        "explorer",
        "worker providerA",
        "worker providerB",
        "worker watcher",
      ]);
      const ports = parts.flatMap((p) => {
        const port = /:(\d+)\//.exec(`${p.detail ?? ""}/`)?.[1];
        return p.status === "running" && port !== undefined ? [Number(port)] : [];
      });
      expect(ports).toHaveLength(6);
      for (const port of ports) expect(await listening(port)).toBe(true);

      // Another command with no --rpc or --graphql finds this devnet on its real ports.
      const records = runningDevnets(join(dir, "home", "devnets"));
      expect(records.map((r) => r.rpcUrl)).toEqual([`http://127.0.0.1:${rpcPort}`]);
      const home = process.env.VERITY_HOME;
      process.env.VERITY_HOME = env.VERITY_HOME;
      const listed = await verity("job", "list").finally(() => {
        if (home === undefined) delete process.env.VERITY_HOME;
        else process.env.VERITY_HOME = home;
      });
      expect(listed.code).toBe(0);
      expect(listed.stderr).toContain(`http://127.0.0.1:${rpcPort}`);
      // Listing reads the indexer: this devnet's GraphQL port answered.
      expect(listed.stdout).toContain("no jobs yet");

      const tree = descendants(cli.pid as number);

      const exited = once(cli, "exit");
      cli.kill("SIGTERM");
      const [code] = (await exited) as [number | null];

      expect(code).toBe(0);
      expect(runningDevnets(join(dir, "home", "devnets"))).toEqual([]);
      await eventually("no process of the devnet is left", () => tree.every((p) => !alive(p)));
      for (const port of ports) expect(await listening(port)).toBe(false);
    } finally {
      // A failed test leaves nothing running either.
      for (const pid of descendants(cli.pid as number)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
      }
      if (cli.exitCode === null) cli.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
