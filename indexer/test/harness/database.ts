import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

const psql = (args: string[]) => promisify(execFile)("psql", args);

export type TestDatabase = { url: string | undefined; drop(): Promise<void> };

/** Which database the tests run on: PGlite by default, PostgreSQL under `npm run test:pg`. */
export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.VERITY_TEST_DB === "postgres" ? "postgres" : "pglite";
}

/**
 * A database of its own for one indexer run. On PostgreSQL that is a new
 * database on the server of DATABASE_URL: Ponder keeps its RPC sync data in a
 * schema shared by every app in a database, and a devnet restarted from
 * genesis would otherwise meet the blocks of an earlier run there.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  if (testDatabaseKind() === "pglite") return { url: undefined, drop: async () => {} };
  const admin = process.env.DATABASE_URL;
  if (admin === undefined || admin === "") {
    throw new Error("test:pg needs DATABASE_URL (see tools/ci/postgres.sh)");
  }
  const name = `verity_${label}_${randomBytes(4).toString("hex")}`.toLowerCase();
  await psql([admin, "-v", "ON_ERROR_STOP=1", "-qc", `CREATE DATABASE "${name}"`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await psql([
        admin,
        "-v",
        "ON_ERROR_STOP=1",
        "-qc",
        `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
      ]);
    },
  };
}
