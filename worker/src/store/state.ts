/**
 * The worker's state directory:
 *
 *   cursor.json              last block whose events were all handled
 *   jobs/<jobId>.json        JobRecord
 *   bids/<jobId>-<round>.json       BidRecord (the salt!)
 *   results/<jobId>-<round>.bin     ResultRecord (the activations; binary, store/result-file.ts)
 *   defenses/<disputeId>.json       DefenseRecord
 *   challenges/<jobId>.json         ChallengeRecord
 *   inputs/<jobId>.bin       the bytes of a URI input, checked against its hash at bid time
 *   counters.json            money counters (earnings, claims, slashes), monotone across restarts
 *   worker.lock              pid of the running worker
 *
 * Every write is durable (store/durable.ts); records are cached in memory and
 * written through: a row is visible in memory from the moment it is put (a
 * rollback that reopens finished jobs must see one marked done while its file
 * is still being written), its caller resumes once it is on disk, and the
 * writes of one row land in the order they were made. Jobs that are done are
 * pruned with everything kept for them once their record is older than the
 * retention period (`prune`).
 */
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import { StateStoreError } from "../errors.js";
import { CounterLedger } from "./counters.js";
import {
  jsonReplacer,
  listFiles,
  parseJson,
  readBytes,
  readJson,
  writeFileDurable,
  writeJsonDurable,
} from "./durable.js";
import type {
  BidRecord,
  ChallengeRecord,
  DefenseRecord,
  JobRecord,
  ResultRecord,
} from "./records.js";
import { decodeLegacyResult, decodeResult, encodeResult } from "./result-file.js";

/**
 * `rollbackTo`: a rollback whose records are not all handled yet (the jobs it reopens or drops),
 * written before the cursor goes back so that a crash in between does not lose it.
 */
type Cursor = { block: bigint; rollbackTo?: bigint; blocks?: RememberedBlock[] };

/**
 * A block the cursor stood on, kept beside the cursor (`blocks`): a restarted worker checks them
 * against the chain, so that a reorg deeper than the confirmations while it was down is seen.
 */
export type RememberedBlock = { number: bigint; hash: Hex };

/**
 * Bid states whose commitment is, or may yet be, on chain: `salted` (its commit may be mined or
 * pending), `committed` and `unrevealed` (to reveal or forfeit), `revealed` (leading, to settle).
 */
export const LIVE_BID_STATES: ReadonlySet<BidRecord["state"]> = new Set([
  "salted",
  "committed",
  "revealed",
  "unrevealed",
]);

function bidKey(jobId: bigint, round: number): string {
  return `${jobId}-${round}`;
}

/** How a table's rows are stored, one file per row. */
type RowFormat<T> = {
  ext: string;
  encode(row: T): string | Uint8Array;
  decode(data: Buffer, path: string): T;
};

const json: RowFormat<never> = {
  ext: ".json",
  encode: (row) => `${JSON.stringify(row, jsonReplacer, 2)}\n`,
  decode: (data, path) => parseJson(data.toString("utf8"), path),
};

class Table<T> {
  readonly rows = new Map<string, T>();
  /** Rows loaded from a file of the `legacy` format: their old file goes when they are written. */
  private readonly legacyKeys = new Set<string>();
  constructor(
    readonly dir: string,
    readonly keyOf: (row: T) => string,
    private readonly format: RowFormat<T> = json,
    /** An earlier format still read (and replaced by `format` on the next write). */
    private readonly legacy?: Pick<RowFormat<T>, "ext" | "decode">,
  ) {}

  private path(key: string, format: { ext: string } = this.format): string {
    return join(this.dir, `${key}${format.ext}`);
  }

  async load(): Promise<void> {
    // The legacy files first: a row with files of both formats was rewritten since, and the
    // current format's file is the newer one.
    const formats = this.legacy === undefined ? [this.format] : [this.legacy, this.format];
    for (const format of formats) {
      for (const name of await listFiles(this.dir, format.ext)) {
        const path = join(this.dir, name);
        const data = await readBytes(path);
        if (data === undefined) continue;
        const row = format.decode(data, path);
        const key = this.keyOf(row);
        this.rows.set(key, row);
        if (format === this.legacy) this.legacyKeys.add(key);
      }
    }
  }

  get(key: string): T | undefined {
    return this.rows.get(key);
  }

  /**
   * Visible at once to `get` and `values`; resolves once the row is on disk. Writes of one key
   * are queued, so the file ends as the last put or delete left it. When the file cannot be
   * written the row goes back to what the file holds (unless a later write replaced it) and the
   * error is thrown.
   */
  put(row: T): Promise<void> {
    const key = this.keyOf(row);
    this.noteOnDisk(key);
    this.rows.set(key, row);
    return this.serialize(key, async () => {
      try {
        await writeFileDurable(this.path(key), this.format.encode(row));
      } catch (error) {
        if (this.rows.get(key) === row) this.restoreOnDisk(key);
        throw error;
      }
      this.onDisk.set(key, { row });
      if (this.legacy !== undefined && this.legacyKeys.delete(key))
        await rm(this.path(key, this.legacy), { force: true });
    });
  }

