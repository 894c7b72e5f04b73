/**
 * A JSON-RPC proxy that injects the faults a bad node or network produces, on
 * demand: one head far ahead, one head from the past, and a share of requests
 * that hang (held for a long time before the answer is sent, as a stuck
 * connection does). Everything else is forwarded unchanged.
 */
import { createServer, type Server } from "node:http";
import { freePort } from "./anvil.js";

type RpcRequest = { id?: unknown; method?: string; params?: unknown[] };
type RpcAnswer = { id?: unknown; result?: unknown; error?: unknown };

export type FaultProxy = {
  url: string;
  stats: { forwarded: number; hung: number; heads: number; hungMethods: Record<string, number> };
  /** The next answer for the latest block (eth_getBlockByNumber "latest" or eth_blockNumber) is `blocks` ahead. */
  headAheadOnce(blocks: number): void;
  /** The next answer for the latest block is the block at this height (a lagging node). */
  headAtOnce(height: bigint): void;
  /** From now on, hang this share of requests for `ms` each (0 stops). */
  hang(rate: number, ms: number): void;
  close(): Promise<void>;
};

const hex = (n: bigint) => `0x${n.toString(16)}`;

export async function startFaultProxy(target: string, random: () => number): Promise<FaultProxy> {
  const stats = { forwarded: 0, hung: 0, heads: 0, hungMethods: {} as Record<string, number> };
  let ahead: number | undefined;
  let at: bigint | undefined;
  let hangRate = 0;
  let hangMs = 0;
  const timers = new Set<NodeJS.Timeout>();

  const forward = async (body: string): Promise<{ status: number; text: string }> => {
    const answer = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    return { status: answer.status, text: await answer.text() };
  };

  const isLatestHead = (r: RpcRequest) =>
    r.method === "eth_blockNumber" ||
    (r.method === "eth_getBlockByNumber" && r.params?.[0] === "latest");

  /** Applies a pending head fault to a single request, or returns undefined to forward as is. */
  const headFault = async (request: RpcRequest): Promise<string | undefined> => {
    if (!isLatestHead(request) || (ahead === undefined && at === undefined)) return undefined;
    if (at !== undefined) {
      const height = at;
      at = undefined;
      stats.heads++;
      const method =
        request.method === "eth_blockNumber" ? "eth_blockNumber" : "eth_getBlockByNumber";
      if (method === "eth_blockNumber")
        return JSON.stringify({ jsonrpc: "2.0", id: request.id, result: hex(height) });
      const { text } = await forward(
        JSON.stringify({ ...request, params: [hex(height), ...(request.params ?? []).slice(1)] }),
      );
      return text;
    }
    const offset = BigInt(ahead ?? 0);
    ahead = undefined;
    stats.heads++;
    const { text } = await forward(JSON.stringify(request));
    const answer = JSON.parse(text) as RpcAnswer;
    if (typeof answer.result === "string") answer.result = hex(BigInt(answer.result) + offset);
    else if (answer.result !== null && typeof answer.result === "object") {
      const block = answer.result as { number: string };
      block.number = hex(BigInt(block.number) + offset);
    }
    return JSON.stringify(answer);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let request: RpcRequest = {};
      try {
        const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
        request = Array.isArray(parsed) ? (parsed[0] ?? {}) : parsed;
      } catch {
        // Forwarded as is: the node answers the parse error.
      }
      try {
        if (hangRate > 0 && random() < hangRate) {
          stats.hung++;
          const method = request.method ?? "?";
          stats.hungMethods[method] = (stats.hungMethods[method] ?? 0) + 1;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              timers.delete(timer);
              resolve();
            }, hangMs);
            timers.add(timer);
          });
        }
        const faulted = await headFault(request);
        if (faulted !== undefined) {
          res.writeHead(200, { "content-type": "application/json" }).end(faulted);
          return;
        }
        const { status, text } = await forward(body);
        stats.forwarded++;
        if (!res.destroyed) res.writeHead(status, { "content-type": "application/json" }).end(text);
      } catch {
        req.socket.destroy();
      }
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    headAheadOnce: (blocks) => {
      ahead = blocks;
    },
    headAtOnce: (height) => {
      at = height;
    },
    hang: (rate, ms) => {
      hangRate = rate;
      hangMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
