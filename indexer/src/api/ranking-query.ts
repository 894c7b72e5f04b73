/**
 * The query string of `GET /providers/ranking` (ranking.ts): the window, the model, the sort and
 * the page, or a sentence saying what was wrong and what to write instead.
 */
import { MAX_LIMIT } from "./query-check.js";

const DAY_SECONDS = 86_400;

/** The window's columns a ranking sorts by. */
export const SORTABLE = [
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
] as const;

export type RankingColumn = (typeof SORTABLE)[number];

export type RankingQuery = {
  /** The first and last UTC day of the window (day = floor(unix seconds / 86400)). */
  from: number;
  to: number | undefined;
  model: bigint | undefined;
  orderBy: RankingColumn;
  desc: boolean;
  limit: number;
  minEnded: number;
};

/** Reads the query string, or says what was wrong and what to write instead. */
export function parseRankingQuery(
  get: (name: string) => string | undefined,
  now = Date.now(),
): RankingQuery | string {
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
  const orderBy = (get("orderBy") ?? "completionBps") as RankingColumn;
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
