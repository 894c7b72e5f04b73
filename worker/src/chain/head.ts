/**
 * The worker's view of the chain's head, which one bad answer cannot poison.
 *
 * - A head is accepted only when it links up: its parent hash is the hash of
 *   the block the node serves one height below (checked whenever the head
 *   does not simply extend the last one). A number far ahead that the node
 *   cannot back with that block is refused (`head_rejected`) and the old head
 *   kept.
 * - A head below the last one is accepted only when the last head is really
 *   gone: its height now holds another block, or the newest block the cursor
 *   stood on at or below the new head now has another hash. A node that has
 *   nothing at the last head's height and serves that remembered block as it
 *   was is on our chain, behind (a replica, a failover endpoint): refused,
 *   however long. With no remembered block that low (a chain reset below
 *   everything remembered), it is believed after `resetAfter` refreshes in a
 *   row.
 * - The ingest cursor is checked against the hashes of the blocks it stood on: when
 *   the block at the cursor is no longer the one handled (a reorg deeper than
 *   the confirmations, or a chain reset), the cursor goes back to the last
 *   block still on the chain, so its events are read again.
 */
import { BlockNotFoundError, type Hex } from "viem";
import type { Logger } from "../log.js";

export type BlockRef = { number: bigint; hash: Hex; parentHash: Hex; timestamp: number };

/** Where blocks come from: `latest` and one by height (undefined when the node has none there). */
export type BlockSource = {
  latest(): Promise<BlockRef>;
  byNumber(number: bigint): Promise<BlockRef | undefined>;
};

export type Rollback = {
  /** The block the cursor stood on, whose hash changed or which is gone. */
  from: bigint;
  /** The last block still on the chain as it was seen: events after it are read again. */
  to: bigint;
  kind: "reorg" | "reset";
  at: number;
};

export type ChainStatus = {
  head: bigint;
  cursor: bigint;
  /** head - confirmations: the cursor never passes it. */
  confirmedHead: bigint;
  rpcHealthy: boolean;
  lastRpcError?: string;
  headsRejected: number;
  lastReorg?: Rollback;
};

export type ChainViewOptions = {
  confirmations: number;
  /** Block hashes remembered per height, to find where a reorg forked. */
  remember?: number;
  /**
   * Refreshes in a row in which the node serves a lower head and nothing at the last head's
   * height, with no remembered block changed, before that is taken as a chain reset (default 5).
   */
  resetAfter?: number;
  onRejected?: () => void;
  onRollback?: (rollback: Rollback) => void;
};

export class ChainView {
  private current: BlockRef | undefined;
  /** Hash of each block the cursor stood on (events read up to it), oldest first. */
  private readonly seen = new Map<bigint, Hex>();
  private rejected = 0;
  private lastReorg: Rollback | undefined;
  private rpcError: string | undefined;
  private cursorNow = -1n;
  /** The head whose chain the cursor was last checked against. */
  private checkedAt: Hex | undefined;
  /** Refreshes in a row whose node had nothing at the last head's height (see `resetAfter`). */
  private headMissing = 0;

  constructor(
    readonly source: BlockSource,
    readonly log: Logger,
    readonly options: ChainViewOptions,
  ) {}

  get head(): BlockRef | undefined {
    return this.current;
  }

  confirmedHead(): bigint {
    const head = this.current?.number ?? 0n;
    const confirmed = head - BigInt(this.options.confirmations);
    return confirmed < 0n ? 0n : confirmed;
  }

