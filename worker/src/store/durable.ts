/**
 * Crash-safe files: write a temporary file, fsync it, rename it over the target
 * and fsync the directory, so that after a crash (even a power loss) the target
 * holds either its old or its new content, never a torn one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { StateStoreError } from "../errors.js";

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "w", 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new StateStoreError(`Could not write ${path}`, { cause: error });
  }
  await fsyncDirectory(dir);
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value.toString()}n` : value;
}

export function jsonReviver(_key: string, value: unknown): unknown {
  return typeof value === "string" && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value;
}

export async function writeJsonDurable(path: string, value: unknown): Promise<void> {
  await writeFileDurable(path, `${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

/** Parses a state file's JSON text (bigints as `"123n"`). */
export function parseJson<T>(text: string, path: string): T {
  try {
    return JSON.parse(text, jsonReviver) as T;
  } catch (error) {
    throw new StateStoreError(`Corrupt state file ${path}`, { cause: error });
  }
}

/** A state file's bytes, or undefined when it does not exist. */
export async function readBytes(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateStoreError(`Could not read ${path}`, { cause: error });
  }
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  const bytes = await readBytes(path);
  return bytes === undefined ? undefined : parseJson<T>(bytes.toString("utf8"), path);
}

/** Names of the files of `dir` ending in `ext` (leftover temporary files are skipped). */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith(ext) && !n.startsWith(".")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
