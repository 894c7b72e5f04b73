/**
 * Which RPC, GraphQL and deployment a chain command uses: flags, then environment variables,
 * then the running `verity devnet` (its real ports), then the devnet's default ports.
 */
import { DEVNET_GRAPHQL_PORT, DEVNET_RPC_PORT } from "./devnet/accounts.js";
import { type RunningDevnet, sameUrl } from "./devnet/running.js";
import { UsageError } from "./errors.js";

export const DEFAULT_RPC_URL = `http://127.0.0.1:${DEVNET_RPC_PORT}`;
export const DEFAULT_GRAPHQL_URL = `http://127.0.0.1:${DEVNET_GRAPHQL_PORT}/graphql`;

export type EndpointFlags = {
  rpc?: string | undefined;
  graphql?: string | undefined;
  deployment?: string | undefined;
};

export type Endpoints = {
  rpcUrl: string;
  /** Undefined: let the chain decide (a devnet's default), or none. */
  graphqlUrl: string | undefined;
  deploymentFile: string | undefined;
  /** The running devnet the endpoints came from, if any. */
  devnet: RunningDevnet | undefined;
};

export function resolveEndpoints(
  flags: EndpointFlags,
  env: NodeJS.ProcessEnv,
  running: readonly RunningDevnet[],
): Endpoints {
  const explicitRpc = flags.rpc ?? env.VERITY_RPC_URL;
  let devnet: RunningDevnet | undefined;
  if (explicitRpc !== undefined) {
    devnet = running.find((d) => sameUrl(d.rpcUrl, explicitRpc));
  } else if (running.length === 1) {
    devnet = running[0];
  } else if (running.length > 1) {
    throw new UsageError(
      `${running.length} devnets are running (${running.map((d) => d.rpcUrl).join(", ")}): say which with --rpc <url> (or VERITY_RPC_URL)`,
    );
  }
  const rpcUrl = explicitRpc ?? devnet?.rpcUrl ?? DEFAULT_RPC_URL;
  // A recorded devnet without an indexer has no GraphQL: never guess the default port then, where
  // another devnet's indexer may answer.
  const graphqlUrl =
    flags.graphql ??
    env.VERITY_GRAPHQL_URL ??
    (devnet !== undefined ? devnet.graphqlUrl : undefined);
  const deploymentFile = flags.deployment ?? env.VERITY_DEPLOYMENT ?? devnet?.deploymentFile;
  return { rpcUrl, graphqlUrl, deploymentFile, devnet };
}
