/**
 * Every metric the worker exports, in one prom-client registry of its own,
 * with the process metrics (CPU, memory, event-loop lag, handles) beside them.
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
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
  return {
    registry,
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
    auctionsWon: counter("verity_worker_auctions_won_total", "Auctions won"),
    auctionsSettled: counter(
      "verity_worker_auctions_settled_total",
      "Auctions this worker settled",
    ),
    resultsSubmitted: counter("verity_worker_results_submitted_total", "Results submitted"),
    jobsFinalized: counter("verity_worker_jobs_finalized_total", "Own jobs finalized"),
    earnings: counter(
      "verity_worker_earnings_total",
      "Payment token credited for finalized jobs (smallest unit)",
    ),
    claimed: counter(
      "verity_worker_claimed_total",
      "Payment token claimed from the market (smallest unit)",
    ),
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
    freeStake: gauge("verity_worker_free_stake", "Free stake (protocol token, whole tokens)"),
    lockedStake: gauge(
      "verity_worker_locked_stake",
      "Stake locked as collateral by commitments and held jobs (protocol token)",
    ),
    missedDeadlinesInARow: gauge(
      "verity_worker_missed_deadlines_in_a_row",
      "Execution deadlines missed in a row (the market doubles the liveness slash with each)",
    ),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
