/** A fresh anvil per test file from the shared harness, with the protocol deployed by the real forge script. */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devPrivateKeys } from "@verity/cli/devnet/accounts";
import { repoRoot } from "@verity/cli/devnet/paths";
import { deploy, type Anvil as HarnessAnvil, startChain } from "@verity/cli/harness";
import { createTestClient, type Hex, http } from "viem";

export { freePort } from "@verity/cli/harness";

export const ROOT = `${repoRoot()}/`;

/** anvil's well-known development keys (mnemonic "test test ... junk"). */
export const ANVIL_KEYS = devPrivateKeys as readonly [
  Hex,
  Hex,
  Hex,
  Hex,
  Hex,
  Hex,
  Hex,
  Hex,
  Hex,
  Hex,
];

export type Anvil = HarnessAnvil & { url: string; dir: string; stop(): Promise<void> };

export async function startAnvil(options: { blockTime?: number } = {}): Promise<Anvil> {
  const dir = await mkdtemp(join(tmpdir(), "verity-worker-anvil-"));
  const anvil = await startChain({ dir, blockTime: options.blockTime, balance: 100_000 });
  return {
    ...anvil,
    url: anvil.rpcUrl,
    dir,
    async stop() {
      await anvil.process.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Deploys the protocol on `anvil` with the real deploy script and copies its deployment file to `target`. */
export async function deployProtocol(anvil: Anvil, target: string): Promise<void> {
  const { deploymentFile } = await deploy(anvil, { dir: anvil.dir });
  await copyFile(deploymentFile, target);
}

const testClient = (url: string) => createTestClient({ mode: "anvil", transport: http(url) });

export async function increaseTime(url: string, seconds: number): Promise<void> {
  const client = testClient(url);
  await client.increaseTime({ seconds });
  await client.mine({ blocks: 1 });
}

/** Switches from mining on every transaction (fast setup) to one block every `seconds`. */
export async function setIntervalMining(url: string, seconds: number): Promise<void> {
  const client = testClient(url);
  await client.setAutomine(false);
  await client.setIntervalMining({ interval: seconds });
}

export async function mine(url: string): Promise<void> {
  await testClient(url).mine({ blocks: 1 });
}
