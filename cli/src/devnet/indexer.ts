import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { paths } from "./paths.js";
import { type ManagedProcess, portInUse, spawnManaged, waitUntil } from "./processes.js";

export type StartIndexerParameters = {
  root: string;
  logDir: string;
  dataDir: string;
  rpcUrl: string;
  deploymentFile: string;
  port: number;
  /** A schema name never used before: Ponder refuses one another build used. */
  schema: string;
  /** PostgreSQL instead of the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** `serve` runs the HTTP API alone over another instance's schema (PostgreSQL only). */
  command?: "start" | "serve" | undefined;
  /**
   * What to wait for: `ready` (the historical sync is done; the default) or `health`
   * (the HTTP server answers; tests that wait for a block themselves).
   */
  waitFor?: "ready" | "health" | undefined;
  /** Another Ponder project to run instead of indexer/ (benchmarks: a trivial app). */
  projectDir?: string | undefined;
  /** Names the log file and PGlite directory, for several indexers in one directory. */
  name?: string | undefined;
};

export type Indexer = {
  process: ManagedProcess;
  url: string;
  graphqlUrl: string;
  schema: string;
  /** The newest block it has indexed, from /status. */
  indexedBlock(): Promise<number | undefined>;
  /** Waits until everything up to `block` is indexed. */
  waitForBlock(block: bigint | number, timeoutMs?: number): Promise<void>;
};

/** Whether the indexer can be started here (indexer/ and ponder installed). */
export function indexerAvailable(root: string): string | undefined {
  if (!existsSync(join(paths.indexerDir(root), "ponder.config.ts")))
    return "indexer/ponder.config.ts is missing";
  if (!existsSync(paths.ponderBin(root)))
    return "ponder is not installed (npm install at the root)";
  return undefined;
}

/**
 * Starts `ponder start` on the indexer with a fresh schema, and waits until it
 * serves GraphQL (its /ready answers once the historical sync is done).
 */
export async function startIndexer(parameters: StartIndexerParameters): Promise<Indexer> {
  const { root, logDir, dataDir, rpcUrl, deploymentFile, port, schema } = parameters;
  if (await portInUse(port))
    throw new Error(`port ${port} is in use: pass --graphql-port <free port>`);
  const name = parameters.name ?? "indexer";
  const pgliteDir = join(dataDir, name === "indexer" ? "pglite" : `${name}-pglite`);
  await mkdir(pgliteDir, { recursive: true });
  const env: Record<string, string | undefined> = {
    PONDER_TELEMETRY_DISABLED: "true",
    NODE_ENV: "production",
    VERITY_RPC_URL: rpcUrl,
    VERITY_DEPLOYMENT: deploymentFile,
    VERITY_PGLITE_DIR: pgliteDir,
    VERITY_DISABLE_RPC_CACHE: "true",
    DATABASE_URL: parameters.databaseUrl,
    DATABASE_PRIVATE_URL: undefined,
    DATABASE_SCHEMA: undefined,
  };
  const process = spawnManaged({
    name,
    command: globalThis.process.execPath,
    args: [
      paths.ponderBin(root),
      parameters.command ?? "start",
      "--root",
      parameters.projectDir ?? paths.indexerDir(root),
      "--schema",
      schema,
      "--port",
      String(port),
      "--log-format",
      "json",
    ],
    cwd: parameters.projectDir ?? paths.indexerDir(root),
    env,
    logFile: join(logDir, `${name}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  const ready = parameters.waitFor ?? "ready";
  await waitUntil(
    ready === "ready" ? "ready (historical sync done)" : "serving HTTP",
    async () => (await fetch(`${url}/${ready}`)).ok,
    { timeoutMs: 180_000, intervalMs: ready === "ready" ? 250 : 50, process },
  );
  const indexedBlock = async () => {
    const response = await fetch(`${url}/status`);
    if (!response.ok) return undefined;
    const status = (await response.json()) as Record<string, { block?: { number: number } }>;
    return Object.values(status)[0]?.block?.number;
  };
  return {
    process,
    url,
    graphqlUrl: `${url}/graphql`,
    schema,
    indexedBlock,
    async waitForBlock(block, timeoutMs = 60_000) {
      await waitUntil(
        `indexed up to block ${block}`,
        async () => ((await indexedBlock()) ?? -1) >= Number(block),
        { timeoutMs, intervalMs: 20, process },
      );
    },
  };
}
