/**
 * A JSON-RPC proxy that drops a share of requests, in the three ways a real
 * network fails: the request never arrives, the answer is lost after the node
 * acted on it, or the node answers 503.
 */
import { createServer, type Server } from "node:http";
import { freePort } from "./anvil.js";

export type FlakyProxy = {
  url: string;
  stats: { forwarded: number; droppedBefore: number; droppedAfter: number; unavailable: number };
  close(): Promise<void>;
};

export async function startFlakyProxy(
  target: string,
  dropRate: number,
  random: () => number,
): Promise<FlakyProxy> {
  const stats = { forwarded: 0, droppedBefore: 0, droppedAfter: 0, unavailable: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const roll = random();
      const failure = roll < dropRate ? Math.floor((roll / dropRate) * 3) : -1;
      if (failure === 0) {
        stats.droppedBefore++;
        req.socket.destroy();
        return;
      }
      if (failure === 2) {
        stats.unavailable++;
        res.writeHead(503).end("unavailable");
        return;
      }
      try {
        const answer = await fetch(target, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const text = await answer.text();
        if (failure === 1) {
          stats.droppedAfter++;
          req.socket.destroy();
          return;
        }
        stats.forwarded++;
        res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
