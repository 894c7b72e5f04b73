/**
 * Child processes of a devnet: each one's output goes to its own log file,
 * readiness is polled (never slept for), and shutdown is SIGTERM, then SIGKILL
 * after a grace period. Binaries are spawned directly (no npx), each in a process
 * group of its own: a terminal's Ctrl-C reaches only the supervisor, which stops
 * the children in order, and a stop signals the whole group, so that whatever a
 * child started itself (forge's solc processes) goes with it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createServer } from "node:net";

/** How long a child may take to shut down on SIGTERM (Ponder allows itself 5 s) before SIGKILL. */
export const STOP_GRACE_MS = 8000;

export type ManagedProcess = {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  /** Whether it has exited. */
  readonly done: boolean;
  /** SIGTERM to its process group, then SIGKILL after `graceMs` (default STOP_GRACE_MS). */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
};

/** Every managed process that has not exited yet, in the order they were started. */
const running = new Set<ManagedProcess>();

/** Signals a child's process group, or the child alone where it has none (it already exited). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

let exitHookInstalled = false;
/**
 * Last resort: whatever way the supervisor exits (an uncaught error, process.exit
 * in the middle of a step), no child outlives it. Only synchronous work runs here.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const managed of running) signalGroup(managed.child, "SIGKILL");
  });
}

export type SpawnParameters = {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env?: Record<string, string | undefined> | undefined;
  logFile: string;
};

export function spawnManaged(parameters: SpawnParameters): ManagedProcess {
  const { name, command, args, cwd, logFile } = parameters;
  const log: WriteStream = createWriteStream(logFile, { flags: "a" });
  const recent: string[] = [];
  installExitHook();
  const child = spawn(command, [...args], {
    cwd,
    env: { ...process.env, ...parameters.env },
    stdio: ["ignore", "pipe", "pipe"],
    // A process group of its own (see the top of this file).
    detached: true,
  });
  const remember = (chunk: Buffer) => {
    log.write(chunk);
    recent.push(
      ...chunk
        .toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== ""),
    );
    if (recent.length > 200) recent.splice(0, recent.length - 200);
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => {
      done = true;
      running.delete(managed);
      log.end();
      resolve(code ?? signal ?? "unknown");
    });
    child.on("error", (error) => {
      done = true;
      running.delete(managed);
      recent.push(String(error));
      log.end();
      resolve(`failed to start: ${error.message}`);
    });
  });
  const managed: ManagedProcess = {
    name,
    child,
    logFile,
    exited,
    get done() {
      return done;
    },
    async stop(graceMs = STOP_GRACE_MS) {
      if (done) return;
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // The leader has gone; anything left in its group goes too.
      signalGroup(child, "SIGKILL");
    },
    tail(lines = 20) {
      return recent.slice(-lines).join("\n");
    },
  };
  running.add(managed);
  return managed;
}

/**
 * Stops every managed process still running: all but the first-started together,
 * then the first (the chain, which the others may talk to while they shut down).
 */
export async function stopAllProcesses(graceMs = STOP_GRACE_MS): Promise<void> {
  const [first, ...rest] = [...running];
  await Promise.all(rest.map((managed) => managed.stop(graceMs)));
  await first?.stop(graceMs);
}

/**
 * A supervisor's signal handling, installed before its first child starts: SIGINT
 * (Ctrl-C), SIGTERM and SIGHUP stop every managed process, then `onStopped` runs
 * (it should exit). A second signal while stopping changes nothing: the stop
 * already escalates to SIGKILL on its own.
 */
export function stopOnSignals(
  onSignal: (signal: NodeJS.Signals) => void,
  onStopped: (signal: NodeJS.Signals) => void,
  graceMs = STOP_GRACE_MS,
): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      onSignal(signal);
      void stopAllProcesses(graceMs).finally(() => onStopped(signal));
    });
  }
}

export class ProcessFailedError extends Error {
  override name = "ProcessFailedError";
  constructor(process: ManagedProcess, what: string) {
    super(`${process.name} ${what}. Last lines of ${process.logFile}:\n${process.tail(30)}`);
  }
}

/**
 * Polls `check` until it returns true. Fails early, with the process's log,
 * if the process exits first, and after `timeoutMs`.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; process?: ManagedProcess | undefined },
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (options.process?.done)
      throw new ProcessFailedError(options.process, `exited before ${what}`);
    if (await check().catch(() => false)) return;
    if (Date.now() - started > options.timeoutMs) {
      if (options.process)
        throw new ProcessFailedError(
          options.process,
          `was not ${what} after ${options.timeoutMs} ms`,
        );
      throw new Error(`not ${what} after ${options.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** A TCP port nothing listens on now (asked of the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on a port (to refuse starting twice). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}
