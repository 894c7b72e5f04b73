import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endpointFlags } from "../src/commands/devnet.js";
import { type RunningDevnet, recordRunningDevnet, runningDevnets } from "../src/devnet/running.js";
import { resolveEndpoints } from "../src/endpoints.js";

describe("the devnet's printed hints", () => {
  it("add nothing on the default ports", () => {
    expect(
      endpointFlags({
        rpcUrl: "http://127.0.0.1:8545",
        graphqlUrl: "http://127.0.0.1:42069/graphql",
      }),
    ).toBe("");
    expect(endpointFlags({ rpcUrl: "http://127.0.0.1:8545/", graphqlUrl: undefined })).toBe("");
  });

  it("name this devnet's own endpoints on any other port", () => {
    expect(
      endpointFlags({
        rpcUrl: "http://127.0.0.1:9545",
        graphqlUrl: "http://127.0.0.1:42069/graphql",
      }),
    ).toBe(" --rpc http://127.0.0.1:9545");
    expect(
      endpointFlags({
        rpcUrl: "http://127.0.0.1:9545",
        graphqlUrl: "http://127.0.0.1:43000/graphql",
      }),
    ).toBe(" --rpc http://127.0.0.1:9545 --graphql http://127.0.0.1:43000/graphql");
  });
});

describe("which network a command talks to", () => {
  const devnet = (port: number, graphqlPort?: number): RunningDevnet => ({
    pid: process.pid,
    chainId: 31337,
    rpcUrl: `http://127.0.0.1:${port}`,
    graphqlUrl: graphqlPort === undefined ? undefined : `http://127.0.0.1:${graphqlPort}/graphql`,
    deploymentFile: `/devnet-${port}/deployment.json`,
    startedAt: "2026-01-01T00:00:00.000Z",
  });

  it("uses the only running devnet's real ports when nothing is given", () => {
    const endpoints = resolveEndpoints({}, {}, [devnet(9545, 43000)]);
    expect(endpoints.rpcUrl).toBe("http://127.0.0.1:9545");
    expect(endpoints.graphqlUrl).toBe("http://127.0.0.1:43000/graphql");
    expect(endpoints.deploymentFile).toBe("/devnet-9545/deployment.json");
  });

  it("never guesses the default GraphQL port for a devnet that runs without its indexer", () => {
    expect(resolveEndpoints({}, {}, [devnet(9545)]).graphqlUrl).toBeUndefined();
  });

  it("takes flags, then the environment, over any running devnet", () => {
    const running = [devnet(9545, 43000)];
    expect(resolveEndpoints({ rpc: "http://node:8545" }, {}, running)).toMatchObject({
      rpcUrl: "http://node:8545",
      graphqlUrl: undefined,
      devnet: undefined,
    });
    const env = {
      VERITY_RPC_URL: "http://127.0.0.1:9545/",
      VERITY_GRAPHQL_URL: "http://g/graphql",
    };
    expect(resolveEndpoints({}, env, running)).toMatchObject({
      rpcUrl: "http://127.0.0.1:9545/",
      graphqlUrl: "http://g/graphql",
      deploymentFile: "/devnet-9545/deployment.json",
    });
  });

  it("pairs an --rpc naming a running devnet with that devnet's GraphQL, not the default port", () => {
    const running = [devnet(8545, 42069), devnet(9545, 43000)];
    expect(resolveEndpoints({ rpc: "http://localhost:9545" }, {}, running).graphqlUrl).toBe(
      "http://127.0.0.1:43000/graphql",
    );
  });

  it("refuses to guess between several running devnets, naming them", () => {
    expect(() => resolveEndpoints({}, {}, [devnet(8545, 42069), devnet(9545, 43000)])).toThrow(
      "2 devnets are running (http://127.0.0.1:8545, http://127.0.0.1:9545): say which with --rpc <url>",
    );
  });

  it("falls back to the default ports when no devnet is recorded", () => {
    expect(resolveEndpoints({}, {}, [])).toMatchObject({
      rpcUrl: "http://127.0.0.1:8545",
      graphqlUrl: undefined,
      deploymentFile: undefined,
    });
  });
});

describe("the record of running devnets", () => {
  it("lists a devnet while its process lives, forgets it when removed or when its process is gone", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-running-"));
    try {
      const forget = recordRunningDevnet(
        { ...baseRecord, pid: process.pid, rpcUrl: "http://127.0.0.1:9545" },
        dir,
      );
      expect(runningDevnets(dir).map((d) => d.rpcUrl)).toEqual(["http://127.0.0.1:9545"]);
      forget();
      expect(runningDevnets(dir)).toEqual([]);

      // A devnet killed with SIGKILL leaves its file: its dead process makes it ignored and removed.
      const child = spawn(process.execPath, ["-e", ""]);
      await once(child, "exit");
      recordRunningDevnet(
        { ...baseRecord, pid: child.pid as number, rpcUrl: "http://127.0.0.1:9546" },
        dir,
      );
      expect(runningDevnets(dir)).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const baseRecord = {
  chainId: 31337,
  graphqlUrl: undefined,
  deploymentFile: "/d.json",
  startedAt: "2026-01-01T00:00:00.000Z",
};
