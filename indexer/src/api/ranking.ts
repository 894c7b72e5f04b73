/**
 * `GET /providers/ranking`: the providers' record over a window of UTC days, summed from the
 * `providerDay` rows (or `providerModelDay` for one model) and sorted by a ratio or a count.
 * GraphQL has no aggregates, so "the last 7 days, sorted by completion ratio" is served here
 * (docs/indexer.md, "The record over a window").
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Context } from "hono";
import { and, eq, gte, lte, sql } from "ponder";
import { MAX_LIMIT } from "./query-check.js";

const DAY_SECONDS = 86_400;

/** A column or SQL fragment to interpolate. */
type Chunk = Parameters<typeof sql>[1];

/** `sum(part) * 10000 / sum(whole)`, rounded down; 0 when the whole is 0 (as the provider row). */
const ratio = (part: Chunk, whole: Chunk) =>
  sql<number>`(case when ${whole} = 0 then 0 else (${part} * 10000) / ${whole} end)::integer`;

function columns(table: typeof schema.providerDay | typeof schema.providerModelDay) {
  // Counts as numbers; payment-token amounts and latencies as decimal strings, as GraphQL's BigInt.
  const count = (column: Chunk) => sql<number>`coalesce(sum(${column}), 0)::integer`;
  const amount = (column: Chunk) => sql<string>`coalesce(sum(${column}), 0)::text`;
  const mean = (column: Chunk) =>
    sql<string | null>`(case when sum(${table.resultsSubmitted}) = 0 then null
      else div(sum(${column}), sum(${table.resultsSubmitted})) end)::text`;
  return {
    provider: table.provider,
    bidsCommitted: count(table.bidsCommitted),
    bidsRevealed: count(table.bidsRevealed),
    jobsWon: count(table.jobsWon),
    jobsCompleted: count(table.jobsCompleted),
    jobsLate: count(table.jobsLate),
    disputesWon: count(table.disputesWon),
    disputesLost: count(table.disputesLost),
    jobsEnded: count(table.jobsEnded),
    earnings: amount(table.earnings),
    resultsSubmitted: count(table.resultsSubmitted),
    completionBps: ratio(sql`sum(${table.jobsCompleted})`, sql`sum(${table.jobsEnded})`),
    disputeLossBps: ratio(
      sql`sum(${table.disputesLost})`,
      sql`sum(${table.disputesWon} + ${table.disputesLost})`,
    ),
    revealBps: ratio(sql`sum(${table.bidsRevealed})`, sql`sum(${table.bidsCommitted})`),
    meanLatencySeconds: mean(table.latencySecondsSum),
    meanLatencyBlocks: mean(table.latencyBlocksSum),
  };
}

type Column = keyof ReturnType<typeof columns>;
const SORTABLE: Column[] = [
  "completionBps",
  "disputeLossBps",
  "revealBps",
  "meanLatencySeconds",
  "meanLatencyBlocks",
  "jobsWon",
  "jobsCompleted",
  "jobsLate",
  "jobsEnded",
  "disputesWon",
  "disputesLost",
  "earnings",
  "bidsCommitted",
  "bidsRevealed",
  "resultsSubmitted",
];

type Query = {
  from: number;
  to: number | undefined;
  model: bigint | undefined;
  orderBy: Column;
  desc: boolean;
  limit: number;
  minEnded: number;
};

/** Reads the query string, or says what was wrong and what to write instead. */
export function parseRankingQuery(
  get: (name: string) => string | undefined,
  now = Date.now(),
): Query | string {
  const int = (name: string) => {
    const value = get(name);
    if (value === undefined) return undefined;
    return /^\d+$/.test(value) ? Number(value) : Number.NaN;
  };
  const days = int("days");
  const since = int("since");
  const until = int("until");
  for (const [name, value] of [
    ["days", days],
    ["since", since],
    ["until", until],
    ["limit", int("limit")],
    ["minEnded", int("minEnded")],
  ] as const) {
    if (Number.isNaN(value)) return `${name} must be a whole number, got "${get(name)}"`;
  }
  if ((days === undefined) === (since === undefined)) {
    return "give either days=<n> (the last n UTC days, today included) or since=<day> (a day number, floor(unix seconds / 86400))";
  }
  if (days === 0) return "days must be at least 1";
  const today = Math.floor(now / 1000 / DAY_SECONDS);
  const orderBy = (get("orderBy") ?? "completionBps") as Column;
  if (!SORTABLE.includes(orderBy)) {
    return `cannot order by "${orderBy}": one of ${SORTABLE.join(", ")}`;
  }
  const direction = get("orderDirection") ?? "desc";
  if (direction !== "asc" && direction !== "desc") {
    return `orderDirection "${direction}" is neither "asc" nor "desc"`;
  }
  const limit = int("limit") ?? 100;
  if (limit > MAX_LIMIT) return `limit ${limit} is out of range: at most ${MAX_LIMIT}`;
  const model = get("model");
  if (model !== undefined && !/^\d+$/.test(model)) {
    return `model must be a model id (a whole number), got "${model}"`;
  }
  return {
    from: since ?? today - (days as number) + 1,
    to: until,
    model: model === undefined ? undefined : BigInt(model),
    orderBy,
    desc: direction === "desc",
    limit,
    minEnded: int("minEnded") ?? 0,
  };
}

export async function providerRanking(c: Context) {
  const query = parseRankingQuery((name) => c.req.query(name));
  if (typeof query === "string") return c.json({ error: query }, 400);
  const table = query.model === undefined ? schema.providerDay : schema.providerModelDay;
  const selected = columns(table);
  const window = and(
    gte(table.day, query.from),
    query.to === undefined ? undefined : lte(table.day, query.to),
    query.model === undefined ? undefined : eq(schema.providerModelDay.modelId, query.model),
  );
  const key = selected[query.orderBy];
  // Nulls (no result in the window) last in both directions; the address breaks ties. Latency
  // means are text (exact decimals): order them as numbers.
  const value =
    query.orderBy.startsWith("meanLatency") || query.orderBy === "earnings"
      ? sql`(${key})::numeric`
      : key;
  const order = query.desc ? sql`${value} desc nulls last` : sql`${value} asc nulls last`;
  const rows = await db
    .select(selected)
    .from(table)
    .where(window)
    .groupBy(table.provider)
    .having(sql`sum(${table.jobsEnded}) >= ${query.minEnded}`)
    .orderBy(order, table.provider)
    .limit(query.limit);
  return c.json({
    from: query.from,
    to: query.to ?? null,
    model: query.model?.toString() ?? null,
    orderBy: query.orderBy,
    orderDirection: query.desc ? "desc" : "asc",
    providers: rows,
  });
}
