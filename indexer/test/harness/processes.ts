import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The indexer package's directory. */
export const indexerDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The repository's root (where foundry.toml is). */
export const repoRoot = resolve(indexerDir, "..");

const require = createRequire(import.meta.url);

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("no port"));
        return;
      }
      server.close(() => resolvePort(address.port));
    });
  });
}

/**
 * The binary of a Foundry tool, from the platform package that its npm wrapper
 * installs. Spawning the binary itself (not `npx`) leaves no process tree
 * behind that would outlive SIGINT.
 */
export function foundryBinary(tool: "anvil" | "forge"): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const candidates = [`@foundry-rs/${tool}-${process.platform}-${arch}/package.json`];
  for (const candidate of candidates) {
    try {
      const binary = join(dirname(require.resolve(candidate)), "bin", tool);
      if (existsSync(binary)) return binary;
    } catch {}
  }
  const local = join(repoRoot, "node_modules", ".bin", tool);
  if (existsSync(local)) return local;
  return tool;
}

/** Ponder's CLI entry point, from the nearest node_modules (the package exports no package.json). */
export function ponderBin(): string {
  for (let dir = indexerDir; ; dir = dirname(dir)) {
    const bin = join(dir, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) throw new Error("ponder is not installed");
  }
}

export type Service = {
  child: ChildProcess;
  /** SIGINT, then SIGKILL if it has not exited after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  exited(): boolean;
};

/** Starts a long-running process with its output appended to `logFile`. */
export function startService(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string },
): Service {
  const log = createWriteStream(options.logFile, { flags: "a" });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let done = false;
  const exit = new Promise<void>((resolveExit) => {
    child.once("exit", () => {
      done = true;
      resolveExit();
    });
  });
  return {
    child,
    exited: () => done,
    async stop(timeoutMs = 10_000) {
      if (done) return;
      child.kill("SIGINT");
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout("timeout"), timeoutMs);
      });
      if ((await Promise.race([exit, timeout])) === "timeout") {
        child.kill("SIGKILL");
        await exit;
      }
      clearTimeout(timer);
      log.end();
    },
  };
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolveRun(output);
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 25 } = {},
): Promise<T> {
  const start = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, intervalMs));
  }
}
