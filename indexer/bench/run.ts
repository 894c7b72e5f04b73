/**
 * The indexer's benchmark (not a test): `npm run bench -w @verity/indexer`.
 *
 * 1. Historical sync: fills a fresh anvil with >= 50,000 indexed events, then
 *    syncs it from scratch with the indexer and with a trivial Ponder app that
 *    handles the same events by counting them (bench/trivial), alternately,
 *    on PGlite and (when DATABASE_URL is set) on PostgreSQL.
 * 2. Realtime lag: from sending a transaction to its row in GraphQL.
 * 3. GraphQL latency at a fixed 200 requests/s over loopback.
 *
 * Environment: VERITY_BENCH_EVENTS (50000), VERITY_BENCH_RUNS (3),
 * VERITY_BENCH_REALTIME_SAMPLES (100), VERITY_BENCH_RPS (200),
 * VERITY_BENCH_SECONDS (10), DATABASE_URL.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { jobMarketAbi } from "@verity/sdk/abis";
import type { Address } from "viem";
import type { Deployment } from "../deployment.js";
import { type Anvil, deploy, startAnvil } from "../test/harness/chain.js";
import { createTestDatabase, type TestDatabase } from "../test/harness/database.js";
import { type Ponder, startPonder } from "../test/harness/ponder.js";
import { INPUT } from "../test/harness/protocol.js";
import { indexedEvents } from "./events.js";
import { generate } from "./generate.js";

const indexerDir = dirname(dirname(fileURLToPath(import.meta.url)));
const env = (name: string, fallback: number) => Number(process.env[name] || fallback);
const MIN_EVENTS = env("VERITY_BENCH_EVENTS", 50_000);
const RUNS = env("VERITY_BENCH_RUNS", 3);
const REALTIME_SAMPLES = env("VERITY_BENCH_REALTIME_SAMPLES", 100);
const RPS = env("VERITY_BENCH_RPS", 200);
const SECONDS = env("VERITY_BENCH_SECONDS", 10);

const log = (line: string) => console.error(`[bench] ${line}`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

type SyncResult = { app: string; events: number; backfillMs: number; wallMs: number };

/**
 * What Ponder's JSON log says of the backfill: the events indexed, and the
 * time from the start of the backfill to its last indexed range.
 */
function readBackfill(logFile: string): { events: number; backfillMs: number } {
  let events = 0;
  let started = Number.NaN;
  let ended = Number.NaN;
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { msg?: string; time?: number; event_count?: number };
    if (entry.msg === "Started backfill indexing") started = entry.time ?? Number.NaN;
    if (entry.msg === "Indexed block range") {
      events += entry.event_count ?? 0;
      ended = entry.time ?? Number.NaN;
    }
    if (entry.msg === "Completed backfill indexing across all chains") ended = entry.time ?? ended;
  }
  return { events, backfillMs: ended - started };
}

