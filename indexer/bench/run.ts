/**
 * The indexer's benchmark (not a test): `npm run bench -w @verity/indexer`.
 *
 * 1. Historical sync: fills a fresh anvil with >= 50,000 indexed events, then
 *    syncs it from scratch with the indexer and with a trivial Ponder app that
 *    handles the same events by counting them (bench/trivial), alternately,
 *    on PGlite and (when DATABASE_URL is set) on PostgreSQL.
 * 2. Realtime lag: from sending a transaction to its row in GraphQL.
 * 3. GraphQL latency at a fixed rate, open loop, from the indexing process;
 *    on PostgreSQL also from the production layout (cluster/) with 1 and 2
 *    API processes behind the balancer.
 *
 * Every figure is the median of VERITY_BENCH_RUNS runs, printed beside its
 * target with the machine's load before and after. A GraphQL run whose load
 * generator fell behind its schedule is void, and the benchmark then exits 1.
 *
 * Environment: VERITY_BENCH_EVENTS (50000), VERITY_BENCH_RUNS (3),
 * VERITY_BENCH_REALTIME_SAMPLES (100), VERITY_BENCH_RPS (200),
 * VERITY_BENCH_SECONDS (10), VERITY_BENCH_ONLY (historical,realtime,graphql,cluster),
 * VERITY_BENCH_CLUSTER_APIS (1,2), DATABASE_URL.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { freshSchema } from "@verity/cli/harness";
import type { Address } from "viem";
import { deploy, startAnvil } from "../test/harness/chain.js";
import { createTestDatabase, type TestDatabase } from "../test/harness/database.js";
import { startPonder } from "../test/harness/ponder.js";
import { readBackfill } from "./backfill.js";
import { startClusterProcess } from "./cluster-process.js";
import { indexedEvents } from "./events.js";
import { explainBenchmarkQueries } from "./explain.js";
import { type Figure, figure, formatFigures } from "./figures.js";
import { generate } from "./generate.js";
import { type GraphqlRound, graphqlRounds, sequentialFloor } from "./graphql.js";
import { benchmarkQueries } from "./queries.js";
import { measureRealtime } from "./realtime.js";
import { machineLoad, median } from "./stats.js";

const indexerDir = dirname(dirname(fileURLToPath(import.meta.url)));
const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const MIN_EVENTS = env("VERITY_BENCH_EVENTS", 50_000);
const RUNS = env("VERITY_BENCH_RUNS", 3);
const REALTIME_SAMPLES = env("VERITY_BENCH_REALTIME_SAMPLES", 100);
const RPS = env("VERITY_BENCH_RPS", 200);
const SECONDS = env("VERITY_BENCH_SECONDS", 10);
const SECTIONS = new Set(
  (process.env.VERITY_BENCH_ONLY || "historical,realtime,graphql,cluster").split(","),
);
const CLUSTER_APIS = (process.env.VERITY_BENCH_CLUSTER_APIS || "1,2").split(",").map(Number);

/** The targets of issue 17, as bounds on the medians. */
const TARGETS = {
  historicalRatio: { op: ">=", value: 0.9 },
  realtimeP50: { op: "<=", value: 150 },
  realtimeP99: { op: "<=", value: 400 },
  graphqlP99: { pglite: { op: "<=", value: 100 }, postgres: { op: "<=", value: 30 } },
} as const;

const log = (line: string) => console.error(`[bench] ${line}`);

type Kind = "pglite" | "postgres";

