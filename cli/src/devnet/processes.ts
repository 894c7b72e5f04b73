/**
 * Child processes of a devnet: each one's output goes to its own log file,
 * readiness is polled (never slept for), and shutdown is SIGINT, then SIGKILL
 * after a grace period. Binaries are spawned directly (no npx), so the signal
 * reaches the process that matters.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { createServer } from "node:net";

export type ManagedProcess = {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  /** Whether it has exited. */
  readonly done: boolean;
  /** SIGINT, then SIGKILL after `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
};

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
  const child = spawn(command, [...args], {
    cwd,
    env: { ...process.env, ...parameters.env },
    stdio: ["ignore", "pipe", "pipe"],
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
      log.end();
      resolve(code ?? signal ?? "unknown");
    });
    child.on("error", (error) => {
      done = true;
      recent.push(String(error));
      log.end();
      resolve(`failed to start: ${error.message}`);
    });
  });
  return {
    name,
    child,
    logFile,
    exited,
    get done() {
      return done;
    },
    async stop(graceMs = 5000) {
      if (done) return;
      child.kill("SIGINT");
      const timer = setTimeout(() => {
        if (!done) child.kill("SIGKILL");
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
    tail(lines = 20) {
      return recent.slice(-lines).join("\n");
    },
  };
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
