import { readFileSync } from "node:fs";

/**
 * What Ponder's JSON log says of the backfill: the events indexed, and the
 * time from the start of the backfill to its last indexed range.
 */
export function readBackfill(logFile: string): { events: number; backfillMs: number } {
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
