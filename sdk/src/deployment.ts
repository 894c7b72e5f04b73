/**
 * Where the protocol lives on a chain: the addresses the deploy script writes
 * to `deployments/<chainId>.json` (contracts/script/Deploy.s.sol).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Address, getAddress, isAddress } from "viem";
import { BaseError } from "./errors/base.js";

export type Deployment = {
  chainId: number;
  /** The block the deployment started at: where event scans begin. */
  startBlock: number;
  /** VRT, the protocol token (stake, bonds, votes). */
  token: Address;
  /** The token jobs are paid in (tUSD on a devnet). */
  paymentToken: Address;
  parameters: Address;
  staking: Address;
  modelRegistry: Address;
  jobMarket: Address;
  /** Holds delegated VRT; when absent, read from Staking (`delegationPool()`). */
  delegationPool?: Address;
  /** The market's standing asks (the fast path); when absent, read from the market (`askBook()`). */
  askBook?: Address;
  /** Present once the dispute game is deployed. */
  disputeGame?: Address;
  /** Governance: the governor, the timelock that owns Parameters and the market, the votes source. */
  governor?: Address;
  timelock?: Address;
  votes?: Address;
  /** The account that may pause new jobs. */
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
const optional = [
  "delegationPool",
  "askBook",
  "disputeGame",
  "governor",
  "timelock",
  "votes",
  "guardian",
] as const;

export type InvalidDeploymentErrorType = InvalidDeploymentError & {
  name: "InvalidDeploymentError";
};
export class InvalidDeploymentError extends BaseError {
  override name = "InvalidDeploymentError" as const;
  constructor(source: string, problem: string, cause?: unknown) {
    super(`Invalid deployment ${source}: ${problem}`, {
      cause,
      metaMessages: [
        "A deployment is the JSON that contracts/script/Deploy.s.sol writes to deployments/<chainId>.json.",
        "Deploy with `npx forge script contracts/script/Deploy.s.sol --broadcast`, or start `verity devnet`.",
      ],
    });
  }
}

export type ParseDeploymentErrorType = InvalidDeploymentErrorType;

/** Validates a parsed deployment JSON; `source` names it in errors. */
export function parseDeployment(json: unknown, source = "object"): Deployment {
  if (typeof json !== "object" || json === null) {
    throw new InvalidDeploymentError(source, "expected a JSON object");
  }
  const record = json as Record<string, unknown>;
  const chainId = Number(record.chainId);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new InvalidDeploymentError(
      source,
      `chainId must be a positive integer, got ${String(record.chainId)}`,
    );
  }
  const startBlock = record.startBlock === undefined ? 0 : Number(record.startBlock);
  if (!Number.isSafeInteger(startBlock) || startBlock < 0) {
    throw new InvalidDeploymentError(
      source,
      `startBlock must be a block number, got ${String(record.startBlock)}`,
    );
  }
  const address = (key: string): Address => {
    const value = record[key];
    if (typeof value !== "string" || !isAddress(value, { strict: false })) {
      throw new InvalidDeploymentError(
        source,
        `${key} must be an address, got ${JSON.stringify(value)}`,
      );
    }
    return getAddress(value);
  };
  const deployment = { chainId, startBlock } as Deployment;
  for (const key of required) {
    // The zero address is how the deploy script says "not deployed".
    if (record[key] === "0x0000000000000000000000000000000000000000") {
      throw new InvalidDeploymentError(source, `${key} is not deployed (zero address)`);
    }
    deployment[key] = address(key);
  }
  for (const key of optional) {
    if (record[key] !== undefined && record[key] !== "0x0000000000000000000000000000000000000000") {
      deployment[key] = address(key);
    }
  }
  return deployment;
}

export type LoadDeploymentParameters = {
  /** A path to a deployment JSON, or a chain id to read `<dir>/<chainId>.json`. */
  source: string | number;
  /** Where `<chainId>.json` files live; defaults to `./deployments`. */
  dir?: string;
};

export type LoadDeploymentErrorType = InvalidDeploymentErrorType;

/** Reads and validates a deployment file. */
export async function loadDeployment({
  source,
  dir,
}: LoadDeploymentParameters): Promise<Deployment> {
  const path =
    typeof source === "number" || /^\d+$/.test(source)
      ? join(dir ?? "deployments", `${source}.json`)
      : source;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new InvalidDeploymentError(path, "the file cannot be read", error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidDeploymentError(path, "the file is not JSON", error);
  }
  return parseDeployment(json, path);
}
