/** The contract addresses the forge deploy script writes to deployments/<chainId>.json. */
import { readFile } from "node:fs/promises";
import { type Address, getAddress, isAddress } from "viem";
import { ConfigError } from "../errors.js";

export type Deployment = {
  chainId: number;
  startBlock: bigint;
  token: Address;
  paymentToken: Address;
  parameters: Address;
  staking: Address;
  modelRegistry: Address;
  jobMarket: Address;
  /** Absent until the dispute game is deployed: then the worker neither defends nor challenges. */
  disputeGame: Address | undefined;
};

function address(json: Record<string, unknown>, key: string, path: string): Address {
  const value = json[key];
  if (typeof value !== "string" || !isAddress(value))
    throw new ConfigError(`${path}: ${key} is not an address`);
  return getAddress(value);
}

export function parseDeployment(json: unknown, path = "deployment"): Deployment {
  if (typeof json !== "object" || json === null)
    throw new ConfigError(`${path} is not a JSON object`);
  const j = json as Record<string, unknown>;
  const dispute = j.disputeGame;
  return {
    chainId: Number(j.chainId),
    startBlock: BigInt(
      typeof j.startBlock === "number" || typeof j.startBlock === "string" ? j.startBlock : 0,
    ),
    token: address(j, "token", path),
    paymentToken: address(j, "paymentToken", path),
    parameters: address(j, "parameters", path),
    staking: address(j, "staking", path),
    modelRegistry: address(j, "modelRegistry", path),
    jobMarket: address(j, "jobMarket", path),
    disputeGame:
      typeof dispute === "string" && isAddress(dispute) ? getAddress(dispute) : undefined,
  };
}

export async function readDeployment(path: string): Promise<Deployment> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the deployment file ${path}`, { cause: error });
  }
  return parseDeployment(JSON.parse(text), path);
}
