import type { Address } from "viem";
import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listDelegationsQuery } from "../../graphql/documents.js";
import {
  type IndexedDelegation,
  type Page,
  type PageInfo,
  parseDelegation,
  parsePage,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListDelegationsParameters = {
  /** A delegator's positions (any provider), a provider's (any delegator), or both. */
  delegator?: Address | undefined;
  provider?: Address | undefined;
  limit?: number | undefined;
  after?: string | undefined;
};
export type ListDelegationsReturnType = Page<IndexedDelegation>;
export type ListDelegationsErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Lists delegation positions from the indexer, with their slashes and earnings, latest first. */
export async function listDelegations(
  client: VerityCoreClient,
  parameters: ListDelegationsParameters = {},
): Promise<ListDelegationsReturnType> {
  const where: Record<string, string> = {};
  if (parameters.delegator !== undefined) where.delegator = parameters.delegator.toLowerCase();
  if (parameters.provider !== undefined) where.provider = parameters.provider.toLowerCase();
  const data = await queryIndexer<{
    delegations: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listDelegations",
    listDelegationsQuery,
    toVariables({
      where: Object.keys(where).length === 0 ? undefined : where,
      limit: parameters.limit ?? 50,
      after: parameters.after,
    }),
  );
  return parsePage(data.delegations, parseDelegation);
}
