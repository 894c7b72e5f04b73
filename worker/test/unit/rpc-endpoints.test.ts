/** Several RPC endpoints: the list form of the configuration, failover, and errors that name the URL. */
import { describe, expect, it } from "vitest";
import { createWorkerClient, fetchChainId, workerChain } from "../../src/chain/clients.js";
import { parseConfig, rpcEndpoints } from "../../src/config/schema.js";
import { RpcUnavailableError } from "../../src/errors.js";
import { type Anvil, freePort, startAnvil } from "../helpers/anvil.js";

describe("RPC endpoints", () => {
  it("keeps a single rpcUrl working and takes a list in rpcUrls", () => {
    const single = parseConfig({ deploymentFile: "d.json", rpcUrl: "http://a:8545" });
    expect(rpcEndpoints(single)).toEqual(["http://a:8545"]);
    expect(single.rpcTimeoutMs).toBe(3000);
    const list = parseConfig({
      deploymentFile: "d.json",
      rpcUrls: ["http://a:8545", "http://b:8545"],
    });
    expect(rpcEndpoints(list)).toEqual(["http://a:8545", "http://b:8545"]);
    expect(() => parseConfig({ deploymentFile: "d.json", rpcUrls: [] })).toThrow(/rpcUrls/);
  });

  it("names every unreachable URL", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const error = await fetchChainId([dead], { timeoutMs: 500 }).catch((e) => e);
    expect(error).toBeInstanceOf(RpcUnavailableError);
    expect(error.message).toContain(dead);
  });

  describe("with one dead endpoint first", () => {
    let anvil: Anvil;
    it("fails over to the next endpoint", async () => {
      anvil = await startAnvil();
      try {
        const dead = `http://127.0.0.1:${await freePort()}`;
        const urls = [dead, anvil.url];
        expect(await fetchChainId(urls, { timeoutMs: 500 })).toBe(31337);
        const client = createWorkerClient(urls, workerChain(31337, urls), { timeoutMs: 500 });
        expect(await client.getBlockNumber()).toBeGreaterThanOrEqual(0n);
      } finally {
        await anvil.stop();
      }
    });
  });
});
