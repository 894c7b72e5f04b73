/**
 * Event ingestion: reads the market's and the dispute game's logs up to
 * `head - confirmations`, hands them to the worker in order, and only then
 * moves the persisted cursor. A crash replays the last chunk, so handlers are
 * idempotent (they write records keyed by id, never append).
 */
import { disputeGameAbi, jobMarketAbi } from "@verity/sdk/abis";
import { type Address, type Log, parseEventLogs } from "viem";
import type { Logger } from "../log.js";
import type { StateStore } from "../store/state.js";
import type { WorkerPublicClient } from "./clients.js";

export const eventsAbi = [...jobMarketAbi, ...disputeGameAbi] as const;

export type ProtocolEvent = ReturnType<typeof parseEventLogs<typeof eventsAbi>>[number];

export type EventIngestorOptions = {
  addresses: Address[];
  confirmations: number;
  chunkSize: number;
  startBlock: bigint;
};

export class EventIngestor {
  constructor(
    readonly client: WorkerPublicClient,
    readonly store: StateStore,
    readonly options: EventIngestorOptions,
    readonly log: Logger,
    readonly handle: (events: ProtocolEvent[]) => Promise<void>,
  ) {}

  /** The highest block whose events are handled. */
  cursor(): bigint {
    return this.store.getCursor() ?? this.options.startBlock - 1n;
  }

  /** The cursor before the first block: where a rescan from scratch starts. */
  floor(): bigint {
    return this.options.startBlock - 1n;
  }

  /** Moves the cursor back (after a reorg or a chain reset) so that later blocks are read again. */
  async rewind(to: bigint): Promise<void> {
    const floor = this.floor();
    await this.store.setCursor(to < floor ? floor : to);
  }

  /** Handles every confirmed block not handled yet; returns the new cursor. */
  async poll(head: bigint): Promise<bigint> {
    const target = head - BigInt(this.options.confirmations);
    let from = this.cursor() + 1n;
    while (from <= target) {
      const to =
        from + BigInt(this.options.chunkSize) - 1n < target
          ? from + BigInt(this.options.chunkSize) - 1n
          : target;
      // The client's transport retries transient failures (chain/clients.ts).
      const logs = (await this.client.getLogs({
        address: this.options.addresses,
        fromBlock: from,
        toBlock: to,
      })) as Log[];
      const events = parseEventLogs({ abi: eventsAbi, logs });
      if (events.length > 0) this.log.debug("events_read", { from, to, count: events.length });
      await this.handle(events);
      await this.store.setCursor(to);
      from = to + 1n;
    }
    return this.cursor();
  }
}
