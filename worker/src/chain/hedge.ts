/**
 * Hedged reads: a read still unanswered after `afterMs` is sent once more, and
 * the first answer wins ("The Tail at Scale"). A stuck connection then costs
 * `afterMs`, not the whole timeout and its retry, which matters in a 10 s
 * commit or reveal window where several reads and a send run back to back.
 * Only the slow tail is duplicated, so a healthy node sees almost no extra load.
 */
import type { Transport } from "viem";

/**
 * Sends: never hedged (a second copy would race the first for an "already known" answer) nor
 * retried by the transport (clients.ts): the sender re-sends the same signed bytes itself.
 */
export const SEND_METHODS: ReadonlySet<string> = new Set([
  "eth_sendRawTransaction",
  "eth_sendTransaction",
]);

export type HedgeOptions = {
  /** Send a second copy after this long without an answer; 0 turns hedging off. */
  afterMs: number;
  /** Told of each second copy (counted as a metric). */
  onHedge?: ((method: string) => void) | undefined;
};

/**
 * Runs `attempt`, and once more if the first has not settled after `afterMs`. Resolves with the
 * first success. An error settles it only when no other copy is still running: a fast error
 * (a revert, a refused request) is returned at once, while a hung copy's timeout waits for its twin.
 */
export function hedged<T>(
  attempt: () => Promise<T>,
  afterMs: number,
  onHedge?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let running = 0;
    let settled = false;
    const start = () => {
      running++;
      attempt().then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          running--;
          if (settled || running > 0) return;
          settled = true;
          clearTimeout(timer);
          reject(error);
        },
      );
    };
    const timer = setTimeout(() => {
      if (settled) return;
      onHedge?.();
      start();
    }, afterMs);
    start();
  });
}

/** Wraps one endpoint's transport so that its reads are hedged. */
export function hedgedTransport(transport: Transport, options: HedgeOptions): Transport {
  if (options.afterMs <= 0) return transport;
  return (config) => {
    const inner = transport(config);
    const request = ((args: { method: string; params?: unknown }, requestOptions?: unknown) => {
      const once = () => inner.request(args as never, requestOptions as never);
      if (SEND_METHODS.has(args.method)) return once();
      return hedged(once, options.afterMs, () => options.onHedge?.(args.method));
    }) as typeof inner.request;
    return { ...inner, request };
  };
}
