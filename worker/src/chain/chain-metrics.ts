/** Metrics of the chain view: heads refused and rollbacks, on the worker's registry. */
import { Counter, type Registry } from "prom-client";

export type ChainMetrics = {
  headsRejected: Counter;
  rollbacks: Counter<"kind">;
  nonceResyncs: Counter;
};

export function createChainMetrics(registry: Registry): ChainMetrics {
  return {
    headsRejected: new Counter({
      name: "verity_worker_heads_rejected_total",
      help: "Chain heads refused because the block did not link up with the chain the node serves",
      registers: [registry],
    }),
    rollbacks: new Counter({
      name: "verity_worker_chain_rollbacks_total",
      help: "Times the event cursor went back: a reorg deeper than the confirmations, or a chain reset",
      labelNames: ["kind"],
      registers: [registry],
    }),
    nonceResyncs: new Counter({
      name: "verity_worker_nonce_resyncs_total",
      help: "Times the local nonce was taken again from the chain (a sent transaction was dropped)",
      registers: [registry],
    }),
  };
}
