import type { VerityCoreClient } from "../../client.js";
import { GraphqlUrlRequiredError } from "../../errors/graphql.js";
import { graphqlRequest } from "../../graphql/client.js";

/** Runs a query against the client's indexer, or throws GraphqlUrlRequiredError. */
export function queryIndexer<data>(
  client: VerityCoreClient,
  action: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<data> {
  if (client.graphqlUrl === undefined) throw new GraphqlUrlRequiredError(action);
  return graphqlRequest<data>({ url: client.graphqlUrl, query, variables });
}

/** Drops undefined entries and turns bigints into the decimal strings Ponder's BigInt scalar takes. */
export function toVariables(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[key] =
      typeof value === "bigint"
        ? value.toString()
        : typeof value === "object" && value !== null && !Array.isArray(value)
          ? toVariables(value as Record<string, unknown>)
          : value;
  }
  return out;
}
