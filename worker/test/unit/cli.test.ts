/** The keystore commands of the CLI, run as an operator would. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { loadAccount } from "../../src/config/account.js";
import { ANVIL_KEYS, ROOT } from "../helpers/anvil.js";

const MAIN = join(ROOT, "worker/src/cli/main.ts");

function cli(args: string[], env: Record<string, string>, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", MAIN, ...args],
      { cwd: join(ROOT, "worker"), env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(input ?? "");
  });
}

describe("verity-worker keystore", () => {
  it("creates a keystore the worker can unlock, printing only the address", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-cli-"));
    const out = join(dir, "key.json");
    const stdout = await cli(["keystore", "create", "--out", out, "--scrypt-n", "1024"], {
      VERITY_KEYSTORE_PASSWORD: "a long password",
    });
    const { address } = JSON.parse(stdout) as { address: string };
    const account = await loadAccount(out, { VERITY_KEYSTORE_PASSWORD: "a long password" });
    expect(account.address).toBe(address);
    await expect(
      loadAccount(out, { VERITY_KEYSTORE_PASSWORD: "another password" }),
    ).rejects.toThrow(/password/);
  });

  it("imports a key from standard input", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-cli-"));
    const out = join(dir, "key.json");
    const passwordFile = join(dir, "password");
    await promisify(execFile)("sh", ["-c", `printf 'from a file\\n' > ${passwordFile}`]);
    const stdout = await cli(
      ["keystore", "import", "--out", out, "--scrypt-n", "1024"],
      { VERITY_KEYSTORE_PASSWORD_FILE: passwordFile, VERITY_PRIVATE_KEY: "" },
      `${ANVIL_KEYS[4]}\n`,
    );
    expect(JSON.parse(stdout).address).toBe(privateKeyToAddress(ANVIL_KEYS[4]));
    expect(await readFile(out, "utf8")).not.toContain(ANVIL_KEYS[4].slice(2));
    const account = await loadAccount(out, { VERITY_KEYSTORE_PASSWORD_FILE: passwordFile });
    expect(account.address).toBe(privateKeyToAddress(ANVIL_KEYS[4]));

    // The configured keystore wins over a key left in the environment (as docs/worker.md says).
    const both = await loadAccount(out, {
      VERITY_KEYSTORE_PASSWORD_FILE: passwordFile,
      VERITY_PRIVATE_KEY: ANVIL_KEYS[1],
    });
    expect(both.address).toBe(privateKeyToAddress(ANVIL_KEYS[4]));
    const envOnly = await loadAccount(undefined, { VERITY_PRIVATE_KEY: ANVIL_KEYS[1] });
    expect(envOnly.address).toBe(privateKeyToAddress(ANVIL_KEYS[1]));
  });
});
