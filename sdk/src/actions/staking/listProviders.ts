import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listProvidersQuery } from "../../graphql/documents.js";
import {
  type IndexedProvider,
  type Page,
  type PageInfo,
  parsePage,
  parseProvider,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListProvidersParameters = {
  status?: IndexedProvider["status"] | undefined;
  orderBy?: keyof IndexedProvider | undefined;
  orderDirection?: "asc" | "desc" | undefined;
  limit?: number | undefined;
  after?: string | undefined;
};
export type ListProvidersReturnType = Page<IndexedProvider>;
export type ListProvidersErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Lists providers from the indexer with their stake and track record, most bonded first. */
export async function listProviders(
  client: VerityCoreClient,
  parameters: ListProvidersParameters = {},
): Promise<ListProvidersReturnType> {
  const data = await queryIndexer<{
    providers: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listProviders",
    listProvidersQuery,
    toVariables({
      where: parameters.status ? { status: parameters.status } : undefined,
      orderBy: parameters.orderBy ?? "bonded",
      orderDirection: parameters.orderDirection ?? "desc",
      limit: parameters.limit ?? 50,
      after: parameters.after,
    }),
  );
  return parsePage(data.providers, parseProvider);
}
