/** A fresh anvil per test file, with the protocol deployed by the real forge deploy script. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFile, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ANVIL = join(ROOT, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
const FORGE = join(ROOT, "node_modules/@foundry-rs/forge-linux-amd64/bin/forge");

/** anvil's well-known development keys (mnemonic "test test ... junk"). */
export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

export type Anvil = { url: string; port: number; process: ChildProcess; stop(): Promise<void> };

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const json = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result;
}

export async function startAnvil(options: { blockTime?: number } = {}): Promise<Anvil> {
  const port = await freePort();
  const args = ["--port", String(port), "--silent", "--accounts", "10", "--balance", "100000"];
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  const child = spawn(ANVIL, args, { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await rpc(url, "eth_chainId");
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

/**
 * Runs contracts/script/Deploy.s.sol against `url` and copies the deployment
 * file it writes (deployments/<chainId>.json) to `target`.
 */
export async function deployProtocol(url: string, target: string): Promise<void> {
  await promisify(execFile)(
    FORGE,
    [
      "script",
      "contracts/script/Deploy.s.sol",
      "--rpc-url",
      url,
      "--broadcast",
      "--private-key",
      ANVIL_KEYS[0],
    ],
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, FOUNDRY_DISABLE_NIGHTLY_WARNING: "1" },
    },
  );
  const chainId = Number(await rpc(url, "eth_chainId"));
  await copyFile(join(ROOT, "deployments", `${chainId}.json`), target);
  JSON.parse(await readFile(target, "utf8"));
}

export async function increaseTime(url: string, seconds: number): Promise<void> {
  await rpc(url, "evm_increaseTime", [seconds]);
  await rpc(url, "evm_mine");
}

/** Switches from mining on every transaction (fast setup) to one block every `seconds`. */
export async function setIntervalMining(url: string, seconds: number): Promise<void> {
  await rpc(url, "evm_setAutomine", [false]);
  await rpc(url, "evm_setIntervalMining", [seconds]);
}

export async function mine(url: string): Promise<void> {
  await rpc(url, "evm_mine");
}