  /** Reads the latest block and accepts it only when it links up (see the file comment). */
  async refresh(): Promise<BlockRef> {
    let candidate: BlockRef;
    try {
      candidate = await this.source.latest();
      this.rpcError = undefined;
    } catch (error) {
      this.rpcError = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw error;
    }
    const last = this.current;
    if (last === undefined) {
      if (await this.links(candidate)) return this.accept(candidate);
      return this.reject(candidate, "the block's parent is not served one height below");
    }
    if (candidate.number === last.number && candidate.hash === last.hash) return last;
    if (candidate.number === last.number + 1n && candidate.parentHash === last.hash)
      return this.accept(candidate);
    if (candidate.number < last.number) {
      // Backwards: only when the last head is really gone from the chain.
      const there = await this.source.byNumber(last.number);
      if (there !== undefined && there.hash === last.hash) {
        this.headMissing = 0;
        return this.reject(candidate, "behind a head the node still serves");
      }
      if (there === undefined) {
        const below = await this.rememberedAtOrBelow(candidate.number);
        if (below === "unchanged")
          return this.reject(candidate, "a node on the same chain, behind the last head");
        if (below === "unknown" && ++this.headMissing < (this.options.resetAfter ?? 5))
          return this.reject(
            candidate,
            "the node has nothing at the last head's height, and no remembered block to tell a reset from a node behind",
          );
      }
    }
    if (!(await this.links(candidate)))
      return this.reject(candidate, "the block's parent is not served one height below");
    return this.accept(candidate);
  }

  /**
   * The newest remembered block at or below `height`, as the node serves it now: another hash
   * (the chain changed under it), the same (the node is on our chain), or none remembered.
   */
  private async rememberedAtOrBelow(height: bigint): Promise<"changed" | "unchanged" | "unknown"> {
    let newest: bigint | undefined;
    for (const h of this.seen.keys())
      if (h <= height && (newest === undefined || h > newest)) newest = h;
    if (newest === undefined) return "unknown";
    const block = await this.source.byNumber(newest);
    if (block === undefined) return "unknown";
    return block.hash === this.seen.get(newest) ? "unchanged" : "changed";
  }

  /**
   * Where ingestion may resume: `cursor` when the block it stands on is still the one seen,
   * else the last block still on the chain (a rollback, logged). Never past the confirmed head.
   */
  async safeCursor(
    cursor: bigint,
    floor: bigint,
  ): Promise<{ cursor: bigint; rollback?: Rollback }> {
    const confirmed = this.confirmedHead();
    let target = cursor;
    let kind: Rollback["kind"] | undefined;
    if (target > confirmed) {
      // Past the confirmed head: a cursor from a bogus head, or the chain was reset under it.
      this.log.warn("cursor_clamped", { cursor, confirmedHead: confirmed });
      target = confirmed;
      kind = "reset";
    }
    // The chain under the cursor can only have changed with a new head.
    if (kind === undefined && this.checkedAt === this.current?.hash && target === this.cursorNow)
      return { cursor: target };
    this.checkedAt = this.current?.hash;
    const checked = await this.lastOnChain(target, floor);
    if (checked < target) kind = kind ?? "reorg";
    if (kind !== undefined && checked < cursor) {
      const rollback: Rollback = { from: cursor, to: checked, kind, at: Date.now() };
      this.lastReorg = rollback;
      for (const height of [...this.seen.keys()]) if (height > checked) this.seen.delete(height);
      this.log.error("chain_rolled_back", {
        kind,
        from: cursor,
        to: checked,
        head: this.current?.number,
        detail: "events after the safe block are read again",
      });
      this.cursorNow = checked;
      this.options.onRollback?.(rollback);
      return { cursor: checked, rollback };
    }
    this.cursorNow = checked;
    return { cursor: checked };
  }

  /** Records the hash of the block the cursor moved to, so a later reorg under it is seen. */
  async noteCursor(cursor: bigint): Promise<void> {
    this.cursorNow = cursor;
    if (cursor < 0n || this.seen.has(cursor)) return;
    const block = await this.source.byNumber(cursor);
    if (block !== undefined) this.remember(block);
  }

