/** The chain view against a chain kept in memory: bogus heads, heads going back, reorgs under the cursor. */
import { type Hex, keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { type BlockRef, type BlockSource, ChainView } from "../../src/chain/head.js";
import { silentLogger } from "../../src/log.js";

/** A chain of blocks whose hashes depend on a fork label, so two forks differ from a height on. */
class MemoryChain implements BlockSource {
  blocks: BlockRef[] = [];
  /** The next answer of `latest`, once, instead of the real head (a bogus node answer). */
  lie: BlockRef | undefined;

  constructor(length: number) {
    this.extend(length, "a");
  }

  extend(count: number, fork: string): void {
    for (let i = 0; i < count; i++) {
      const number = BigInt(this.blocks.length);
      const parentHash = this.blocks.at(-1)?.hash ?? (`0x${"00".repeat(32)}` as Hex);
      const hash = keccak256(toHex(`${fork}:${number}:${parentHash}`));
      this.blocks.push({ number, hash, parentHash, timestamp: 1000 + Number(number) });
    }
  }

  /** Replaces the last `depth` blocks with `depth + extra` others. */
  reorg(depth: number, extra = 0, fork = "b"): void {
    this.blocks.splice(this.blocks.length - depth, depth);
    this.extend(depth + extra, fork);
  }

  /** Back to the first `length` blocks (an evm_revert), optionally mining a few new ones. */
  reset(length: number, mined = 0): void {
    this.blocks.splice(length);
    this.extend(mined, "reset");
  }

  async latest(): Promise<BlockRef> {
    const lie = this.lie;
    this.lie = undefined;
    return lie ?? (this.blocks.at(-1) as BlockRef);
  }

  async byNumber(number: bigint): Promise<BlockRef | undefined> {
    return this.blocks[Number(number)];
  }
}

function recordingLog() {
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const log = {
    ...silentLogger,
    warn: (event: string, fields: Record<string, unknown> = {}) => events.push({ event, fields }),
    error: (event: string, fields: Record<string, unknown> = {}) => events.push({ event, fields }),
  } as typeof silentLogger;
  return { log, events };
}

/** Ingests up to the confirmed head, as the worker's tick does. */
async function tick(view: ChainView, cursor: bigint, floor = 0n) {
  await view.refresh();
  const safe = await view.safeCursor(cursor, floor);
  let moved = safe.cursor;
  if (view.confirmedHead() > moved) moved = view.confirmedHead();
  await view.noteCursor(moved);
  return { cursor: moved, rollback: safe.rollback };
}

/** `ticks` ticks, the chain growing by a block after each, as a worker following it. */
async function follow(chain: MemoryChain, view: ChainView, ticks: number): Promise<bigint> {
  let cursor = 0n;
  for (let i = 0; i < ticks; i++) {
    ({ cursor } = await tick(view, cursor));
    chain.extend(1, "a");
  }
  return cursor;
}

describe("chain view", () => {
  it("refuses a head far ahead that the node cannot back with its parent", async () => {
    const chain = new MemoryChain(100);
    const { log, events } = recordingLog();
    const view = new ChainView(chain, log, { confirmations: 2 });
    await view.refresh();
    const real = chain.blocks.at(-1) as BlockRef;
    chain.lie = { ...real, number: real.number + 5000n };
    const head = await view.refresh();
    expect(head.number).toBe(99n);
    expect(view.confirmedHead()).toBe(97n);
    expect(events.map((e) => e.event)).toEqual(["head_rejected"]);
    expect(view.status().headsRejected).toBe(1);
    chain.extend(1, "a");
    expect((await view.refresh()).number).toBe(100n);
  });

  it("accepts a jump of several real blocks", async () => {
    const chain = new MemoryChain(10);
    const view = new ChainView(chain, silentLogger, { confirmations: 1 });
    await view.refresh();
    chain.extend(20, "a");
    expect((await view.refresh()).number).toBe(29n);
  });

  it("keeps its head when a lagging node answers an older block that is still on the chain", async () => {
    const chain = new MemoryChain(50);
    const { log, events } = recordingLog();
    const view = new ChainView(chain, log, { confirmations: 2 });
    await view.refresh();
    chain.lie = chain.blocks[40];
    expect((await view.refresh()).number).toBe(49n);
    expect(events[0]?.event).toBe("head_rejected");
  });

  it("never lets the cursor pass the confirmed head, and clamps a persisted cursor past it", async () => {
    const chain = new MemoryChain(30);
    const { log, events } = recordingLog();
    const view = new ChainView(chain, log, { confirmations: 3 });
    await view.refresh();
    // A cursor that a bogus head once moved to 3,254 while the chain is at 29.
    const { cursor, rollback } = await view.safeCursor(3254n, 0n);
    expect(cursor).toBe(26n);
    expect(rollback?.kind).toBe("reset");
    expect(events.map((e) => e.event)).toContain("cursor_clamped");
  });

  it("leaves the cursor alone on a reorg shallower than the confirmations", async () => {
    const chain = new MemoryChain(40);
    const view = new ChainView(chain, silentLogger, { confirmations: 5 });
    let { cursor } = await tick(view, 0n);
    expect(cursor).toBe(34n);
    chain.reorg(3, 1);
    const after = await tick(view, cursor);
    expect(after.rollback).toBeUndefined();
    expect(after.cursor).toBe(35n);
    cursor = after.cursor;
  });

  it("rolls the cursor back to the fork on a reorg deeper than the confirmations", async () => {
    const chain = new MemoryChain(40);
    const { log, events } = recordingLog();
    const view = new ChainView(chain, log, { confirmations: 2 });
    const cursor = await follow(chain, view, 5);
    expect(cursor).toBe(41n);
    // Depth 5 from head 44: blocks 40..44 replaced, so the cursor block 41 changed.
    chain.reorg(5, 0);
    const { cursor: after, rollback } = await tick(view, cursor);
    expect(rollback).toMatchObject({ kind: "reorg", from: 41n, to: 39n });
    expect(view.status().lastReorg?.to).toBe(39n);
    expect(events.map((e) => e.event)).toContain("chain_rolled_back");
    // Then reads on to the new confirmed head.
    expect(after).toBe(42n);
  });

  it("detects a chain reset under it and re-reads from a block still on the chain", async () => {
    const chain = new MemoryChain(20);
    const view = new ChainView(chain, silentLogger, { confirmations: 1 });
    let cursor = await follow(chain, view, 30);
    expect(cursor).toBe(47n);
    // evm_revert to block 10, then 4 new blocks: the head goes back from 48 to 14.
    chain.reset(11, 4);
    // The node has nothing at height 49 and no remembered block at or below 14 (the cursor stood
    // on 18..47): a replica that is behind looks the same, so it is believed only after five
    // refreshes in a row (`resetAfter`).
    for (let i = 0; i < 4; i++) {
      const early = await tick(view, cursor, 0n);
      expect(early.rollback).toBeUndefined();
      expect(view.status().head).toBe(48n); // the last head the view accepted
      cursor = early.cursor;
    }
    const { cursor: after, rollback } = await tick(view, cursor, 0n);
    expect(rollback?.kind).toBe("reset");
    expect(rollback?.to).toBeLessThanOrEqual(10n);
    expect(after).toBe(13n);
    expect(view.status().head).toBe(14n);
  });

  it("keeps its head and its cursor when a replica behind it answers, however often", async () => {
    const chain = new MemoryChain(41);
    const { log, events } = recordingLog();
    const view = new ChainView(chain, log, { confirmations: 2 });
    let cursor = await follow(chain, view, 19);
    ({ cursor } = await tick(view, cursor));
    expect(view.status().head).toBe(59n);
    expect(cursor).toBe(57n);
    // From now on a replica at block 50 answers (a load-balanced endpoint, a failover URL): it
    // has nothing above 50, and every block it has is the one remembered.
    chain.latest = async () => chain.blocks[50] as BlockRef;
    const byNumber = chain.byNumber.bind(chain);
    chain.byNumber = async (n) => (n <= 50n ? byNumber(n) : undefined);
    for (let i = 0; i < 10; i++) {
      await view.refresh();
      expect(view.status().head).toBe(59n);
      await expect(view.safeCursor(57n, 0n)).resolves.toEqual({ cursor: 57n });
    }
    expect(events.map((e) => e.event)).not.toContain("chain_rolled_back");
    expect(events.map((e) => e.event)).not.toContain("head_moved_back");
  });

  it("does not take a replica's missing block under the cursor for a reorg", async () => {
    const chain = new MemoryChain(41);
    const { log, events } = recordingLog();
    const view = new ChainView(chain, log, { confirmations: 2 });
    let cursor = await follow(chain, view, 19);
    ({ cursor } = await tick(view, cursor));
    chain.extend(1, "a");
    await view.refresh(); // head 60 from the up-to-date node
    // The cursor check's reads land on a replica at 50.
    const byNumber = chain.byNumber.bind(chain);
    chain.byNumber = async (n) => (n <= 50n ? byNumber(n) : undefined);
    await expect(view.safeCursor(cursor, 0n)).rejects.toThrow(/behind/);
    chain.byNumber = byNumber;
    await expect(view.safeCursor(cursor, 0n)).resolves.toEqual({ cursor });
    expect(events.map((e) => e.event)).not.toContain("chain_rolled_back");
  });

  it("sees a reorg under the cursor that happened while the worker was down, from the blocks kept", async () => {
    const chain = new MemoryChain(40);
    const before = new ChainView(chain, silentLogger, { confirmations: 2 });
    const cursor = await follow(chain, before, 20);
    expect(cursor).toBe(56n);
    const kept = before.remembered(64);
    expect(kept.at(-1)?.number).toBe(56n);
    // Down: blocks 51 on are replaced by another branch (11 blocks, deeper than the confirmations).
    chain.reorg(chain.blocks.length - 51, 2);
    // Restarted with nothing but the cursor, the reorg would go unseen; with the blocks kept it
    // rolls back to the last one still on the chain.
    const forgetful = new ChainView(chain, silentLogger, { confirmations: 2 });
    await forgetful.refresh();
    expect((await forgetful.safeCursor(cursor, 0n)).rollback).toBeUndefined();
    const restarted = new ChainView(chain, silentLogger, { confirmations: 2 });
    restarted.restore(kept);
    await restarted.refresh();
    const { cursor: safe, rollback } = await restarted.safeCursor(cursor, 0n);
    expect(rollback?.kind).toBe("reorg");
    expect(safe).toBe(50n);
  });

  it("reports an RPC failure in its status and recovers", async () => {
    const chain = new MemoryChain(5);
    const view = new ChainView(chain, silentLogger, { confirmations: 1 });
    await view.refresh();
    const latest = chain.latest.bind(chain);
    chain.latest = async () => {
      throw new Error("HTTP request failed. URL: http://node-a:8545");
    };
    await expect(view.refresh()).rejects.toThrow();
    expect(view.status()).toMatchObject({ rpcHealthy: false });
    expect(view.status().lastRpcError).toContain("node-a");
    chain.latest = latest;
    await view.refresh();
    expect(view.status().rpcHealthy).toBe(true);
  });
});
