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
};

export type Indexer = { process: ManagedProcess; url: string; graphqlUrl: string };

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
  const pgliteDir = join(dataDir, "pglite");
  await mkdir(pgliteDir, { recursive: true });
  const env: Record<string, string | undefined> = {
    PONDER_TELEMETRY_DISABLED: "true",
    NODE_ENV: "production",
    VERITY_RPC_URL: rpcUrl,
    VERITY_DEPLOYMENT: deploymentFile,
    VERITY_PGLITE_DIR: pgliteDir,
    VERITY_DISABLE_RPC_CACHE: "true",
    DATABASE_URL: parameters.databaseUrl,
    DATABASE_SCHEMA: undefined,
  };
  const process = spawnManaged({
    name: "indexer",
    command: globalThis.process.execPath,
    args: [
      paths.ponderBin(root),
      "start",
      "--root",
      paths.indexerDir(root),
      "--schema",
      schema,
      "--port",
      String(port),
      "--log-format",
      "json",
    ],
    cwd: paths.indexerDir(root),
    env,
    logFile: join(logDir, "indexer.log"),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil("ready (historical sync done)", async () => (await fetch(`${url}/ready`)).ok, {
    timeoutMs: 180_000,
    intervalMs: 250,
    process,
  });
  return { process, url, graphqlUrl: `${url}/graphql` };
}
