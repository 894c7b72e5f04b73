import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { foundryBinary } from "./paths.js";
import { type ManagedProcess, portInUse, spawnManaged, waitUntil } from "./processes.js";

export type StartAnvilParameters = {
  root: string;
  logDir: string;
  port: number;
  chainId: number;
  /**
   * Seconds between blocks: a devnet mines on an interval so that deadlines pass
   * without traffic. 0 mines one block per transaction (tests that move time themselves).
   */
  blockTime: number;
  /** Unlocked dev accounts (10 by default) and each one's ether (10,000 by default). */
  accounts?: number | undefined;
  balance?: number | undefined;
  /** More anvil flags (tests: `--slots-in-an-epoch`, ...). */
  extraArgs?: readonly string[] | undefined;
};

export type Anvil = { process: ManagedProcess; rpcUrl: string; port: number; chainId: number };

/** Starts anvil and waits until it answers eth_chainId with the expected id. */
export async function startAnvil(parameters: StartAnvilParameters): Promise<Anvil> {
  const { root, port, chainId, blockTime, logDir } = parameters;
  const binary = foundryBinary(root, "anvil");
  if (binary === undefined) {
    throw new Error(
      "anvil is not installed: run `npm install` at the repository root (@foundry-rs/anvil)",
    );
  }
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} is in use: is another devnet running? Stop it, or pass --port <free port>.`,
    );
  }
  const process = spawnManaged({
    name: "anvil",
    command: binary,
    args: [
      "--port",
      String(port),
      "--chain-id",
      String(chainId),
      ...(blockTime > 0 ? ["--block-time", String(blockTime)] : []),
      "--accounts",
      String(parameters.accounts ?? 10),
      "--balance",
      String(parameters.balance ?? 10_000),
      ...(parameters.extraArgs ?? []),
    ],
    cwd: root,
    logFile: join(logDir, "anvil.log"),
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  await waitUntil("answering RPC", async () => (await client.getChainId()) === chainId, {
    timeoutMs: 20_000,
    process,
  });
  return { process, rpcUrl, port, chainId };
}
