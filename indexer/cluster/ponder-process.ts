import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Ponder's own CLI, run with this Node (npx would add a process tree that
 * outlives signals). Found by walking up to node_modules: ponder's package
 * exports only its ESM entry, which `require.resolve` cannot see.
 */
function findPonderBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bin = join(dir, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");
    if (existsSync(bin)) return bin;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("ponder is not installed: run npm ci at the repository root");
    dir = parent;
  }
}

/** How long Ponder may take to shut down on SIGTERM (it allows itself 5 s) before SIGKILL. */
const STOP_GRACE_MS = 8_000;

/**
 * Node flags for the layout's processes. A 32 MB young generation (Node's default is 16 MB) halved
 * the API processes' garbage collections at 200 requests/s (41-46 to 21-25 in 10 s) and their
 * total pause time, and the layout's p99 with one API process went from 40-73 ms to 15-26 ms
 * (docs/indexer.md, run E). Each answer allocates short-lived objects (parsed GraphQL, rows, JSON)
 * that a larger nursery lets die young instead of being copied.
 */
export const NODE_FLAGS = ["--max-semi-space-size=32"];

export type PonderProcessOptions = {
  /** `start` indexes (one per schema); `serve` answers the API over that schema. */
  command: "start" | "serve";
  /** The Ponder app (indexer/). */
  root: string;
  schema: string;
  port: number;
  /** Its output goes here (appended), or to this process's when absent. */
  logFile?: string | undefined;
  env?: Record<string, string | undefined>;
};

export type PonderProcess = {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
};

export function spawnPonder(options: PonderProcessOptions): PonderProcess {
  const child = spawn(
    process.execPath,
    [
      ...NODE_FLAGS,
      findPonderBin(),
      options.command,
      "--root",
      options.root,
      "--schema",
      options.schema,
      "--port",
      String(options.port),
      "--log-format",
      "json",
    ],
    {
      cwd: options.root,
      env: { ...process.env, PONDER_TELEMETRY_DISABLED: "true", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  if (options.logFile !== undefined) {
    const log = createWriteStream(options.logFile, { flags: "a" });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  } else {
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  }
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return {
    child,
    url: `http://127.0.0.1:${options.port}`,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200, failing early if the process ends. */
export async function waitForOk(url: string, process: PonderProcess, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  let ended: number | string | undefined;
  void process.exited.then((code) => {
    ended = code;
  });
  for (;;) {
    if (ended !== undefined) throw new Error(`${url}: the Ponder process exited (${ended})`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
