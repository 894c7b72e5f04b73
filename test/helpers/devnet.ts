/** The running devnet, seen from a test file: clients, the model, and what is (not) running. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type DevAccountName, devAccounts } from "@verity/cli/devnet/accounts";
import { paths } from "@verity/cli/devnet/paths";
import {
  createVerityClient,
  type Deployment,
  loadDeployment,
  type VerityClient,
} from "@verity/sdk";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { inject } from "vitest";

export { devAccounts };

export type Connected = {
  deployment: Deployment;
  publicClient: PublicClient;
  modelId: bigint;
  client(name: DevAccountName): VerityClient;
  /** anvil's JSON-RPC extras (anvil_mine, evm_increaseTime). */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
};

/**
 * Fails with the reason when a part the test needs did not start (the devnet
 * degrades instead of failing, so that the parts that do run can be tested).
 */
export function requireParts(...names: string[]): void {
  const { parts } = inject("devnet");
  for (const name of names) {
    const part = parts.find((p) => p.name === name);
    if (part === undefined || (part.status !== "running" && part.status !== "done")) {
      throw new Error(
        `the devnet's ${name} is not running: ${part?.detail ?? "it was not started"}`,
      );
    }
  }
}

export async function connect(): Promise<Connected> {
  const info = inject("devnet");
  const deployment = await loadDeployment({ source: info.deploymentFile });
  if (info.modelId === null)
    throw new Error("the devnet registered no model (model/models/mnist-mlp.* missing?)");
  const transport = http(info.rpcUrl);
  const publicClient = createPublicClient({ transport, pollingInterval: 250, cacheTime: 0 });
  const clients = new Map<DevAccountName, VerityClient>();
  return {
    deployment,
    publicClient,
    modelId: BigInt(info.modelId),
    client(name) {
      let client = clients.get(name);
      if (client === undefined) {
        client = createVerityClient({
          publicClient,
          walletClient: createWalletClient({
            account: privateKeyToAccount(devAccounts[name].privateKey),
            transport,
          }),
          deployment,
          graphqlUrl: info.graphqlUrl ?? undefined,
        });
        clients.set(name, client);
      }
      return client;
    },
    rpc: (method, params = []) =>
      publicClient.request({ method, params } as never) as Promise<unknown>,
  };
}

export async function mnistMeta(root: string): Promise<{ evaluation?: { intAccuracy?: number } }> {
  return JSON.parse(await readFile(join(paths.modelsDir(root), "mnist-mlp.meta.json"), "utf8"));
}
