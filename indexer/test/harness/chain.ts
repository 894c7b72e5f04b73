import { copyFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Account,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { foundry } from "viem/chains";
import { type Deployment, loadDeployment } from "../../deployment.js";
import {
  foundryBinary,
  freePort,
  repoRoot,
  run,
  type Service,
  startService,
  waitFor,
} from "./processes.js";

/** Anvil's first default account (the deployer on a devnet). */
export const ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export const devnet = foundry;

export type Clients = {
  public: PublicClient<Transport, typeof devnet>;
  wallet: WalletClient<Transport, typeof devnet, Account | undefined>;
  test: TestClient<"anvil", Transport, typeof devnet>;
  /** Anvil's unlocked accounts. */
  accounts: Address[];
};

export type Anvil = Service & { url: string; port: number; clients: Clients };

/** Starts a fresh anvil on a free port and waits until it answers. */
export async function startAnvil(
  logDir: string,
  { accounts = 10, extraArgs = [] as string[] } = {},
): Promise<Anvil> {
  const port = await freePort();
  const service = startService(
    foundryBinary("anvil"),
    [
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      "--accounts",
      String(accounts),
      "--balance",
      "1000000",
      ...extraArgs,
    ],
    { cwd: logDir, logFile: join(logDir, "anvil.log") },
  );
  const url = `http://127.0.0.1:${port}`;
  const transport = http(url, { batch: false });
  const clients: Clients = {
    public: createPublicClient({ chain: devnet, transport, pollingInterval: 50 }),
    wallet: createWalletClient({ chain: devnet, transport }),
    test: createTestClient({ chain: devnet, transport, mode: "anvil" }),
    accounts: [],
  };
  await waitFor("anvil", async () => {
    if (service.exited()) throw new Error("anvil exited");
    return (await clients.public.getChainId()) === devnet.id ? true : undefined;
  });
  clients.accounts = await clients.wallet.getAddresses();
  return { ...service, url, port, clients };
}

/**
 * Deploys Verity with the forge script and returns its addresses. The script
 * writes deployments/<chainId>.json in the repository; a copy in `dir` is what
 * the indexer under test reads.
 */
export async function deploy(
  clients: Clients,
  rpcUrl: string,
  dir: string,
): Promise<{ path: string; deployment: Deployment }> {
  await run(
    foundryBinary("forge"),
    [
      "script",
      "contracts/script/Deploy.s.sol",
      "--rpc-url",
      rpcUrl,
      "--broadcast",
      "--private-key",
      ANVIL_KEY_0,
    ],
    { cwd: repoRoot },
  );
  const chainId = devnet.id;
  const path = join(dir, `deployment-${chainId}.json`);
  copyFileSync(join(repoRoot, "deployments", `${chainId}.json`), path);
  const deployment = loadDeployment(path);
  // Another deploy may rewrite the repository's file meanwhile: check the copy is ours.
  const code = await clients.public.getCode({ address: deployment.jobMarket });
  if (code === undefined || code === "0x") {
    throw new Error(`no job market at ${deployment.jobMarket} on ${rpcUrl}`);
  }
  return { path, deployment };
}
