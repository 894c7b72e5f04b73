import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "../cluster/ponder-process.js";

const indexerDir = dirname(dirname(fileURLToPath(import.meta.url)));

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

/** `count` consecutive free ports (the cluster takes its port and the next ones). */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/**
 * The production layout exactly as operators start it (`npm run start:cluster`),
 * in its own process: the balancer must not share the load generator's event
 * loop, or each would lengthen the other's stalls.
 */
export async function startClusterProcess(options: {
  apis: number;
  databaseUrl: string;
  schema: string;
  logDir: string;
  env: Record<string, string>;
}) {
  const port = await freePorts(options.apis + 2);
  const log = createWriteStream(join(options.logDir, `cluster-${options.apis}.log`));
  const child = spawn(
    process.execPath,
    [
      ...NODE_FLAGS,
      "--import",
      "tsx",
      "cluster/main.ts",
      "--api",
      String(options.apis),
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      "--schema",
      options.schema,
      "--log-dir",
      options.logDir,
    ],
    {
      cwd: indexerDir,
      env: { ...process.env, ...options.env, DATABASE_URL: options.databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    indexerUrl: `http://127.0.0.1:${port + 1}`,
    apiUrls: Array.from({ length: options.apis }, (_, i) => `http://127.0.0.1:${port + 2 + i}`),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
