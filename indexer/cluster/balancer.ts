import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export type Backend = { url: URL; healthy: boolean; served: number };

export type BalancerOptions = {
  /** The API processes, e.g. `http://127.0.0.1:42071`. */
  backends: string[];
  /** How often each backend's /health is asked (ms). */
  healthIntervalMs?: number;
};

export type Balancer = {
  server: Server;
  backends: Backend[];
  /** Listens on `port` (0: a free one) and answers with the port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
};

/**
 * A round-robin HTTP balancer over Ponder API processes, aware of their
 * health: a backend that fails its /health check or refuses a connection is
 * skipped until /health answers again. A request that could not reach a
 * backend is sent to the next one; the API is read-only (GraphQL queries,
 * read-only SQL), so a retry never does anything twice. Request bodies are
 * small queries and are buffered for that retry; answers are streamed (live
 * SQL queries stay open).
 */
export function createBalancer(options: BalancerOptions): Balancer {
  if (options.backends.length === 0) throw new Error("the balancer needs at least one backend");
  const backends: Backend[] = options.backends.map((url) => ({
    url: new URL(url),
    healthy: true,
    served: 0,
  }));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;

  const pick = (tried: Set<Backend>): Backend | undefined => {
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[(next + i) % backends.length] as Backend;
      if (backend.healthy && !tried.has(backend)) {
        next = (next + i + 1) % backends.length;
        return backend;
      }
    }
    return undefined;
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    tried: Set<Backend>,
  ) => {
    const backend = pick(tried);
    if (backend === undefined) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: `no healthy API process (${backends.length} configured); see the cluster's log`,
        }),
      );
      return;
    }
    tried.add(backend);
    const upstream = request(
      {
        agent,
        host: backend.url.hostname,
        port: backend.url.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: backend.url.host },
      },
      (answer) => {
        backend.served++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      // Nothing reached the client yet: mark the backend down and try another.
      if (res.headersSent) return void res.destroy();
      backend.healthy = false;
      forward(req, res, body, tried);
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => forward(req, res, Buffer.concat(chunks), new Set()));
  });
  // Node's default (5 s) is shorter than clients' pools keep sockets: a reused socket
  // closed under a client's request is an error the balancer itself would cause.
  server.keepAliveTimeout = 65_000;

  const check = (backend: Backend) =>
    new Promise<void>((resolve) => {
      const probe = request(
        new URL("/health", backend.url),
        { agent, method: "GET", timeout: 1_000 },
        (answer) => {
          backend.healthy = answer.statusCode === 200;
          answer.resume();
          resolve();
        },
      );
      probe.on("timeout", () => probe.destroy(new Error("timeout")));
      probe.on("error", () => {
        backend.healthy = false;
        resolve();
      });
      probe.end();
    });
  const timer = setInterval(
    () => void Promise.all(backends.map(check)),
    options.healthIntervalMs ?? 500,
  );
  timer.unref();

  return {
    server,
    backends,
    listen: (port, host = "0.0.0.0") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        clearInterval(timer);
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