async function waitReady(ponder: Ponder, timeoutMs = 600_000) {
  const start = Date.now();
  for (;;) {
    if (ponder.process.done) throw new Error(`ponder exited; see ${ponder.process.logFile}`);
    const response = await fetch(`${ponder.url}/ready`).catch(() => undefined);
    if (response?.ok) return;
    if (Date.now() - start > timeoutMs)
      throw new Error(`ponder not ready; see ${ponder.process.logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** GraphQL latency at a fixed rate (open loop: requests leave on schedule, not when answers come). */
async function measureGraphql(url: string, jobs: number, provider: string) {
  const chain = { jobs };
  const queries = [
    {
      query: `query($id: BigInt!) { job(id: $id) { id status price provider } }`,
      variables: () => ({ id: String(1 + Math.floor(Math.random() * chain.jobs)) }),
    },
    {
      query: `{ jobs(where: { modelId: "1", status: Bidding }, orderBy: "postedAt", orderDirection: "desc", limit: 20) { items { id maxPrice revealDeadline } } }`,
      variables: () => ({}),
    },
    {
      query: `query($a: String!) { provider(address: $a) { jobsWon jobsCompleted jobsLate earnings bonded locked status } }`,
      variables: () => ({ a: provider }),
    },
    {
      query: `query($id: BigInt!) { bids(where: { jobId: $id }) { items { bidder price revealed } } }`,
      variables: () => ({ id: String(1 + Math.floor(Math.random() * chain.jobs)) }),
    },
    {
      query: `{ dailyModelStats(where: { modelId: "1" }, orderBy: "day", orderDirection: "desc", limit: 30) { items { date medianClearingPrice clearingCount } } }`,
      variables: () => ({}),
    },
  ];
  const post = (query: string, variables: Record<string, unknown>) =>
    fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    }).then(async (response) => {
      const body = (await response.json()) as { errors?: unknown };
      return response.ok && body.errors === undefined;
    });
  // One connection, one request at a time: the floor under the loaded numbers.
  const sequential: Record<string, number> = {};
  for (const [index, { query, variables }] of queries.entries()) {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const begin = performance.now();
      await post(query, variables());
      times.push(performance.now() - begin);
    }
    sequential[`q${index + 1}`] = Number(percentile(times, 50).toFixed(1));
  }
  const latencies: number[] = [];
  const perQuery = queries.map(() => [] as number[]);
  let errors = 0;
  const total = RPS * SECONDS;
  const interval = 1000 / RPS;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const which = i % queries.length;
    const { query, variables } = queries[which] as (typeof queries)[number];
    const begin = performance.now();
    inflight.push(
      post(query, variables())
        .then((ok) => {
          if (!ok) errors++;
          const latency = performance.now() - begin;
          latencies.push(latency);
          perQuery[which]?.push(latency);
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(inflight);
  const achieved = latencies.length / ((performance.now() - t0) / 1000);

  return {
    targetRps: RPS,
    achievedRps: Number(achieved.toFixed(1)),
    requests: latencies.length,
    errors,
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
    perQuery: Object.fromEntries(
      perQuery.map((times, index) => [
        `q${index + 1}`,
        {
          p50Ms: Number(percentile(times, 50).toFixed(1)),
          p99Ms: Number(percentile(times, 99).toFixed(1)),
        },
      ]),
    ),
    sequentialP50Ms: sequential,
  };
}

type Kind = "pglite" | "postgres";

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "verity-bench-"));
  const kinds: Kind[] = ["pglite"];
  if (process.env.DATABASE_URL) kinds.push("postgres");
  const load = () => loadavg().map((l) => Number(l.toFixed(2)));
  log(`machine: ${cpus().length} cores, load ${load().join(" ")}`);

  const anvil = await startAnvil(dir, {
    accounts: 40,
    extraArgs: ["--gas-limit", "2000000000", "--order", "fifo", "--code-size-limit", "100000"],
  });
  const stopping: (() => Promise<void>)[] = [() => anvil.stop()];
  const databases: TestDatabase[] = [];
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

    const start = async (kind: Kind, app: "indexer" | "trivial", name: string) => {
      process.env.VERITY_TEST_DB = kind;
      const database = await createTestDatabase(`bench_${app}`);
      databases.push(database);
      const wall = performance.now();
      const ponder = await startPonder({
        dir,
        name,
        rpcUrl: anvil.url,
        deploymentPath,
        databaseUrl: database.url,
        root: app === "indexer" ? indexerDir : join(indexerDir, "bench", "trivial"),
      });
      await waitReady(ponder);
      return { ponder, database, wallMs: performance.now() - wall };
    };

    const report: Record<string, unknown> = {
      events: chain.events,
      jobs: chain.jobs,
      blocks: Number(chain.blocks),
      loadBefore: load(),
    };
    const sections: Record<Kind, Record<string, unknown>> = { pglite: {}, postgres: {} };

    /* 1. historical sync of the same chain, alternating the two apps, before anything else is sent */
    for (const kind of kinds) {
      const results: SyncResult[] = [];
      for (let run = 0; run < RUNS; run++) {
        for (const app of ["trivial", "indexer"] as const) {
          const { ponder, wallMs } = await start(kind, app, `${kind}-${app}-${run}`);
          const { events, backfillMs } = readBackfill(ponder.process.logFile);
          await ponder.stop();
          results.push({ app, events, backfillMs, wallMs });
          log(
            `${kind} ${app} run ${run + 1}: ${events} events, backfill ${backfillMs.toFixed(0)} ms`,
          );
          if (events !== chain.events) {
            throw new Error(`${app} indexed ${events} events; the chain has ${chain.events}`);
          }
        }
      }
      const of = (app: string) => results.filter((r) => r.app === app).map((r) => r.backfillMs);
      const rate = (ms: number) => Math.round(chain.events / (ms / 1000));
      const best = { indexer: Math.min(...of("indexer")), trivial: Math.min(...of("trivial")) };
      const median = {
        indexer: percentile(of("indexer"), 50),
        trivial: percentile(of("trivial"), 50),
      };
      sections[kind].historical = {
        indexerEventsPerSecond: rate(best.indexer),
        trivialEventsPerSecond: rate(best.trivial),
        ratioBest: Number((best.trivial / best.indexer).toFixed(2)),
        ratioMedian: Number((median.trivial / median.indexer).toFixed(2)),
        indexerBackfillMs: of("indexer").map(Math.round),
        trivialBackfillMs: of("trivial").map(Math.round),
      };
    }

    /* 2 and 3: a live indexer per database */
    for (const kind of kinds) {
      const { ponder: running } = await start(kind, "indexer", `${kind}-live`);
      stopping.push(() => running.stop());
      sections[kind].realtime = await measureRealtime(anvil, deployment, running);
      const provider = (anvil.clients.accounts[3] as Address).toLowerCase();
      sections[kind].graphql = await measureGraphql(running.url, chain.jobs, provider);
      if (kind === "postgres") {
        // The API alone in its own process, over the live indexer's schema.
        const serve = await startPonder({
          dir,
          name: `${kind}-serve`,
          rpcUrl: anvil.url,
          deploymentPath,
          databaseUrl: databases.at(-1)?.url,
          command: "serve",
          schema: running.schema,
        });
        try {
          sections[kind].graphqlServe = await measureGraphql(serve.url, chain.jobs, provider);
        } finally {
          await serve.stop();
        }
      }
      await running.stop();
      stopping.pop();
    }
    for (const kind of kinds) report[kind] = sections[kind];
    report.loadAfter = load();
    console.log(JSON.stringify(report, null, 2));
  } finally {
    for (const stop of stopping.reverse()) await stop().catch((error) => console.error(error));
    for (const database of databases) await database.drop().catch((error) => console.error(error));
    if (process.env.VERITY_KEEP_TEST_DIR !== "true") rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

/** Realtime lag: from sending a transaction that posts a job to its row in GraphQL. */
async function measureRealtime(anvil: Anvil, deployment: Deployment, ponder: Ponder) {
  const { wallet, public: client, accounts } = anvil.clients;
  await ponder.waitForBlock(await client.getBlockNumber({ cacheTime: 0 }));
  const requester = accounts[1] as Address;
  let jobId = await client.readContract({
    address: deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "jobCount",
  });
  const request = {
    modelId: 1n,
    maxPrice: 1_000_000n,
    executionWindow: 600n,
    consumer: "0x0000000000000000000000000000000000000000" as Address,
    callbackGasLimit: 0n,
    reauction: false,
    minCollateral: 0n,
    minReliabilityBps: 0n,
    noConviction: false,
  };
  const lags: number[] = [];
  for (let sample = 0; sample < REALTIME_SAMPLES; sample++) {
    jobId += 1n;
    const sent = performance.now();
    await wallet.writeContract({
      address: deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "postJob",
      args: [request, INPUT],
      account: requester,
      chain: client.chain,
      gas: 1_000_000n,
    });
    for (;;) {
      const { job } = await ponder.graphql<{ job: { id: string } | null }>(
        "query($id: BigInt!) { job(id: $id) { id } }",
        { id: String(jobId) },
      );
      if (job !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    lags.push(performance.now() - sent);
  }
  return {
    samples: lags.length,
    p50Ms: Number(percentile(lags, 50).toFixed(1)),
    p99Ms: Number(percentile(lags, 99).toFixed(1)),
    maxMs: Number(Math.max(...lags).toFixed(1)),
  };
}

await main();
