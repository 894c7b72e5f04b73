/**
 * What `/health` says: healthy only when the worker can do its job right now,
 * with every reason it cannot. A pure function of a status snapshot (the worker
 * fills it), so each rule is tested on its own.
 */
import type { RpcHealth } from "./rpc.js";

export type MissedPhase = { phase: string; atMs: number };

export type HealthSnapshot = {
  nowMs: number;
  stopped: boolean;
  /** Date.now() of the last completed loop tick; 0 before the first. */
  lastTickAt: number;
  /** A tick older than this means the loop is stuck. */
  staleAfterMs: number;
  consecutiveTickFailures: number;
  /** Model ids named in the configuration, and those loaded (files matching the registry). */
  models: { configured: readonly bigint[]; loaded: readonly bigint[] };
  head: bigint;
  cursor: bigint;
  confirmations: number;
  /** How far behind `head - confirmations` the cursor may be before it counts as lagging. */
  maxLagBlocks: number;
  rpc: RpcHealth;
  /** The RPC counts as failing once it has answered nothing for this long, with errors since. */
  rpcFailingAfterMs: number;
  /** Phases (commit, reveal, submission, dispute, ...) this worker missed, with when it noticed. */
  missedPhases: readonly MissedPhase[];
  /** A missed phase keeps the worker unhealthy this long. */
  missedWindowMs: number;
};

export type HealthReport = {
  healthy: boolean;
  reasons: string[];
};

export const DEFAULT_MISSED_WINDOW_MS = 10 * 60_000;

export function healthReport(s: HealthSnapshot): HealthReport {
  const reasons: string[] = [];
  if (s.stopped) reasons.push("the worker is stopping");
  if (s.lastTickAt === 0) reasons.push("the loop has not completed a tick yet");
  else if (s.nowMs - s.lastTickAt > s.staleAfterMs)
    reasons.push(
      `the loop has not completed a tick for ${Math.round((s.nowMs - s.lastTickAt) / 1000)} s`,
    );
  if (s.consecutiveTickFailures >= 3)
    reasons.push(`the loop failed ${s.consecutiveTickFailures} times in a row`);

  if (s.models.loaded.length === 0)
    reasons.push("no model loaded: the worker cannot serve any job");
  const missing = s.models.configured.filter((id) => !s.models.loaded.includes(id));
  if (missing.length > 0 && s.models.loaded.length > 0)
    reasons.push(
      `model ${missing.join(", ")} not loaded (file missing or not matching the registry; see model_refused in the log)`,
    );

  if (s.cursor > s.head)
    reasons.push(`the event cursor (block ${s.cursor}) is past the chain head (block ${s.head})`);
  else {
    const confirmed = s.head - BigInt(s.confirmations);
    const lag = confirmed - s.cursor;
    if (lag > BigInt(s.maxLagBlocks))
      reasons.push(
        `the event cursor is ${lag} blocks behind the confirmed head (block ${confirmed})`,
      );
  }

  const { rpc } = s;
  const silentFor = s.nowMs - rpc.lastSuccessAt;
  if (
    rpc.consecutiveErrors > 0 &&
    rpc.lastErrorAt > rpc.lastSuccessAt &&
    silentFor > s.rpcFailingAfterMs
  ) {
    reasons.push(
      `the RPC is failing: ${rpc.consecutiveErrors} errors in a row, last success ${
        rpc.lastSuccessAt === 0 ? "never" : `${Math.round(silentFor / 1000)} s ago`
      } (${rpc.lastError ?? "unknown error"})`,
    );
  }

  const recent = s.missedPhases.filter((m) => s.nowMs - m.atMs <= s.missedWindowMs);
  if (recent.length > 0) {
    const byPhase = new Map<string, number>();
    for (const m of recent) byPhase.set(m.phase, (byPhase.get(m.phase) ?? 0) + 1);
    const list = [...byPhase].map(([phase, n]) => `${phase} x${n}`).join(", ");
    reasons.push(`missed ${list} in the last ${Math.round(s.missedWindowMs / 60_000)} min`);
  }
  return { healthy: reasons.length === 0, reasons };
}

/**
 * Turns the running totals of `verity_worker_missed_phases_total` into dated
 * misses: whatever records a miss only increments the counter, and health
 * learns when from the next read.
 */
export class MissedPhaseWatch {
  private readonly totals = new Map<string, number>();
  private readonly misses: MissedPhase[] = [];

  constructor(private readonly keepMs = DEFAULT_MISSED_WINDOW_MS) {}

  observe(totals: ReadonlyMap<string, number>, nowMs: number): readonly MissedPhase[] {
    for (const [phase, total] of totals) {
      const before = this.totals.get(phase) ?? 0;
      for (let i = before; i < total; i++) this.misses.push({ phase, atMs: nowMs });
      this.totals.set(phase, total);
    }
    while (this.misses.length > 0 && nowMs - (this.misses[0]?.atMs ?? nowMs) > this.keepMs)
      this.misses.shift();
    return this.misses;
  }
}
