/** Every metric the worker exports, in one place. */
import { Registry } from "./registry.js";

export function createWorkerMetrics() {
  const registry = new Registry();
  return {
    registry,
    jobsSeen: registry.counter(
      "verity_worker_jobs_seen_total",
      "Jobs posted on models this worker holds",
    ),
    bidsCommitted: registry.counter("verity_worker_bids_committed_total", "Sealed bids committed"),
    bidsRevealed: registry.counter("verity_worker_bids_revealed_total", "Bids revealed"),
    bidsSkipped: registry.counter("verity_worker_bids_skipped_total", "Jobs not bid on, by reason"),
    auctionsWon: registry.counter("verity_worker_auctions_won_total", "Auctions won"),
    auctionsSettled: registry.counter(
      "verity_worker_auctions_settled_total",
      "Auctions this worker settled",
    ),
    resultsSubmitted: registry.counter(
      "verity_worker_results_submitted_total",
      "Results submitted",
    ),
    jobsFinalized: registry.counter("verity_worker_jobs_finalized_total", "Own jobs finalized"),
    earnings: registry.counter(
      "verity_worker_earnings_total",
      "Payment token credited for finalized jobs (smallest unit)",
    ),
    claimed: registry.counter(
      "verity_worker_claimed_total",
      "Payment token claimed from the market (smallest unit)",
    ),
    disputes: registry.counter("verity_worker_disputes_total", "Disputes by role and outcome"),
    resultsVerified: registry.counter(
      "verity_worker_results_verified_total",
      "Other providers' results re-run, by verdict",
    ),
    txSent: registry.counter("verity_worker_transactions_sent_total", "Transactions sent"),
    txReverted: registry.counter(
      "verity_worker_transactions_reverted_total",
      "Transactions mined but reverted",
    ),
    errors: registry.counter("verity_worker_errors_total", "Errors by kind and retryability"),
    inferenceLatency: registry.histogram(
      "verity_worker_inference_latency_seconds",
      "Latency of one inference with its trace commitment",
      [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
    headBlock: registry.gauge("verity_worker_head_block", "Latest block seen"),
    cursorBlock: registry.gauge(
      "verity_worker_cursor_block",
      "Last block whose events were handled",
    ),
    activeJobs: registry.gauge("verity_worker_active_jobs", "Jobs this worker is tracking"),
    freeStake: registry.gauge(
      "verity_worker_free_stake",
      "Free stake (protocol token, whole tokens)",
    ),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
