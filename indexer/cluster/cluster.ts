import { join } from "node:path";
import { type Balancer, createBalancer } from "./balancer.js";
import { type PonderProcess, spawnPonder, waitForOk } from "./ponder-process.js";

export type ClusterOptions = {
  /** The Ponder app (indexer/). */
  root: string;
  /** PostgreSQL: `ponder serve` reads the indexing process's tables there. */
  databaseUrl: string;
  /** The schema the indexing process writes and the API processes read. */
  schema: string;
  /** How many API processes (`ponder serve`). */
  apis: number;
  /** The one public port (the balancer); the processes take the next 1 + apis ports. */
  port: number;
  /** Other ports for the processes than the ones after `port` (the indexer's, then each API's). */
  processPorts?: { indexer: number; apis: number[] };
  host?: string;
  /** Each process's log goes to <logDir>/<name>.log; to this process's output when absent. */
  logDir?: string | undefined;
  /** Extra environment for the Ponder processes (RPC, deployment file). */
  env?: Record<string, string | undefined>;
  /** Delay before a dead API process is started again (ms). */
  restartDelayMs?: number;
  log?: (line: string) => void;
};

export type Cluster = {
  /** The balancer's URL: GraphQL at /graphql, as a single Ponder. */
  url: string;
  indexer: PonderProcess;
  /** The API processes now running (one is replaced when it dies). */
  apis: PonderProcess[];
  balancer: Balancer;
  stop(): Promise<void>;
};

/**
 * The production layout on PostgreSQL: one indexing process (`ponder start`),
 * N API processes (`ponder serve`) over its schema, and a health-aware
 * round-robin balancer in front on one port. An API process that dies is
 * started again; meanwhile the balancer sends its share to the others.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!Number.isInteger(options.apis) || options.apis < 1) {
    throw new Error(`--api must be a whole number of API processes >= 1, got ${options.apis}`);
  }
  if (options.databaseUrl === "") {
    throw new Error(
      "the cluster needs PostgreSQL (ponder serve does not read PGlite): set DATABASE_URL",
    );
  }
  const log = options.log ?? ((line: string) => console.error(`[cluster] ${line}`));
  const env = { ...options.env, NODE_ENV: "production", DATABASE_URL: options.databaseUrl };
  const logFile = (name: string) =>
    options.logDir === undefined ? undefined : join(options.logDir, `${name}.log`);
  const spawn = (command: "start" | "serve", name: string, port: number) =>
    spawnPonder({
      command,
      root: options.root,
      schema: options.schema,
      port,
      env,
      logFile: logFile(name),
    });

  let stopping = false;
  const indexerPort = options.processPorts?.indexer ?? options.port + 1;
  const apiPort = (index: number) => options.processPorts?.apis[index] ?? options.port + 2 + index;
  const indexer = spawn("start", "indexer", indexerPort);
  const apis: PonderProcess[] = [];
  const stopAll = async () => {
    stopping = true;
    await Promise.all([...apis, indexer].map((p) => p.stop()));
  };
  try {
    // `ponder serve` refuses a schema that does not exist yet: the indexer creates it first.
    await waitForOk(`${indexer.url}/health`, indexer);
    log(`indexer (ponder start) on ${indexer.url}, schema ${options.schema}`);

    const startApi = async (index: number) => {
      const api = spawn("serve", `api-${index + 1}`, apiPort(index));
      apis[index] = api;
      void api.exited.then((code) => {
        if (stopping || apis[index] !== api) return;
        log(`API process ${index + 1} exited (${code}); starting it again`);
        setTimeout(
          () => void startApi(index).catch((error) => log(String(error))),
          options.restartDelayMs ?? 1_000,
        );
      });
      await waitForOk(`${api.url}/health`, api);
      log(`API process ${index + 1} (ponder serve) on ${api.url}`);
    };
    await Promise.all(Array.from({ length: options.apis }, (_, i) => startApi(i)));

    const balancer = createBalancer({ backends: apis.map((api) => api.url) });
    const port = await balancer.listen(options.port, options.host);
    const url = `http://127.0.0.1:${port}`;
    log(`serving on ${url} (GraphQL at /graphql) over ${options.apis} API process(es)`);
    return {
      url,
      indexer,
      apis,
      balancer,
      async stop() {
        await balancer.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
