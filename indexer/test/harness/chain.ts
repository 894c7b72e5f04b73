import {
  deploy as deployProtocol,
  type Anvil as HarnessAnvil,
  startChain,
} from "@verity/cli/harness";
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

/** The harness's chains run on the local chain id, which is foundry's. */
export const devnet = foundry;

export type Clients = {
  public: PublicClient<Transport, typeof devnet>;
  wallet: WalletClient<Transport, typeof devnet, Account | undefined>;
  test: TestClient<"anvil", Transport, typeof devnet>;
  /** Anvil's unlocked accounts. */
  accounts: Address[];
};

export type Anvil = HarnessAnvil & { url: string; clients: Clients; stop(): Promise<void> };

/** A fresh anvil from the shared harness, with viem clients over it (the wallet's accounts unlocked). */
export async function startAnvil(
  logDir: string,
  { accounts = 10, extraArgs = [] as string[] } = {},
): Promise<Anvil> {
  const anvil = await startChain({ dir: logDir, accounts, balance: 1_000_000, extraArgs });
  const transport = http(anvil.rpcUrl, { batch: false });
  const clients: Clients = {
    public: createPublicClient({ chain: devnet, transport, pollingInterval: 50 }),
    wallet: createWalletClient({ chain: devnet, transport }),
    test: createTestClient({ chain: devnet, transport, mode: "anvil" }),
    accounts: [],
  };
  clients.accounts = await clients.wallet.getAddresses();
  return { ...anvil, url: anvil.rpcUrl, clients, stop: () => anvil.process.stop() };
}

/**
 * Deploys Verity with the real forge script through the harness: the deployment JSON lands
 * in `dir` (what the indexer under test reads), never in the repository.
 */
export async function deploy(
  anvil: Anvil,
  dir: string,
): Promise<{ path: string; deployment: Deployment }> {
  const { deploymentFile } = await deployProtocol(anvil, { dir });
  return { path: deploymentFile, deployment: loadDeployment(deploymentFile) };
}
