/**
 * The devnet's process supervision: on SIGTERM, every child it started is gone
 * (one that ignores SIGTERM after the grace period, by SIGKILL; a grandchild with
 * its parent's process group) and no port they listened on is left open.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { alive, descendants, eventually, listening } from "./helpers/process-tree.js";

const fixture = new URL("./fixtures/supervisor.ts", import.meta.url).pathname;
let supervisor: ChildProcess | undefined;

afterEach(() => {
  if (supervisor?.exitCode === null) supervisor.kill("SIGKILL");
});

async function firstLine(child: ChildProcess): Promise<string> {
  if (child.stdout === null) throw new Error("no stdout");
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, "line")) as [string];
  return line;
}

describe("stopOnSignals", () => {
  it("stops every child on SIGTERM, escalating to SIGKILL, and leaves no process or port", async () => {
    supervisor = spawn(process.execPath, ["--import", "tsx", fixture, "1000"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const ports = JSON.parse(await firstLine(supervisor)) as Record<string, number>;
    const pid = supervisor.pid as number;
    // Three children and the grandchild (tsx's esbuild service may add one more).
    await eventually("the whole tree is up", () => descendants(pid).length >= 4);
    const tree = descendants(pid);
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(true);

    const exited = once(supervisor, "exit");
    supervisor.kill("SIGTERM");
    const [code] = (await exited) as [number | null];

    expect(code).toBe(0);
    await eventually("no process of the tree is left", () => tree.every((p) => !alive(p)));
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
  });
});
