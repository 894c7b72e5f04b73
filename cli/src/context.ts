/**
 * What every chain command needs: the RPC, the deployment, the indexer and a
 * key, from flags, then environment variables, then devnet defaults (chain
 * 31337 only: anvil's dev keys by role, deployments/31337.json, the devnet's GraphQL).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  createVerityClient,
  type Deployment,
  loadDeployment,
  type VerityClient,
} from "@verity/sdk";
import { createPublicClient, createWalletClient, erc20Abi, type Hex, http, isHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEVNET_CHAIN_ID, type DevAccountName, devAccounts } from "./devnet/accounts.js";
import { repoRoot } from "./devnet/paths.js";
import { runningDevnets } from "./devnet/running.js";
import { DEFAULT_GRAPHQL_URL, resolveEndpoints } from "./endpoints.js";
import { UsageError } from "./errors.js";
import type { Output } from "./output.js";

export type ChainFlags = {
  rpc?: string | undefined;
  deployment?: string | undefined;
  graphql?: string | undefined;
  "private-key"?: string | undefined;
  account?: string | undefined;
};

export const chainOptions = {
  rpc: { type: "string" },
  deployment: { type: "string" },
  graphql: { type: "string" },
  "private-key": { type: "string" },
  account: { type: "string" },
} as const;

export const chainOptionsHelp = `chain options (flags, else environment, else the running \`verity devnet\`, else defaults):
  --rpc <url>            VERITY_RPC_URL       default the running devnet's, else http://127.0.0.1:8545
  --deployment <file>    VERITY_DEPLOYMENT    default the running devnet's, else deployments/<chainId>.json
  --graphql <url>        VERITY_GRAPHQL_URL   default the running devnet's, else http://127.0.0.1:42069/graphql on chain 31337
  --private-key <hex>    VERITY_PRIVATE_KEY   default on a devnet: the dev account of the command's role
  --account <name>       a devnet dev account: ${Object.keys(devAccounts).join(", ")}
  --json                 print one JSON document instead of tables`;

export type CliContext = {
  client: VerityClient;
  deployment: Deployment;
  chainId: number;
  payment: { decimals: number; symbol: string };
};

/** Builds a client for `role`'s dev account on a devnet, or the given key anywhere. */
export async function cliContext(
  flags: ChainFlags,
  role: DevAccountName,
  output: Output,
): Promise<CliContext> {
  const endpoints = resolveEndpoints(flags, process.env, runningDevnets());
  const rpcUrl = endpoints.rpcUrl;
  const transport = http(rpcUrl, { retryCount: 1 });
  const publicClient = createPublicClient({ transport, pollingInterval: 500 });
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch {
    throw new UsageError(
      `cannot reach an Ethereum RPC at ${rpcUrl}. Start a local network with \`verity devnet\`, or pass --rpc <url>.`,
    );
  }
  const devnet = chainId === DEVNET_CHAIN_ID;
  if (endpoints.devnet !== undefined && flags.rpc === undefined && !process.env.VERITY_RPC_URL) {
    output.note(`(the devnet started by \`verity devnet\`: ${rpcUrl})`);
  }

  const deploymentSource = endpoints.deploymentFile ?? defaultDeployment(chainId);
  const deployment = await loadDeployment({ source: deploymentSource });
  if (deployment.chainId !== chainId) {
    throw new UsageError(
      `the deployment ${deploymentSource} is for chain ${deployment.chainId}, but ${rpcUrl} is chain ${chainId}. Pass the right --deployment.`,
    );
  }

  let key = flags["private-key"] ?? process.env.VERITY_PRIVATE_KEY;
  let accountName = role;
  if (flags.account !== undefined) {
    if (!devnet)
      throw new UsageError(
        "--account names anvil's dev accounts, which exist on a devnet (chain 31337) only",
      );
    if (!(flags.account in devAccounts)) {
      throw new UsageError(
        `unknown --account ${flags.account}; one of ${Object.keys(devAccounts).join(", ")}`,
      );
    }
    accountName = flags.account as DevAccountName;
    key = devAccounts[accountName].privateKey;
  }
  if (key === undefined && devnet) {
    key = devAccounts[accountName].privateKey;
    output.note(`(devnet: acting as ${accountName}, ${devAccounts[accountName].address})`);
  }
  if (key !== undefined && !(isHex(key) && key.length === 66)) {
    throw new UsageError(
      "--private-key must be a 32-byte hex string (0x followed by 64 hex digits)",
    );
  }
  const walletClient =
    key === undefined
      ? undefined
      : createWalletClient({ account: privateKeyToAccount(key as Hex), transport });
  const graphqlUrl =
    endpoints.graphqlUrl ??
    (devnet && endpoints.devnet === undefined ? DEFAULT_GRAPHQL_URL : undefined);
  const client = createVerityClient({ publicClient, walletClient, deployment, graphqlUrl });
  const [decimals, symbol] = await Promise.all([
    publicClient.readContract({
      address: deployment.paymentToken,
      abi: erc20Abi,
      functionName: "decimals",
    }),
    publicClient.readContract({
      address: deployment.paymentToken,
      abi: erc20Abi,
      functionName: "symbol",
    }),
  ]);
  return { client, deployment, chainId, payment: { decimals, symbol } };
}

function defaultDeployment(chainId: number): string {
  const fromCwd = join("deployments", `${chainId}.json`);
  if (existsSync(fromCwd)) return fromCwd;
  return join(repoRoot(), "deployments", `${chainId}.json`);
}
