/**
 * The production layout in one command, on PostgreSQL:
 *
 *   DATABASE_URL=postgresql://… DATABASE_SCHEMA=verity \
 *     npm run start:cluster -w @verity/indexer -- --api 2 --port 42069
 *
 * one indexing process, N API processes and a balancer on --port (see cluster.ts).
 * Stops everything on SIGINT/SIGTERM.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startCluster } from "./cluster.js";

const { values } = parseArgs({
  options: {
    api: { type: "string", default: "2" },
    port: { type: "string", default: process.env.PORT || "42069" },
    host: { type: "string", default: "0.0.0.0" },
    schema: { type: "string", default: process.env.DATABASE_SCHEMA },
    "log-dir": { type: "string" },
  },
});
const fail = (message: string) => {
  console.error(`start:cluster: ${message}`);
  process.exit(2);
};
const databaseUrl = process.env.DATABASE_URL ?? "";
if (databaseUrl === "")
  fail("set DATABASE_URL: API processes read the indexer's PostgreSQL schema");
if (values.schema === undefined || values.schema === "")
  fail("name the schema: --schema <name> or DATABASE_SCHEMA");

const cluster = await startCluster({
  root: dirname(dirname(fileURLToPath(import.meta.url))),
  databaseUrl,
  schema: values.schema as string,
  apis: Number(values.api),
  port: Number(values.port),
  host: values.host,
  logDir: values["log-dir"],
}).catch((error: Error) => fail(error.message));

let stopping = false;
const shutdown = async () => {
  stopping = true;
  await cluster.stop();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown());
process.once("SIGTERM", () => void shutdown());
void cluster.indexer.exited.then((code) => {
  if (stopping) return;
  stopping = true;
  console.error(`start:cluster: the indexing process exited (${code}); stopping`);
  void cluster.stop().then(() => process.exit(1));
});
