import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  freePort,
  indexerDir,
  ponderBin,
  type Service,
  startService,
  waitFor,
} from "./processes.js";

export type Ponder = Service & {
  url: string;
  schema: string;
  logFile: string;
  /** The block the indexer has indexed up to, from /status. */
  indexedBlock(): Promise<number | undefined>;
  /** Waits until everything up to `block` is indexed. */
  waitForBlock(block: bigint | number, timeoutMs?: number): Promise<void>;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T>;
};

export type PonderOptions = {
  /** A directory of its own for logs and PGlite files. */
  dir: string;
  rpcUrl: string;
  deploymentPath: string;
  /** PostgreSQL connection string; PGlite in `dir` when absent. */
  databaseUrl?: string | undefined;
  /** Ponder project root; the indexer by default. */
  root?: string;
  name?: string;
  /** `serve` runs the HTTP API alone over another instance's schema (PostgreSQL only). */
  command?: "start" | "serve";
  /** The schema to use; a fresh one by default (`serve` needs the indexing instance's). */
  schema?: string;
};

/** A schema name never used before (Ponder refuses a schema another build used). */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/** Starts `ponder start` on a free port with a fresh schema and waits for its HTTP server. */
export async function startPonder(options: PonderOptions): Promise<Ponder> {
  const port = await freePort();
  const schema = options.schema ?? freshSchema();
  const name = options.name ?? "ponder";
  const pgliteDir = join(options.dir, `${name}-pglite`);
  mkdirSync(pgliteDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_TELEMETRY_DISABLED: "true",
    VERITY_RPC_URL: options.rpcUrl,
    VERITY_DEPLOYMENT: options.deploymentPath,
    VERITY_PGLITE_DIR: pgliteDir,
    NODE_ENV: "production",
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  delete env.DATABASE_SCHEMA;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  const logFile = join(options.dir, `${name}.log`);
  const service = startService(
    process.execPath,
    [
      ponderBin(),
      options.command ?? "start",
      "--root",
      options.root ?? indexerDir,
      "--schema",
      schema,
      "--port",
      String(port),
      "--log-format",
      "json",
    ],
    { cwd: options.root ?? indexerDir, env, logFile },
  );
  const url = `http://127.0.0.1:${port}`;

  const indexedBlock = async () => {
    const response = await fetch(`${url}/status`);
    if (!response.ok) return undefined;
    const status = (await response.json()) as Record<string, { block?: { number: number } }>;
    return Object.values(status)[0]?.block?.number;
  };

  await waitFor(
    `ponder to serve (log: ${logFile})`,
    async () => {
      if (service.exited()) throw new Error(`ponder exited; see ${logFile}`);
      return (await fetch(`${url}/health`)).ok ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  );

  return {
    ...service,
    url,
    schema,
    logFile,
    indexedBlock,
    async waitForBlock(block, timeoutMs = 60_000) {
      await waitFor(
        `block ${block} to be indexed (log: ${logFile})`,
        async () => {
          if (service.exited()) throw new Error(`ponder exited; see ${logFile}`);
          const indexed = await indexedBlock();
          return indexed !== undefined && indexed >= Number(block) ? true : undefined;
        },
        { timeoutMs, intervalMs: 20 },
      );
    },
    async graphql<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors !== undefined && body.errors.length > 0) {
        throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
      }
      if (body.data === undefined) throw new Error(`GraphQL: no data (HTTP ${response.status})`);
      return body.data;
    },
  };
}
