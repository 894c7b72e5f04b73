/** Runs the worker CLI as a child process, as an operator would, and reads its JSON log lines. */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./anvil.js";

export type WorkerFiles = { dir: string; config: string; log: string };

export async function writeWorkerConfig(
  dir: string,
  config: Record<string, unknown>,
): Promise<WorkerFiles> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "worker.json");
  await writeFile(path, JSON.stringify(config, null, 2));
  return { dir, config: path, log: join(dir, "worker.log") };
}

export class WorkerProcess {
  private child: ChildProcess | undefined;
  starts = 0;

  constructor(
    readonly files: WorkerFiles,
    readonly env: Record<string, string>,
    /** The entry script, relative to the repository: the worker's CLI unless a test swaps it. */
    readonly entry = "worker/src/cli/main.ts",
  ) {}

  start(): void {
    const out = createWriteStream(this.files.log, { flags: "a" });
    this.child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, this.entry), "start", "--config", this.files.config],
      {
        cwd: join(ROOT, "worker"),
        env: { ...process.env, ...this.env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.child.stdout?.pipe(out);
    this.child.stderr?.pipe(out);
    this.starts++;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Sends `signal` and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  }

  async logLines(): Promise<Record<string, unknown>[]> {
    let text = "";
    try {
      text = await readFile(this.files.log, "utf8");
    } catch {
      return [];
    }
    return text
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      });
  }

  async events(name: string): Promise<Record<string, unknown>[]> {
    return (await this.logLines()).filter((l) => l.event === name);
  }

  async tail(lines = 40): Promise<string> {
    try {
      return (await readFile(this.files.log, "utf8")).split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}
