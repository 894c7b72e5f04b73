/**
 * JSON-RPC requests, errors and latency by method: a viem transport wrapper.
 * Put it directly around the HTTP transport (under any retrying layer), so that
 * every attempt is counted and timed as the node saw it. It also keeps the
 * recent outcome for `/health` (how long the RPC has been failing).
 */
import type { Transport } from "viem";
import type { WorkerMetrics } from "./worker-metrics.js";

export type RpcHealth = {
  /** Failed requests since the last success. */
  consecutiveErrors: number;
  /** Date.now() of the last success / failure; 0 when none yet. */
  lastSuccessAt: number;
  lastErrorAt: number;
  lastError: string | undefined;
};

export type RpcObserver = {
  readonly health: RpcHealth;
  instrument(transport: Transport): Transport;
};

/** What went wrong, as a small fixed set of label values (never the message: unbounded cardinality). */
export function errorKind(error: unknown): "timeout" | "http" | "rpc" | "network" {
  const name = (error as { name?: string } | undefined)?.name ?? "";
  if (name === "TimeoutError") return "timeout";
  if (name === "HttpRequestError") return "http";
  if (typeof (error as { code?: unknown } | undefined)?.code === "number") return "rpc";
  return "network";
}

export function createRpcObserver(metrics: WorkerMetrics): RpcObserver {
  const health: RpcHealth = {
    consecutiveErrors: 0,
    lastSuccessAt: 0,
    lastErrorAt: 0,
    lastError: undefined,
  };
  const instrument =
    (transport: Transport): Transport =>
    (config) => {
      const inner = transport(config);
      const request = (async (args: { method: string; params?: unknown }, options?: unknown) => {
        const { method } = args;
        metrics.rpcRequests.inc({ method });
        const stop = metrics.rpcLatency.startTimer({ method });
        try {
          const result = await inner.request(args as never, options as never);
          health.consecutiveErrors = 0;
          health.lastSuccessAt = Date.now();
          return result;
        } catch (error) {
          const kind = errorKind(error);
          // A revert is the node answering (eth_call/estimateGas): an error of the call, not of the RPC.
          const reverted = kind === "rpc" && (error as { code?: number }).code === 3;
          metrics.rpcErrors.inc({ method, kind });
          if (!reverted) {
            health.consecutiveErrors++;
            health.lastErrorAt = Date.now();
            health.lastError = `${method}: ${kind}: ${(error as Error)?.message?.split("\n")[0] ?? String(error)}`;
          }
          throw error;
        } finally {
          stop();
        }
      }) as typeof inner.request;
      return { ...inner, request };
    };
  return { health, instrument };
}
