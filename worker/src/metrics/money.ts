/**
 * The money counters: earnings, claims and slashes, persisted in the state
 * store's ledger (so that they stay monotone across restarts and an event
 * replayed after a crash is counted once) and mirrored into Prometheus.
 */
import type { CounterLedger } from "../store/counters.js";
import { type WorkerMetrics, weiToTokens } from "./worker-metrics.js";

export type SlashReason = "missed_deadline" | "unrevealed_bid" | "wrong_result";

type Money = { metrics: WorkerMetrics; store: { counters: CounterLedger } };

/** The event that caused an addition: a log's transaction and index, or a transaction alone. */
export function eventId(event: {
  transactionHash: string | null;
  logIndex?: number | null;
}): string {
  return `${event.transactionHash ?? "pending"}:${event.logIndex ?? ""}`;
}

/** Seeds the Prometheus counters with the persisted totals (call once, right after creating both). */
export function restoreMoneyCounters(metrics: WorkerMetrics, ledger: CounterLedger): void {
  for (const { name, labels, total } of ledger.entries()) {
    if (total === 0n) continue;
    if (name === "earnings") metrics.earnings.inc(Number(total));
    else if (name === "claimed") metrics.claimed.inc(Number(total));
    else if (name === "slashes")
      metrics.slashes.inc({ reason: labels.reason ?? "unknown" }, Number(total));
    else if (name === "slashed_wei")
      metrics.slashedStake.inc({ reason: labels.reason ?? "unknown" }, weiToTokens(total));
  }
}

export async function recordEarning(ctx: Money, payment: bigint, id: string): Promise<void> {
  if (await ctx.store.counters.add("earnings", {}, payment, id))
    ctx.metrics.earnings.inc(Number(payment));
}

export async function recordClaim(ctx: Money, amount: bigint, id: string): Promise<void> {
  if (await ctx.store.counters.add("claimed", {}, amount, id))
    ctx.metrics.claimed.inc(Number(amount));
}

/** One slash of `wei` VRT from this provider's stake. */
export async function recordSlash(
  ctx: Money,
  reason: SlashReason,
  wei: bigint,
  id: string,
): Promise<void> {
  if (!(await ctx.store.counters.add("slashes", { reason }, 1n, id))) return;
  await ctx.store.counters.add("slashed_wei", { reason }, wei, `${id}/amount`);
  ctx.metrics.slashes.inc({ reason });
  ctx.metrics.slashedStake.inc({ reason }, weiToTokens(wei));
}
