import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Address, isAddress } from "viem";

/** The addresses `contracts/script/Deploy.s.sol` writes to `deployments/<chainId>.json`. */
export type Deployment = {
  chainId: number;
  startBlock: number;
  token: Address;
  paymentToken: Address;
  parameters: Address;
  staking: Address;
  modelRegistry: Address;
  jobMarket: Address;
  /** Present once the dispute game is deployed. */
  disputeGame?: Address;
  /** Present once governance is deployed: the Governor, its timelock and its votes source. */
  governor?: Address;
  timelock?: Address;
  votes?: Address;
  /** The account that may pause new jobs (an address, not a contract to index). */
  guardian?: Address;
};

const required = [
  "token",
  "paymentToken",
  "parameters",
  "staking",
  "modelRegistry",
  "jobMarket",
] as const;
const optional = ["disputeGame", "governor", "timelock", "votes", "guardian"] as const;

const here = dirname(fileURLToPath(import.meta.url));

/** Where the deployment file is: `VERITY_DEPLOYMENT` (relative to the working directory), else the devnet's. */
export function deploymentPath(): string {
  const fromEnv = process.env.VERITY_DEPLOYMENT;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  return resolve(here, "../deployments/31337.json");
}

/**
 * Reads and checks the deployment file. The core contracts must all be there;
 * the dispute game and governance are optional, so the indexer runs on a
 * deployment that does not have them yet.
 */
export function loadDeployment(path: string = deploymentPath()): Deployment {
  if (!existsSync(path)) {
    throw new Error(
      `No deployment at ${path}: deploy with contracts/script/Deploy.s.sol or set VERITY_DEPLOYMENT.`,
    );
  }
  const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const chainId = Number(raw.chainId);
  const startBlock = Number(raw.startBlock ?? 0);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`${path}: bad chainId ${String(raw.chainId)}`);
  }
  if (!Number.isSafeInteger(startBlock) || startBlock < 0) {
    throw new Error(`${path}: bad startBlock ${String(raw.startBlock)}`);
  }
  const address = (key: string): Address | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string" || !isAddress(value, { strict: false })) {
      throw new Error(`${path}: ${key} is not an address: ${String(value)}`);
    }
    // The zero address is how a script says "not deployed".
    return /^0x0{40}$/i.test(value) ? undefined : value;
  };
  const deployment: Record<string, unknown> = { chainId, startBlock };
  for (const key of required) {
    const value = address(key);
    if (value === undefined) throw new Error(`${path}: missing ${key}`);
    deployment[key] = value;
  }
  for (const key of optional) {
    const value = address(key);
    if (value !== undefined) deployment[key] = value;
  }
  return deployment as Deployment;
}
