/**
 * A fresh anvil with the protocol deployed by the real deploy script, and a
 * Verity client per dev account. Anvil mines one block per transaction here;
 * tests move time themselves with `advance`. Test-only; other packages' tests
 * import it as `@verity/cli/test/chain`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVerityClient, type Deployment, type VerityClient } from "@verity/sdk";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type DevAccountName, devAccounts } from "../../src/devnet/accounts.js";
import { type Anvil, deploy, startChain } from "../../src/devnet/harness.js";

export type TestChain = {
  anvil: Anvil;
  deployment: Deployment;
  /** This chain's copy of the deployment JSON. */
  deploymentFile: string;
  publicClient: PublicClient;
  client(name: DevAccountName): VerityClient;
  /** Moves chain time forward by `seconds` and mines a block. */
  advance(seconds: number): Promise<void>;
  /** Mines `blocks` blocks (one second apart). */
  mine(blocks: number): Promise<void>;
  stop(): Promise<void>;
};

export async function startTestChain(): Promise<TestChain> {
  const dir = await mkdtemp(join(tmpdir(), "verity-test-chain-"));
  const anvil = await startChain({ dir });
  try {
    const { deployment, deploymentFile } = await deploy(anvil, { dir });
    const transport = http(anvil.rpcUrl);
    const publicClient = createPublicClient({ transport, pollingInterval: 50 });
    const clients = new Map<DevAccountName, VerityClient>();
    const rpc = (method: string, params: unknown[]) =>
      publicClient.request({ method, params } as never) as Promise<unknown>;
    return {
      anvil,
      deployment,
      deploymentFile,
      publicClient,
      client(name) {
        let client = clients.get(name);
        if (client === undefined) {
          const account = privateKeyToAccount(devAccounts[name].privateKey);
          client = createVerityClient({
            publicClient,
            walletClient: createWalletClient({ account, transport }),
            deployment,
          });
          clients.set(name, client);
        }
        return client;
      },
      async advance(seconds) {
        await rpc("evm_increaseTime", [seconds]);
        await rpc("evm_mine", []);
      },
      async mine(blocks) {
        await rpc("anvil_mine", [`0x${blocks.toString(16)}`, "0x1"]);
      },
      async stop() {
        await anvil.process.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await anvil.process.stop();
    throw error;
  }
}
