import { type Indexer, startIndexer } from "@verity/cli/harness";

export { freshSchema } from "@verity/cli/harness";

export type Ponder = Indexer & {
  stop(): Promise<void>;
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
  name?: string;
  /** Ponder project root; the indexer by default. */
  root?: string;
  /** `serve` runs the HTTP API alone over another instance's schema (PostgreSQL only). */
  command?: "start" | "serve";
  /** The schema to use; a fresh one by default (`serve` needs the indexing instance's). */
  schema?: string;
};

/** Starts the real indexer through the shared harness, with a GraphQL helper for assertions. */
export async function startPonder(options: PonderOptions): Promise<Ponder> {
  const indexer = await startIndexer({
    dir: options.dir,
    rpcUrl: options.rpcUrl,
    deploymentFile: options.deploymentPath,
    databaseUrl: options.databaseUrl,
    schema: options.schema,
    command: options.command,
    name: options.name,
    projectDir: options.root,
  });
  return {
    ...indexer,
    stop: () => indexer.process.stop(),
    async graphql<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(indexer.graphqlUrl, {
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