  delete(key: string): Promise<void> {
    this.noteOnDisk(key);
    this.rows.delete(key);
    return this.serialize(key, async () => {
      try {
        await rm(this.path(key), { force: true });
      } catch (error) {
        if (!this.rows.has(key)) this.restoreOnDisk(key);
        throw error;
      }
      this.onDisk.set(key, { row: undefined });
      if (this.legacy !== undefined) await rm(this.path(key, this.legacy), { force: true });
      this.legacyKeys.delete(key);
    });
  }

  /** The file writes of each key still running, chained: each starts when the one before ends. */
  private readonly writing = new Map<string, Promise<void>>();
  /** While a key has writes queued: the row its file holds (memory may be ahead of it). */
  private readonly onDisk = new Map<string, { row: T | undefined }>();

  /** Before a write: when none is queued, memory and the file agree, so memory is what is on disk. */
  private noteOnDisk(key: string): void {
    if (!this.writing.has(key)) this.onDisk.set(key, { row: this.rows.get(key) });
  }

  private restoreOnDisk(key: string): void {
    const held = this.onDisk.get(key);
    if (held === undefined) return;
    if (held.row === undefined) this.rows.delete(key);
    else this.rows.set(key, held.row);
  }

  private serialize(key: string, write: () => Promise<void>): Promise<void> {
    const previous = this.writing.get(key);
    const next = previous === undefined ? write() : previous.then(write, write);
    this.writing.set(key, next);
    const forget = () => {
      if (this.writing.get(key) !== next) return;
      this.writing.delete(key);
      this.onDisk.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  /** When the row was last written (its file's mtime), in ms; undefined when it has no file. */
  async writtenAt(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(key))).mtimeMs;
    } catch {
      return undefined;
    }
  }

  values(): T[] {
    return [...this.rows.values()];
  }
}

export class StateStore {
  readonly jobs: Table<JobRecord>;
  readonly bids: Table<BidRecord>;
  readonly results: Table<ResultRecord>;
  readonly defenses: Table<DefenseRecord>;
  readonly challenges: Table<ChallengeRecord>;
  readonly counters: CounterLedger;
  private cursor: Cursor | undefined;

  constructor(readonly dir: string) {
    this.jobs = new Table(join(dir, "jobs"), (r) => r.jobId.toString());
    this.bids = new Table(join(dir, "bids"), (r) => bidKey(r.jobId, r.round));
    this.results = new Table(
      join(dir, "results"),
      (r) => bidKey(r.jobId, r.round),
      { ext: ".bin", encode: encodeResult, decode: decodeResult },
      { ext: ".json", decode: decodeLegacyResult },
    );
    this.defenses = new Table(join(dir, "defenses"), (r) => r.disputeId.toString());
    this.challenges = new Table(join(dir, "challenges"), (r) => r.jobId.toString());
    this.counters = new CounterLedger(dir);
  }

  async load(): Promise<void> {
    await Promise.all(
      [this.jobs, this.bids, this.results, this.defenses, this.challenges].map((t) => t.load()),
    );
    await this.counters.load();
    this.cursor = await readJson<Cursor>(join(this.dir, "cursor.json"));
  }

  getCursor(): bigint | undefined {
    return this.cursor?.block;
  }

  /** Moves the cursor; a pending rollback and the remembered blocks stay recorded. */
  async setCursor(block: bigint): Promise<void> {
    await this.writeCursor({ ...this.cursor, block });
  }

  /** The blocks the cursor stood on before a restart, newest last (see `RememberedBlock`). */
  getRememberedBlocks(): RememberedBlock[] {
    return this.cursor?.blocks ?? [];
  }

  async setRememberedBlocks(blocks: RememberedBlock[]): Promise<void> {
    if (this.cursor === undefined) return;
    await this.writeCursor({ ...this.cursor, blocks });
  }

  /** The `to` of a rollback whose records are not all handled yet (see `Cursor`). */
  getPendingRollback(): bigint | undefined {
    return this.cursor?.rollbackTo;
  }

  async setPendingRollback(rollbackTo: bigint | undefined): Promise<void> {
    // No cursor yet: nothing was read, so no record can depend on the blocks a rollback removes.
    if (this.cursor === undefined) return;
    const { rollbackTo: _, ...rest } = this.cursor;
    await this.writeCursor(rollbackTo === undefined ? rest : { ...rest, rollbackTo });
  }

  private async writeCursor(cursor: Cursor): Promise<void> {
    await writeJsonDurable(join(this.dir, "cursor.json"), cursor);
    this.cursor = cursor;
  }

  bid(jobId: bigint, round: number): BidRecord | undefined {
    return this.bids.get(bidKey(jobId, round));
  }

  result(jobId: bigint, round: number): ResultRecord | undefined {
    return this.results.get(bidKey(jobId, round));
  }

  /**
   * Keeps a URI input's bytes as durably as a bid's salt (and before it is written), so that
   * after winning the worker executes on the bytes it checked and never depends on the
   * requester serving them a second time.
   */
  async keepInput(jobId: bigint, bytes: Uint8Array): Promise<void> {
    await writeFileDurable(join(this.dir, "inputs", `${jobId}.bin`), bytes);
  }

