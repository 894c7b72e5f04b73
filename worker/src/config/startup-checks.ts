/**
 * Checks made once at start, so that a wrong deployment file or a pricing
 * written for another token stops the worker with the reason instead of
 * failing every job: each contract of the deployment must have code on the
 * node's chain, and `pricing.decimals` (when set) must be the payment token's.
 */
import type { Deployment } from "@verity/sdk";
import { erc20Abi } from "viem";
import type { WorkerPublicClient } from "../chain/clients.js";
import { ConfigError } from "../errors.js";
import { rpcEndpoints, type WorkerConfig } from "./schema.js";

const CONTRACTS = [
  "token",
  "paymentToken",
  "parameters",
  "staking",
  "modelRegistry",
  "jobMarket",
  "disputeGame",
] as const;

export async function checkDeployment(
  client: WorkerPublicClient,
  deployment: Deployment,
  config: Pick<WorkerConfig, "deploymentFile" | "rpcUrl" | "pricing">,
): Promise<void> {
  const missing: string[] = [];
  await Promise.all(
    CONTRACTS.map(async (name) => {
      const address = deployment[name];
      if (address === undefined) return;
      const code = await client.getCode({ address });
      if (code === undefined || code === "0x") missing.push(`${name} at ${address}`);
    }),
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `No contract code at the deployment's addresses on chain ${deployment.chainId} (${rpcEndpoints(config).join(", ")}): ${missing.sort().join(", ")}`,
      {
        metaMessages: [
          `Is ${config.deploymentFile} the deployment of this node's chain? (A restarted devnet needs its new deployment file.)`,
        ],
      },
    );
  }
  const { decimals } = config.pricing;
  if (decimals !== undefined) {
    const actual = await client.readContract({
      address: deployment.paymentToken,
      abi: erc20Abi,
      functionName: "decimals",
    });
    if (actual !== decimals) {
      throw new ConfigError(
        `pricing.decimals is ${decimals}, the payment token ${deployment.paymentToken} has ${actual} decimals: the prices would be off by 10^${Math.abs(actual - decimals)}`,
      );
    }
  }
}
