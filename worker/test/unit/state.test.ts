import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { StateStore } from "../../src/store/state.js";
import { jobRecord, openStore } from "../helpers/store.js";

describe("state store", () => {
  it("persists records with bigints and leaves no temporary files", async () => {
    const { dir, store } = await openStore();
    const bid = {
      jobId: 12345678901234567890n,
      round: 0,
      price: 42n,
      salt: "0x01" as const,
      commitment: "0x02" as const,
      state: "salted" as const,
      createdAt: 1,
    };
    await store.bids.put(bid);
    await store.setCursor(99n);
    const { store: reopened } = await openStore(dir);
    expect(reopened.bid(bid.jobId, 0)).toEqual(bid);
    expect(reopened.getCursor()).toBe(99n);
    expect((await readdir(join(dir, "bids"))).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("ignores a torn temporary file left by a crash", async () => {
    const { dir, store } = await openStore();
    await store.jobs.put(jobRecord(1n));
    await writeFile(join(dir, "jobs", ".deadbeef.tmp"), "{ torn");
    const { store: reopened } = await openStore(dir);
    expect(reopened.jobs.values()).toHaveLength(1);
  });

  it("shows a row at once, and lands overlapping writes of one row in the order they were made", async () => {
    const { dir, store } = await openStore();
    const result = (state: "computed" | "finalized", bytes: number) => ({
      jobId: 7n,
      round: 0,
      activations: [new Int8Array(bytes), new Int8Array(4)],
      output: "0x00000000" as const,
      outputHash: "0x01" as const,
      layerHashes: [],
      traceRoot: "0x02" as const,
      state,
    });
    // The first write is the slow one (32 MB to fsync): unqueued, the small second write would
    // land first and the big one replace it on disk.
    const first = store.results.put(result("computed", 32 << 20));
    expect(store.result(7n, 0)?.state).toBe("computed");
    const second = store.results.put(result("finalized", 16));
    expect(store.result(7n, 0)?.state).toBe("finalized");
    await Promise.all([first, second]);
    expect((await openStore(dir)).store.result(7n, 0)?.state).toBe("finalized");

    // A delete made while a write of the row still runs wins too.
    const written = store.jobs.put(jobRecord(8n));
    const deleted = store.jobs.delete("8");
    expect(store.jobs.get("8")).toBeUndefined();
    await Promise.all([written, deleted]);
    expect((await openStore(dir)).store.jobs.get("8")).toBeUndefined();
  });

  it("takes a row back and throws when its file cannot be written", async () => {
    const { dir, store } = await openStore();
    const job = jobRecord(9n);
    await store.jobs.put(job);
    // A file where the table's directory was: nothing can be written under it.
    await rm(join(dir, "jobs"), { recursive: true });
    await writeFile(join(dir, "jobs"), "");
    await expect(store.jobs.put({ ...job, done: true })).rejects.toThrow();
    expect(store.jobs.get("9")).toEqual(job);

    // Two writes queued, both failing: the row goes back to what the file holds, not to the
    // first write, which never landed either.
    const first = store.jobs.put({ ...job, done: true });
    const second = store.jobs.put({ ...job, done: false, postedBlock: 2n });
    await expect(first).rejects.toThrow();
    await expect(second).rejects.toThrow();
    expect(store.jobs.get("9")).toEqual(job);
  });

  it("keeps a pending rollback across a restart, and through cursor moves, until it is cleared", async () => {
    const { dir, store } = await openStore();
    await store.setCursor(40n);
    await store.setPendingRollback(35n);
    await store.setCursor(35n); // the rewind
    const { store: restarted } = await openStore(dir);
    expect(restarted.getCursor()).toBe(35n);
    expect(restarted.getPendingRollback()).toBe(35n);
    await restarted.setPendingRollback(undefined);
    const { store: again } = await openStore(dir);
    expect(again.getPendingRollback()).toBeUndefined();
    expect(again.getCursor()).toBe(35n);
  });

  it("keeps the blocks the cursor stood on across a restart, through cursor moves and rollbacks", async () => {
    const { dir, store } = await openStore();
    const blocks = [
      { number: 39n, hash: `0x${"39".repeat(32)}` as const },
      { number: 40n, hash: `0x${"40".repeat(32)}` as const },
    ];
    await store.setRememberedBlocks(blocks); // no cursor yet: nothing to keep them beside
    expect(store.getRememberedBlocks()).toEqual([]);
    await store.setCursor(40n);
    await store.setRememberedBlocks(blocks);
    await store.setPendingRollback(35n);
    await store.setCursor(35n);
    await store.setPendingRollback(undefined);
    const { store: restarted } = await openStore(dir);
    expect(restarted.getRememberedBlocks()).toEqual(blocks);
    expect(restarted.getCursor()).toBe(35n);
  });

  it("keeps a job that a rollback reopens while it is being pruned", async () => {
    const { dir, store } = await openStore();
    const job = jobRecord(10n, { input: "0x0102", done: true, doneAtBlock: 5n });
    await store.jobs.put(job);
    // Pruning starts (retention 0: everything done is due) and, while it waits on its first
    // write, the job is reopened, as forgetRolledBack does.
    const pruned = store.prune(0);
    await store.jobs.put({ ...job, done: false });
    expect(await pruned).toBe(0);
    expect(store.jobs.get("10")?.done).toBe(false);
    expect((await openStore(dir)).store.jobs.get("10")?.done).toBe(false);
  });

  it("refuses a state directory held by another live process", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-state-"));
    await writeFile(join(dir, "worker.lock"), String(process.ppid));
    await expect(new StateStore(dir).lock()).rejects.toThrow(/in use/);
    await writeFile(join(dir, "worker.lock"), "999999999");
    await expect(new StateStore(dir).lock()).resolves.toBeUndefined();
  });
});

describe("logger", () => {
  it("writes one JSON line per event and never a secret", () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.info("bid_priced", {
      price: 5n,
      salt: "0xsecret",
      nested: { privateKey: "0xabc", password: "p" },
    });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] as string);
    expect(record).toMatchObject({
      event: "bid_priced",
      level: "info",
      price: "5",
      salt: "[redacted]",
    });
    expect(record.nested).toEqual({ privateKey: "[redacted]", password: "[redacted]" });
  });
});
