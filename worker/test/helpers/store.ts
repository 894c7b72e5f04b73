/** State stores for unit tests: a loaded store on a fresh (or given) directory, and job records. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobRecord } from "../../src/store/records.js";
import { StateStore } from "../../src/store/state.js";

/** A store on `dir` (a fresh directory by default), loaded: a restart when `dir` held one. */
export async function openStore(dir?: string): Promise<{ dir: string; store: StateStore }> {
  const at = dir ?? (await mkdtemp(join(tmpdir(), "verity-state-")));
  const store = new StateStore(at);
  await store.load();
  return { dir: at, store };
}

/** A job record with the fields every test leaves alone filled in. */
export function jobRecord(jobId: bigint, extra: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId,
    modelId: 1n,
    inputHash: "0x00",
    maxPrice: 1n,
    executionWindow: 1n,
    postedBlock: 1n,
    ...extra,
  };
}
