import type { MiddlewareHandler } from "hono";

export type AnswerCacheOptions = {
  /**
   * The database's current MVCC snapshot (`pg_current_snapshot()`), read per
   * request. Two equal snapshots see exactly the same rows: no transaction
   * completed between them, so an answer computed under one is still right.
   */
  snapshot: () => Promise<string>;
  /** Bound on the cached answers' total size (bytes). */
  maxBytes?: number;
  /** Larger answers (long lists) are not kept. */
  maxEntryBytes?: number;
};

/**
 * Caches GraphQL answers by request body for as long as the database has not
 * changed. Integrators ask the same read-mostly questions again and again (a
 * job, a provider's record, open jobs, the daily prices) while the data moves
 * only when a block is indexed; a hit costs one snapshot query instead of
 * GraphQL parsing, validation, SQL and serialization, and that CPU is what a
 * 2-core machine runs short of under load. Any committed write (a new block, a
 * reorg's rollback, Ponder's heartbeat) starts a new generation, so an answer
 * is never older than the data a fresh request would see. Only answers
 * without `errors` are kept.
 */
export function answerCache(options: AnswerCacheOptions): MiddlewareHandler & {
  /** Hits and misses since the last call (the benchmark reads them). */
  takeStats(): { hits: number; misses: number; generations: number };
} {
  const maxBytes = options.maxBytes ?? 32 * 2 ** 20;
  const maxEntryBytes = options.maxEntryBytes ?? 64 * 2 ** 10;
  let generation = "";
  let bytes = 0;
  // Keyed by the request's body: the same query with other variables is another entry.
  const answers = new Map<string, { body: string; type: string }>();
  let stats = { hits: 0, misses: 0, generations: 0 };

  const middleware: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "POST") return next();
    const [query, snapshot] = await Promise.all([c.req.raw.clone().text(), options.snapshot()]);
    if (snapshot !== generation) {
      answers.clear();
      bytes = 0;
      generation = snapshot;
      stats.generations++;
    }
    const hit = answers.get(query);
    if (hit !== undefined) {
      stats.hits++;
      return new Response(hit.body, {
        headers: { "content-type": hit.type, "x-answer-cache": "hit" },
      });
    }
    stats.misses++;
    await next();
    if (c.res.status !== 200 || generation !== snapshot) return;
    const answer = await c.res.clone().text();
    if (answer.length > maxEntryBytes || answer.includes('"errors"')) return;
    answers.set(query, {
      body: answer,
      type: c.res.headers.get("content-type") ?? "application/json; charset=utf-8",
    });
    bytes += query.length + answer.length;
    for (const [key, value] of answers) {
      if (bytes <= maxBytes) break;
      answers.delete(key);
      bytes -= key.length + value.body.length;
    }
  };
  return Object.assign(middleware, {
    takeStats() {
      const taken = stats;
      stats = { hits: 0, misses: 0, generations: 0 };
      return taken;
    },
  });
}
