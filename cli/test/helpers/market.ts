/** A market ready for jobs: funded and staked providers, a funded requester, the MNIST model registered. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseUnits } from "viem";
import { fund } from "../../src/devnet/fund.js";
import { paths, repoRoot } from "../../src/devnet/paths.js";
import type { TestChain } from "./chain.js";

export const STAKE = parseUnits("10000", 18);
export const USD = (amount: string) => parseUnits(amount, 6);

export async function readMnistMeta() {
  const text = await readFile(join(paths.modelsDir(repoRoot()), "mnist-mlp.meta.json"), "utf8");
  return JSON.parse(text) as {
    artifactHash: `0x${string}`;
    weightCommitment: `0x${string}`;
    widths: number[];
    computeUnits: number;
  };
}

export async function setupMarket(chain: TestChain): Promise<{ modelId: bigint }> {
  const deployer = chain.client("deployer");
  for (const name of ["providerA", "providerB"] as const) {
    await fund(deployer, {
      to: chain.client(name).walletClient?.account?.address as `0x${string}`,
      vrt: STAKE * 2n,
    });
    await chain.client(name).register({ metadata: { endpoint: `http://${name}.local` } });
    await chain.client(name).stake({ amount: STAKE });
  }
  for (const name of ["requester", "watcher"] as const) {
    const to = chain.client(name).walletClient?.account?.address as `0x${string}`;
    await fund(deployer, { to, vrt: parseUnits("1000", 18), usd: USD("10000") });
  }
  const { modelId } = await deployer.registerModel({
    meta: await readMnistMeta(),
    uri: "file://model/models/mnist-mlp.onnx",
  });
  return { modelId };
}
