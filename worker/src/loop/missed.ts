/**
 * Missed phases: a commit, reveal, submission or dispute move whose deadline
 * passed before it landed. Each is counted, logged with its cause, and kept in
 * a short list that health reads.
 */
import type { WorkerContext } from "./context.js";

export type Phase = "commit" | "reveal" | "execution" | "dispute_response" | "dispute_timeout";

export type MissedPhase = { phase: Phase; jobId: bigint; at: number; cause: string };

/** How many recent misses the context keeps. */
const KEPT = 50;

export function missPhase(
  ctx: Pick<WorkerContext, "metrics" | "log" | "missedPhases">,
  miss: { phase: Phase; jobId: bigint; cause: string },
  options: { counted?: boolean } = {},
): void {
  // The execution miss is also counted from the chain's DeadlineMissed event (handlers.ts).
  if (options.counted !== false) ctx.metrics.missedPhases.inc({ phase: miss.phase });
  ctx.missedPhases.push({ ...miss, at: Date.now() });
  if (ctx.missedPhases.length > KEPT) ctx.missedPhases.splice(0, ctx.missedPhases.length - KEPT);
  ctx.log.error("phase_missed", { phase: miss.phase, jobId: miss.jobId, cause: miss.cause });
}

/** The last failure of a job's task or transaction (why a phase may have been missed). */
export function lastFailure(
  ctx: Pick<WorkerContext, "failures">,
  jobId: bigint,
): string | undefined {
  return ctx.failures.get(jobId.toString());
}

/** Notes why a job's task or transaction failed, for the phase_missed that may follow. */
export function noteFailure(
  ctx: Pick<WorkerContext, "failures">,
  jobId: bigint,
  cause: string,
): void {
  ctx.failures.set(jobId.toString(), cause);
  if (ctx.failures.size > 1000) {
    const oldest = ctx.failures.keys().next().value;
    if (oldest !== undefined) ctx.failures.delete(oldest);
  }
}
