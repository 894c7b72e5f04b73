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
import { parseRankingQuery } from "./ranking-query.js";

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
