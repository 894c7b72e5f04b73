/**
 * The devnets that `verity devnet` is running on this machine, recorded so that every other
 * command talks to the devnet that is actually up, on its real ports. Every devnet deploys the
 * same addresses, so a command that guessed the default port could reach another devnet (or a
 * stale one) and act on other state without noticing.
 *
 * One JSON file per devnet, named by its RPC port, in `$VERITY_HOME/devnets` (default
 * `~/.verity/devnets`); removed when the devnet stops, and ignored (and removed) once its process
 * is gone, so a crash leaves nothing that misleads.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type RunningDevnet = {
  pid: number;
  chainId: number;
  rpcUrl: string;
  /** Absent when the devnet runs without its indexer. */
  graphqlUrl?: string | undefined;
  explorerUrl?: string | undefined;
  deploymentFile: string;
  startedAt: string;
};

export function runningDevnetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.VERITY_HOME ?? join(homedir(), ".verity"), "devnets");
}

/** Records `devnet` as running; returns the function that removes the record (safe to call twice). */
export function recordRunningDevnet(devnet: RunningDevnet, dir = runningDevnetsDir()): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new URL(devnet.rpcUrl).port || "80"}.json`);
  writeFileSync(file, `${JSON.stringify(devnet, null, 2)}\n`);
  return () => {
    // Only our own record: a later devnet on the same port may have replaced it.
    if (readRecord(file)?.pid === devnet.pid) rmSync(file, { force: true });
  };
}

/** The recorded devnets whose process still runs, by RPC port; records of dead ones are removed. */
export function runningDevnets(dir = runningDevnetsDir()): RunningDevnet[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  const alive: RunningDevnet[] = [];
  for (const name of files.sort()) {
    const file = join(dir, name);
    const record = readRecord(file);
    if (record !== undefined && isAlive(record.pid)) alive.push(record);
    else rmSync(file, { force: true });
  }
  return alive;
}

function readRecord(file: string): RunningDevnet | undefined {
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as RunningDevnet;
    return typeof record.pid === "number" && typeof record.rpcUrl === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The same URL for comparison: no trailing slash, `localhost` as `127.0.0.1`. */
export function sameUrl(a: string, b: string): boolean {
  const norm = (url: string) => url.replace(/\/+$/, "").replace("//localhost", "//127.0.0.1");
  return norm(a) === norm(b);
}
