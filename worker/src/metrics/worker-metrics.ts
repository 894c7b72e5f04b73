/**
 * Every metric the worker exports, in one prom-client registry of its own,
 * with the process metrics (CPU, memory, event-loop lag, handles) beside them.
 *
 * Money counters (earnings, claims, slashes) are persisted in the state
 * directory and restored at start (metrics/money.ts): they are monotone across
 * restarts. Every other counter is per process and starts at 0 (Prometheus'
 * `rate()`/`increase()` handle those resets). Token amounts in gauges are
 * decimal tokens converted from the exact smallest-unit amount (no truncation:
 * a slash of 0.001 VRT shows); payment-token counters are in the smallest unit.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "verity_worker_" });
  const counter = <const label extends string = never>(
    name: string,
    help: string,
    labelNames: readonly label[] = [],
  ) => new Counter<label>({ name, help, labelNames, registers: [registry] });
  const gauge = <const label extends string = never>(
    name: string,
    help: string,
    labelNames: readonly label[] = [],
  ) => new Gauge<label>({ name, help, labelNames, registers: [registry] });
  const counted = new Set<string>();
  const auctionsWon = counter(
    "verity_worker_auctions_won_total",
    "Auctions won (once per job and round, however often its execution is retried; per process)",
  );
  const metrics = {
    registry,
    /** Counts a won auction once per job and round: a retried execution is not a new win. */
    countWin(jobId: bigint, round: number): void {
      const key = `${jobId}-${round}`;
      if (counted.has(key)) return;
      counted.add(key);
      auctionsWon.inc();
    },
    jobsSeen: counter("verity_worker_jobs_seen_total", "Jobs posted on models this worker holds"),
    bidsCommitted: counter("verity_worker_bids_committed_total", "Sealed bids committed"),
    bidsRevealed: counter("verity_worker_bids_revealed_total", "Bids revealed"),
    bidsSkipped: counter("verity_worker_bids_skipped_total", "Jobs not bid on, by reason", [
      "reason",
    ]),
    bidsForfeited: counter(
      "verity_worker_bids_forfeited_total",
      "Own commitments forfeited because they were never revealed (each slashed the liveness share of a collateral)",
    ),
    missedPhases: counter(
      "verity_worker_missed_phases_total",
      "Protocol phases this worker missed, by phase",
      ["phase"],
    ),
    auctionsWon,
    auctionsSettled: counter(
      "verity_worker_auctions_settled_total",
      "Auctions this worker settled",
    ),
    resultsSubmitted: counter("verity_worker_results_submitted_total", "Results submitted"),
    jobsFinalized: counter("verity_worker_jobs_finalized_total", "Own jobs finalized"),
    finalityBatches: counter(
      "verity_worker_finality_batches_total",
      "Transactions that finalized several of this worker's jobs at once (finalizeMany)",
    ),
    earnings: counter(
      "verity_worker_earnings_total",
      "Payment token credited for finalized jobs (smallest unit; persisted, monotone across restarts)",
    ),
    claimed: counter(
      "verity_worker_claimed_total",
      "Payment token claimed from the market (smallest unit; persisted, monotone across restarts)",
    ),
    slashes: counter(
      "verity_worker_slashes_total",
      "Slashes of this provider's stake, by reason (missed_deadline, unrevealed_bid, wrong_result; persisted)",
      ["reason"],
    ),
    slashedStake: counter(
      "verity_worker_slashed_vrt_total",
      "Stake slashed from this provider, by reason, in VRT (decimal tokens from the exact wei amount; persisted)",
      ["reason"],
    ),
    rpcRequests: counter(
      "verity_worker_rpc_requests_total",
      "JSON-RPC requests sent to the node, by method (each attempt)",
      ["method"],
    ),
    rpcErrors: counter(
      "verity_worker_rpc_errors_total",
      "JSON-RPC requests that failed, by method and kind (timeout, http, rpc, network)",
      ["method", "kind"],
    ),
    rpcHedged: counter(
      "verity_worker_rpc_hedged_total",
      "Reads sent a second time because the first had no answer after rpcHedgeMs, by method",
      ["method"],
    ),
    rpcLatency: new Histogram({
      name: "verity_worker_rpc_request_duration_seconds",
      help: "Latency of JSON-RPC requests, by method (failed ones included)",
      labelNames: ["method"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    disputes: counter("verity_worker_disputes_total", "Disputes by role and outcome", [
      "role",
      "outcome",
    ]),
    resultsVerified: counter(
      "verity_worker_results_verified_total",
      "Other providers' results re-run, by verdict",
      ["verdict"],
    ),
    txSent: counter("verity_worker_transactions_sent_total", "Transactions sent"),
    txReverted: counter(
      "verity_worker_transactions_reverted_total",
      "Transactions mined but reverted",
    ),
    errors: counter("verity_worker_errors_total", "Errors by kind and retryability", [
      "kind",
      "retryable",
    ]),
    inferenceLatency: new Histogram({
      name: "verity_worker_inference_latency_seconds",
      help: "Latency of one inference with its trace commitment",
      buckets: [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      ],
      registers: [registry],
    }),
    headBlock: gauge("verity_worker_head_block", "Latest block seen"),
    cursorBlock: gauge("verity_worker_cursor_block", "Last block whose events were handled"),
    activeJobs: gauge("verity_worker_active_jobs", "Jobs this worker is tracking"),
    stake: gauge(
      "verity_worker_stake_vrt",
      "This provider's stake by state (bonded = free + locked; locked: collateral of commitments and held jobs; unbonding: requested for withdrawal; withdrawable: unbonding and released), in VRT (decimal tokens from the exact wei amount)",
      ["state"],
    ),
    claimablePayments: gauge(
      "verity_worker_claimable_payment",
      "Payment token credited by the market and not yet claimed (smallest unit)",
    ),
    gasBalance: gauge(
      "verity_worker_gas_balance_eth",
      "Native balance of the worker's account, which pays every transaction's gas, in ETH (decimal from the exact wei amount)",
    ),
    missedDeadlinesInARow: gauge(
      "verity_worker_missed_deadlines_in_a_row",
      "Execution deadlines missed in a row (the market doubles the liveness slash with each)",
    ),
  };
  for (const reason of SLASH_REASONS) {
    metrics.slashes.inc({ reason }, 0);
    metrics.slashedStake.inc({ reason }, 0);
  }
  for (const phase of PHASES) metrics.missedPhases.inc({ phase }, 0);
  return metrics;
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** Label values shown at 0 from the start, so that a dashboard sees "none yet" rather than no series. */
export const SLASH_REASONS = ["missed_deadline", "unrevealed_bid", "wrong_result"] as const;
export const PHASES = ["commit", "reveal", "submission", "execution", "dispute"] as const;

/** A wei amount as decimal tokens: exact up to float64's 15-16 significant digits, never truncated to whole tokens. */
export function weiToTokens(wei: bigint, decimals = 18): number {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const unit = 10n ** BigInt(decimals);
  const text = `${abs / unit}.${(abs % unit).toString().padStart(decimals, "0")}`;
  return (negative ? -1 : 1) * Number(text);
}
