/**
 * Where the explorer reads from. The server that serves the page answers /config.json with the
 * network it was started for; `?graphql=<url>` in the page's address overrides the indexer, so
 * that a built page can be pointed at any indexer without a server.
 */

export type ExplorerConfig = {
  graphqlUrl: string;
  rpcUrl: string | null;
  chainId: number | null;
  /** Contract addresses by name (the deployment file's). */
  addresses: Record<string, string>;
  /** Per model id, its input quantization (only models the page can post jobs to from a drawing). */
  models: Record<string, { inputScale: number }>;
};

/** The devnet's indexer (`verity devnet` without --graphql-port). */
export const DEFAULT_GRAPHQL_URL = "http://127.0.0.1:42069/graphql";

export async function loadConfig(location: Location = window.location): Promise<ExplorerConfig> {
  const fromServer = await fetch(new URL("config.json", location.href))
    .then(async (r) => (r.ok ? ((await r.json()) as Partial<ExplorerConfig>) : {}))
    .catch(() => ({}) as Partial<ExplorerConfig>);
  const override = new URLSearchParams(location.search).get("graphql");
  return {
    graphqlUrl: override ?? fromServer.graphqlUrl ?? DEFAULT_GRAPHQL_URL,
    rpcUrl: fromServer.rpcUrl ?? null,
    chainId: fromServer.chainId ?? null,
    addresses: fromServer.addresses ?? {},
    models: fromServer.models ?? {},
  };
}