  /** The kept bytes of a job's URI input, or undefined when none were kept. */
  async keptInput(jobId: bigint): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.dir, "inputs", `${jobId}.bin`)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new StateStoreError(`Could not read the kept input of job ${jobId}`, { cause: error });
    }
  }

  /** Whether a bid of `jobId` in a live state is kept (its commitment is or may be on chain). */
  hasLiveBid(jobId: bigint): boolean {
    return this.bids.values().some((b) => b.jobId === jobId && LIVE_BID_STATES.has(b.state));
  }

  async dropInput(jobId: bigint): Promise<void> {
    await rm(join(this.dir, "inputs", `${jobId}.bin`), { force: true });
  }

  /**
   * Drops a job's record with its bids, results (unless `keepResults`) and kept input (not its
   * disputes): a job the chain no longer holds, or whose id now names another job. With
   * `keepLiveBids`, the bids whose
   * commitment is or may be on chain stay (see `LIVE_BID_STATES`): the market keys a commitment
   * by job id and round, not by input, so a commit a reorg re-mined after another requester's
   * post now bids on that job, and only its salt can reveal it instead of having it forfeited.
   */
  async forgetJob(
    jobId: bigint,
    options: { keepLiveBids?: boolean; keepResults?: boolean } = {},
  ): Promise<void> {
    for (const bid of this.bids.values().filter((b) => b.jobId === jobId)) {
      if (options.keepLiveBids && LIVE_BID_STATES.has(bid.state)) continue;
      await this.bids.delete(bidKey(bid.jobId, bid.round));
    }
    if (!options.keepResults)
      for (const result of this.results.values().filter((r) => r.jobId === jobId))
        await this.results.delete(bidKey(result.jobId, result.round));
    await this.dropInput(jobId);
    await this.jobs.delete(jobId.toString());
  }

  /**
   * Forgets jobs that are done: at once, the inline input of a job this worker never bid on
   * (a skipped job keeps no input bytes); after `retentionMs` since the job was marked done,
   * the job with its bids, results, kept input, settled defenses and closed challenge; and bids
   * and results without a job record, `retentionMs` after they were last written.
   * Returns how many jobs were removed.
   */
  async prune(retentionMs: number, nowMs = Date.now()): Promise<number> {
    let removed = 0;
    // Every step reads the job again after an await: a rollback or a re-auction may have reopened
    // it meanwhile, and a reopened job keeps its records.
    const stillDone = (id: string) => this.jobs.get(id)?.done === true;
    for (const { jobId } of this.jobs.values()) {
      const id = jobId.toString();
      if (!stillDone(id)) continue;
      const bids = this.bids.values().filter((b) => b.jobId === jobId);
      const job = this.jobs.get(id);
      if (bids.length === 0 && job?.input !== undefined) {
        const { input: _dropped, ...rest } = job;
        await this.jobs.put(rest);
      }
      const doneAt = await this.jobs.writtenAt(id);
      if (doneAt === undefined || nowMs - doneAt < retentionMs) continue;
      const defenses = this.defenses.values().filter((d) => d.jobId === jobId);
      if (defenses.some((d) => d.state !== "resolved")) continue;
      const challenge = this.challenges.get(id);
      if (
        challenge !== undefined &&
        challenge.state !== "resolved" &&
        challenge.state !== "abandoned"
      )
        continue;
      if (!stillDone(id)) continue;
      for (const defense of defenses) await this.defenses.delete(defense.disputeId.toString());
      if (challenge !== undefined) await this.challenges.delete(id);
      await this.forgetJob(jobId);
      removed++;
    }
    // Bids and results a rollback left without their job (kept in case its post came back).
    for (const [table, rows] of [
      [this.bids, this.bids.values()],
      [this.results, this.results.values()],
    ] as const) {
      for (const row of rows) {
        if (this.jobs.get(row.jobId.toString()) !== undefined) continue;
        const key = bidKey(row.jobId, row.round);
        const writtenAt = await table.writtenAt(key);
        if (writtenAt === undefined || nowMs - writtenAt < retentionMs) continue;
        if (this.jobs.get(row.jobId.toString()) === undefined) await table.delete(key);
      }
    }
    return removed;
  }

  /**
   * Takes the directory for this process: refuses when another live process
   * holds it (two workers sharing salts and nonces would double-send).
   */
  async lock(): Promise<void> {
    const path = join(this.dir, "worker.lock");
    let holder: number | undefined;
    try {
      holder = Number.parseInt(await readFile(path, "utf8"), 10);
    } catch {
      holder = undefined;
    }
    if (
      holder !== undefined &&
      Number.isInteger(holder) &&
      holder !== process.pid &&
      isAlive(holder)
    ) {
      throw new StateStoreError(`State directory ${this.dir} is in use by process ${holder}`);
    }
    await writeJsonDurable(join(this.dir, ".probe.json"), {});
    await rm(join(this.dir, ".probe.json"), { force: true });
    await writeFile(path, String(process.pid));
  }

  async unlock(): Promise<void> {
    await rm(join(this.dir, "worker.lock"), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