  /** The newest `count` blocks the cursor stood on, oldest first: what to keep across a restart. */
  remembered(count: number): { number: bigint; hash: Hex }[] {
    return [...this.seen.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(-count)
      .map(([number, hash]) => ({ number, hash }));
  }

  /**
   * Seeds the memory with blocks kept before a restart: the first cursor check compares them
   * with the chain, so a reorg under the cursor while the worker was down is rolled back too.
   */
  restore(blocks: readonly { number: bigint; hash: Hex }[]): void {
    for (const block of blocks) this.seen.set(block.number, block.hash);
  }

  status(): ChainStatus {
    return {
      head: this.current?.number ?? 0n,
      cursor: this.cursorNow,
      confirmedHead: this.confirmedHead(),
      rpcHealthy: this.rpcError === undefined,
      ...(this.rpcError !== undefined ? { lastRpcError: this.rpcError } : {}),
      headsRejected: this.rejected,
      ...(this.lastReorg !== undefined ? { lastReorg: this.lastReorg } : {}),
    };
  }

  /** Notes a failed request (any method) for the status. */
  noteRpcError(error: unknown): void {
    this.rpcError = error instanceof Error ? error.message.split("\n")[0] : String(error);
  }

  /** The highest height at or below `cursor` whose seen hash the chain still has (or `floor`). */
  private async lastOnChain(cursor: bigint, floor: bigint): Promise<bigint> {
    const heights = [...this.seen.keys()]
      .filter((h) => h <= cursor)
      .sort((a, b) => (a > b ? -1 : 1));
    // Nothing seen yet (a fresh start): nothing to compare with.
    if (this.seen.size === 0) return cursor;
    // Every block the cursor stood on is above it now: the chain was reset below all of them.
    if (heights.length === 0) return floor;
    for (const height of heights) {
      const block = await this.source.byNumber(height);
      // Every height here is at or below the accepted head: a node with nothing there is behind
      // it (a replica), which says nothing of a reorg. Retried at the next tick.
      if (block === undefined)
        throw new Error(
          `the node has no block ${height}, below the accepted head ${this.current?.number}: it is behind`,
        );
      if (block.hash === this.seen.get(height)) {
        // Only the newest seen height tells whether the cursor itself is intact.
        return height === heights[0] ? cursor : height;
      }
    }
    // Nothing seen is on the chain any more: read again from the first block.
    return floor;
  }

  private async links(block: BlockRef): Promise<boolean> {
    if (block.number === 0n) return true;
    const parent = await this.source.byNumber(block.number - 1n);
    return parent !== undefined && parent.hash === block.parentHash;
  }

  private accept(block: BlockRef): BlockRef {
    this.headMissing = 0;
    const last = this.current;
    if (last !== undefined && block.number < last.number) {
      this.log.warn("head_moved_back", { from: last.number, to: block.number });
    }
    this.current = block;
    return block;
  }

  private reject(block: BlockRef, reason: string): BlockRef {
    this.rejected++;
    this.options.onRejected?.();
    this.log.warn("head_rejected", {
      claimed: block.number,
      hash: block.hash,
      head: this.current?.number,
      reason,
    });
    if (this.current === undefined) throw new Error(`head ${block.number} rejected: ${reason}`);
    return this.current;
  }

  private remember(block: BlockRef): void {
    this.seen.set(block.number, block.hash);
    const limit = this.options.remember ?? 256;
    while (this.seen.size > limit) {
      const oldest = this.seen.keys().next().value as bigint;
      this.seen.delete(oldest);
    }
  }
}

/** Blocks from the worker's public client; a height the node does not have is `undefined`. */
export function clientBlockSource(client: {
  getBlock(args: { blockTag: "latest" } | { blockNumber: bigint }): Promise<{
    number: bigint | null;
    hash: Hex | null;
    parentHash: Hex;
    timestamp: bigint;
  }>;
}): BlockSource {
  const ref = (block: {
    number: bigint | null;
    hash: Hex | null;
    parentHash: Hex;
    timestamp: bigint;
  }): BlockRef => {
    if (block.number === null || block.hash === null)
      throw new Error("the node answered a pending block for a mined one");
    return {
      number: block.number,
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: Number(block.timestamp),
    };
  };
  return {
    latest: async () => ref(await client.getBlock({ blockTag: "latest" })),
    byNumber: async (number) => {
      try {
        return ref(await client.getBlock({ blockNumber: number }));
      } catch (error) {
        if (error instanceof BlockNotFoundError) return undefined;
        throw error;
      }
    },
  };
}