/** The p50 and p99 figures of a set of GraphQL rounds (void if any round was). */
function graphqlFigures(name: string, rounds: GraphqlRound[], p99Target?: Figure["target"]) {
  const voided = rounds.find((r) => r.voidBecause !== undefined)?.voidBecause;
  const loadBefore = rounds[0]?.loadBefore ?? machineLoad();
  return [
    figure(
      `${name} p50`,
      "ms",
      rounds.map((r) => r.p50Ms),
      loadBefore,
      undefined,
      voided,
    ),
    figure(
      `${name} p99`,
      "ms",
      rounds.map((r) => r.p99Ms),
      loadBefore,
      p99Target,
      voided,
    ),
  ];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "verity-bench-"));
  const kinds: Kind[] = ["pglite"];
  if (process.env.DATABASE_URL) kinds.push("postgres");
  log(`machine: ${cpus().length} cores, load ${machineLoad().join(" ")}`);

  const anvil = await startAnvil(dir, {
    accounts: 40,
    extraArgs: ["--gas-limit", "2000000000", "--order", "fifo", "--code-size-limit", "100000"],
  });
  const stopping: (() => Promise<void>)[] = [() => anvil.stop()];
  const databases: TestDatabase[] = [];
  const figures: Figure[] = [];
  try {
    const { path: deploymentPath, deployment } = await deploy(anvil, dir);
    const started = performance.now();
    const chain = await generate(
      anvil,
      deployment,
      {
        jobsPerWave: 100,
        providers: 24,
        minEvents: MIN_EVENTS,
        indexed: indexedEvents(deployment),
      },
      log,
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `generated ${chain.events} indexed events, ${chain.jobs} jobs, ${chain.blocks} blocks in ${seconds} s`,
    );
    const provider = (anvil.clients.accounts[3] as Address).toLowerCase();
    const head = () => anvil.clients.public.getBlockNumber({ cacheTime: 0 });
    const queries = benchmarkQueries(chain.jobs, provider);

    const database = async (kind: Kind, label: string) => {
      process.env.VERITY_TEST_DB = kind;
      const created = await createTestDatabase(label);
      databases.push(created);
      return created;
    };
    const start = async (kind: Kind, app: "indexer" | "trivial", name: string) => {
      const { url } = await database(kind, `bench_${app}`);
      const ponder = await startPonder({
        dir,
        name,
        rpcUrl: anvil.url,
        deploymentPath,
        databaseUrl: url,
        root: app === "indexer" ? indexerDir : join(indexerDir, "bench", "trivial"),
      });
      await waitReady(ponder.url, () => ponder.process.done, ponder.process.logFile);
      return { ponder, databaseUrl: url };
    };

    const report: Record<string, unknown> = {
      events: chain.events,
      jobs: chain.jobs,
      blocks: Number(chain.blocks),
      rps: RPS,
      seconds: SECONDS,
      runs: RUNS,
      loadBefore: machineLoad(),
    };
    const sections: Record<Kind, Record<string, unknown>> = { pglite: {}, postgres: {} };

    /* 1. historical sync of the same chain, alternating the two apps, before anything else is sent */
    if (SECTIONS.has("historical")) {
      for (const kind of kinds) {
        const loadBefore = machineLoad();
        const runs: { indexer: number[]; trivial: number[]; ratios: number[] } = {
          indexer: [],
          trivial: [],
          ratios: [],
        };
        for (let run = 0; run < RUNS; run++) {
          for (const app of ["trivial", "indexer"] as const) {
            const { ponder } = await start(kind, app, `${kind}-${app}-${run}`);
            const { events, backfillMs } = readBackfill(ponder.process.logFile);
            await ponder.stop();
            runs[app].push(Math.round(backfillMs));
            log(
              `${kind} ${app} run ${run + 1}: ${events} events, backfill ${backfillMs.toFixed(0)} ms`,
            );
            // The indexer also counts its block handler (the proposal clock): one event a block.
            const extra = app === "indexer" ? Number(chain.blocks) : 0;
            if (events < chain.events || events > chain.events + extra) {
              throw new Error(
                `${app} indexed ${events} events; the chain has ${chain.events} (and ${extra} block events)`,
              );
            }
          }
          // Each pair ran back to back, under about the same load: its ratio is the fair one.
          runs.ratios.push(
            Number(((runs.trivial[run] as number) / (runs.indexer[run] as number)).toFixed(2)),
          );
        }
        const rate = (ms: number) => Math.round(chain.events / (ms / 1000));
        sections[kind].historical = {
          indexerEventsPerSecond: rate(median(runs.indexer)),
          trivialEventsPerSecond: rate(median(runs.trivial)),
          indexerBackfillMs: runs.indexer,
          trivialBackfillMs: runs.trivial,
        };
        figures.push(
          figure(
            `${kind} historical, indexer ÷ trivial`,
            "×",
            runs.ratios,
            loadBefore,
            TARGETS.historicalRatio,
          ),
        );
      }
    }

    /* 2 and 3: a live indexer per database */
    for (const kind of kinds) {
      if (!SECTIONS.has("realtime") && !SECTIONS.has("graphql")) break;
      const { ponder: running, databaseUrl } = await start(kind, "indexer", `${kind}-live`);
      stopping.push(() => running.stop());
      if (SECTIONS.has("realtime")) {
        const loadBefore = machineLoad();
        const rounds = [];
        for (let run = 0; run < RUNS; run++) {
          rounds.push(await measureRealtime(anvil, deployment, running, REALTIME_SAMPLES));
          log(`${kind} realtime run ${run + 1}: ${JSON.stringify(rounds.at(-1))}`);
        }
        sections[kind].realtime = rounds;
        const p50 = rounds.map((r) => r.p50Ms);
        const p99 = rounds.map((r) => r.p99Ms);
        figures.push(
          figure(`${kind} realtime lag p50`, "ms", p50, loadBefore, TARGETS.realtimeP50),
        );
        figures.push(
          figure(`${kind} realtime lag p99`, "ms", p99, loadBefore, TARGETS.realtimeP99),
        );
      }
      if (SECTIONS.has("graphql")) {
        await waitForHead(running.url, await head());
        const label = `${kind} GraphQL ${RPS} rps, indexing process`;
        const floor = await sequentialFloor(running.url, queries);
        const rounds = await graphqlRounds(
          label,
          running.url,
          { indexer: running.url },
          queries,
          { rps: RPS, seconds: SECONDS, runs: RUNS },
          log,
        );
        sections[kind].graphql = { sequentialP50Ms: floor, rounds };
        figures.push(
          ...graphqlFigures(
            label,
            rounds,
            kind === "pglite" ? TARGETS.graphqlP99.pglite : undefined,
          ),
        );
        if (kind === "postgres" && databaseUrl !== undefined) {
          sections[kind].plans = await explainBenchmarkQueries(
            databaseUrl,
            running.schema,
            Math.ceil(chain.jobs / 2),
            provider,
          );
          log(`query plans: ${JSON.stringify(sections[kind].plans)}`);
        }
      }
      await running.stop();
      stopping.pop();
    }

    /* 3b. the production layout: one indexing process, N API processes, the balancer */
    if (SECTIONS.has("cluster") && kinds.includes("postgres")) {
      for (const apis of CLUSTER_APIS) {
        const { url: databaseUrl } = await database("postgres", "bench_cluster");
        const cluster = await startClusterProcess({
          apis,
          databaseUrl: databaseUrl as string,
          schema: freshSchema(),
          logDir: dir,
          env: { VERITY_RPC_URL: anvil.url, VERITY_DEPLOYMENT: deploymentPath },
        });
        stopping.push(() => cluster.stop());
        await waitReady(cluster.url, cluster.exited, join(dir, `cluster-${apis}.log`));
        await waitForHead(cluster.indexerUrl, await head());
        const label = `postgres GraphQL ${RPS} rps, production layout N=${apis}`;
        const servers = Object.fromEntries([
          ["indexer", cluster.indexerUrl],
          ...cluster.apiUrls.map((url, i) => [`api-${i + 1}`, url]),
        ]);
        const rounds = await graphqlRounds(
          label,
          cluster.url,
          servers,
          queries,
          { rps: RPS, seconds: SECONDS, runs: RUNS },
          log,
        );
        sections.postgres[`cluster${apis}`] = { rounds };
        figures.push(...graphqlFigures(label, rounds, TARGETS.graphqlP99.postgres));
        await cluster.stop();
        stopping.pop();
      }
    }

    for (const kind of kinds) report[kind] = sections[kind];
    report.loadAfter = machineLoad();
    report.figures = figures;
    console.log(JSON.stringify(report, null, 2));
    console.error(`\n${formatFigures(figures)}\n`);
    const voided = figures.filter((f) => f.voidBecause !== undefined);
    if (voided.length > 0) {
      console.error(
        `bench: ${voided.length} figure(s) VOID: the load generator could not keep its schedule ` +
          "on this machine (see the VOID lines above); re-run when the load is lower.",
      );
      process.exitCode = 1;
    }
  } finally {
    for (const stop of stopping.reverse()) await stop().catch((error) => console.error(error));
    for (const database of databases) await database.drop().catch((error) => console.error(error));
    if (process.env.VERITY_KEEP_TEST_DIR !== "true") rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

/**
 * Waits until the process at `url` has indexed the chain's head: after /ready, Ponder still
 * indexes the newest 30 (unfinalized) blocks one by one, and a figure taken meanwhile
 * measures that work too.
 */
async function waitForHead(url: string, head: bigint, timeoutMs = 300_000) {
  const start = Date.now();
  for (;;) {
    const status = (await fetch(`${url}/status`)
      .then((r) => r.json())
      .catch(() => ({}))) as Record<string, { block?: { number: number } }>;
    if ((Object.values(status)[0]?.block?.number ?? -1) >= Number(head)) return;
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not reach block ${head}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The last lines of a log file, to say why a process ended. */
function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function waitReady(url: string, exited: () => boolean, logs: string, timeoutMs = 600_000) {
  const start = Date.now();
  for (;;) {
    if (exited()) throw new Error(`ponder exited; the end of ${logs}:\n${tail(logs)}`);
    const response = await fetch(`${url}/ready`).catch(() => undefined);
    if (response?.ok) return;
    if (Date.now() - start > timeoutMs) throw new Error(`ponder not ready; see ${logs}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

await main();
