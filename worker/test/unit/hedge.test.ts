/** Hedged reads: the helper's settling rules, then viem's real HTTP transport against a node that hangs. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, http } from "viem";
import { describe, expect, it } from "vitest";
import { hedged, hedgedTransport } from "../../src/chain/hedge.js";

/** A promise settled from outside, to play one copy of a request. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("hedged", () => {
  it("sends no second copy when the first answers in time", async () => {
    let copies = 0;
    let hedges = 0;
    const value = await hedged(
      async () => {
        copies++;
        return 7;
      },
      50,
      () => hedges++,
    );
    await tick(80);
    expect({ value, copies, hedges }).toEqual({ value: 7, copies: 1, hedges: 0 });
  });

  it("answers with the second copy while the first hangs", async () => {
    const first = deferred<number>();
    const copies = [first.promise, Promise.resolve(2)];
    let hedges = 0;
    const value = await hedged(
      () => copies.shift() as Promise<number>,
      20,
      () => hedges++,
    );
    first.resolve(1);
    expect({ value, hedges }).toEqual({ value: 2, hedges: 1 });
  });

  it("returns a fast error at once (a revert is an answer) and never hedges it", async () => {
    let copies = 0;
    const error = new Error("reverted");
    await expect(
      hedged(async () => {
        copies++;
        throw error;
      }, 20),
    ).rejects.toBe(error);
    await tick(50);
    expect(copies).toBe(1);
  });

  it("waits for the second copy when the hung first one times out", async () => {
    const first = deferred<number>();
    const second = deferred<number>();
    const copies = [first.promise, second.promise];
    const answer = hedged(() => copies.shift() as Promise<number>, 10);
    await tick(30);
    first.reject(new Error("timeout"));
    await tick(10);
    second.resolve(5);
    await expect(answer).resolves.toBe(5);
  });

  it("fails with the last error when both copies fail", async () => {
    const first = deferred<number>();
    const second = deferred<number>();
    const copies = [first.promise, second.promise];
    const answer = hedged(() => copies.shift() as Promise<number>, 10);
    await tick(30);
    first.reject(new Error("first"));
    second.reject(new Error("second"));
    await expect(answer).rejects.toThrow("second");
  });
});

describe("hedgedTransport over HTTP", () => {
  it("answers a read in about the hedge delay when the node hangs the first request, and never doubles a send", async () => {
    const seen: string[] = [];
    const held = new Set<() => void>();
    // Hangs the first eth_blockNumber until the test ends; answers everything else at once.
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        const { id, method } = JSON.parse(body) as { id: number; method: string };
        seen.push(method);
        const answer = () =>
          res
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ jsonrpc: "2.0", id, result: "0x2a" }));
        if (method === "eth_blockNumber" && seen.filter((m) => m === method).length === 1)
          held.add(answer);
        else answer();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const hedgedMethods: string[] = [];
    const client = createPublicClient({
      transport: hedgedTransport(http(url, { retryCount: 0, timeout: 10_000 }), {
        afterMs: 100,
        onHedge: (method) => hedgedMethods.push(method),
      }),
    });
    try {
      const started = Date.now();
      expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(42n);
      const elapsed = Date.now() - started;
      // Answered by the second copy, long before the 10 s timeout of the first.
      expect(elapsed).toBeLessThan(5_000);
      expect(hedgedMethods).toEqual(["eth_blockNumber"]);
      // A send is never sent twice by the transport, however long it takes.
      await client.request({ method: "eth_sendRawTransaction", params: ["0x00"] });
      expect(seen.filter((m) => m === "eth_sendRawTransaction")).toHaveLength(1);
    } finally {
      for (const answer of held) answer();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
