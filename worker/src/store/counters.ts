/**
 * The money counters (earnings, claims, slashes) kept on disk, so that the
 * Prometheus counters built on them stay monotone across restarts: an
 * operator's `increase()` over a restart then shows no drop and no double
 * count. Each addition names the event that caused it; an event replayed
 * after a crash (the cursor moves only after its handler ran) is counted once.
 */
import { join } from "node:path";
import { readJson, writeJsonDurable } from "./durable.js";

/** Event ids remembered for de-duplication: far more than one replayed chunk holds. */
const REMEMBERED = 4096;

type LedgerFile = { totals: Record<string, bigint>; recent: string[] };

export type LedgerEntry = { name: string; labels: Record<string, string>; total: bigint };

function keyOf(name: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return `${name}|${JSON.stringify(sorted)}`;
}

export class CounterLedger {
  private totals = new Map<string, bigint>();
  private recent: string[] = [];
  private readonly seen = new Set<string>();
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, "counters.json");
  }

  async load(): Promise<void> {
    const file = await readJson<LedgerFile>(this.path);
    this.totals = new Map(Object.entries(file?.totals ?? {}));
    this.recent = file?.recent ?? [];
    this.seen.clear();
    for (const id of this.recent) this.seen.add(id);
  }

  /** Every counter with its persisted total, to seed the metrics at start. */
  entries(): LedgerEntry[] {
    return [...this.totals].map(([key, total]) => {
      const cut = key.indexOf("|");
      const labels = JSON.parse(key.slice(cut + 1)) as [string, string][];
      return { name: key.slice(0, cut), labels: Object.fromEntries(labels), total };
    });
  }

  /**
   * Adds `amount` to a counter once per `eventId` (e.g. `txHash:logIndex`); false when this
   * event was already counted. Written durably before it returns.
   */
  async add(
    name: string,
    labels: Record<string, string>,
    amount: bigint,
    eventId: string,
  ): Promise<boolean> {
    if (this.seen.has(eventId)) return false;
    const key = keyOf(name, labels);
    this.totals.set(key, (this.totals.get(key) ?? 0n) + amount);
    this.seen.add(eventId);
    this.recent.push(eventId);
    if (this.recent.length > REMEMBERED) {
      for (const old of this.recent.splice(0, this.recent.length - REMEMBERED))
        this.seen.delete(old);
    }
    await writeJsonDurable(this.path, {
      totals: Object.fromEntries(this.totals),
      recent: this.recent,
    } satisfies LedgerFile);
    return true;
  }
}
