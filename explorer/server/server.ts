/**
 * The explorer's server: the built page (explorer/dist) and `/config.json`, which tells the page
 * which indexer, RPC and contracts to read. Hashed assets are cached for good; the page itself
 * never, so a rebuilt explorer is picked up on reload.
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { compress } from "hono/compress";

export type ExplorerServerConfig = {
  graphqlUrl: string;
  rpcUrl: string | null;
  chainId: number | null;
  addresses: Record<string, string>;
  /** Per model id, what the page needs to turn a drawing into the model's int8 input. */
  models: Record<string, { inputScale: number }>;
};

export type StartExplorerServerParameters = {
  config: ExplorerServerConfig;
  /** 0 for a free port. */
  port: number;
  host?: string | undefined;
  /** The built page; explorer/dist by default. */
  distDir?: string | undefined;
};

export type ExplorerServer = { url: string; port: number; close(): Promise<void> };

export const defaultDistDir = () => join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

export class ExplorerNotBuiltError extends Error {
  override name = "ExplorerNotBuiltError";
  constructor(distDir: string) {
    super(
      `the explorer is not built (${distDir}/index.html is missing): run \`npm run build -w @verity/explorer\``,
    );
  }
}

export function createExplorerApp(config: ExplorerServerConfig, distDir: string): Hono {
  const app = new Hono();
  app.use(compress());
  app.get("/config.json", (c) => c.json(config, 200, { "cache-control": "no-store" }));
  app.get("/health", (c) => c.json({ healthy: true }));
  app.use(
    "/assets/*",
    serveStatic({
      root: distDir,
      onFound: (_path, c) => c.header("cache-control", "public, max-age=31536000, immutable"),
    }),
  );
  app.use(
    "*",
    serveStatic({ root: distDir, onFound: (_path, c) => c.header("cache-control", "no-cache") }),
  );
  return app;
}

export function startExplorerServer(
  parameters: StartExplorerServerParameters,
): Promise<ExplorerServer> {
  const distDir = parameters.distDir ?? defaultDistDir();
  if (!existsSync(join(distDir, "index.html"))) throw new ExplorerNotBuiltError(distDir);
  const app = createExplorerApp(parameters.config, distDir);
  const host = parameters.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: parameters.port }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}/`,
        port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once("error", reject);
  });
}
