import type { Address } from "viem";
import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listDisputesQuery } from "../../graphql/documents.js";
import {
  type IndexedDispute,
  type Page,
  type PageInfo,
  parseDispute,
  parsePage,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListDisputesParameters = {
  jobId?: bigint | undefined;
  provider?: Address | undefined;
  outcome?: IndexedDispute["outcome"] | undefined;
  limit?: number | undefined;
  after?: string | undefined;
};
export type ListDisputesReturnType = Page<IndexedDispute>;
export type ListDisputesErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Lists disputes from the indexer, newest first. */
export async function listDisputes(
  client: VerityCoreClient,
  parameters: ListDisputesParameters = {},
): Promise<ListDisputesReturnType> {
  const data = await queryIndexer<{
    disputes: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listDisputes",
    listDisputesQuery,
    toVariables({
      where: toVariables({
        jobId: parameters.jobId,
        provider: parameters.provider?.toLowerCase(),
        outcome: parameters.outcome,
      }),
      orderBy: "openedAt",
      orderDirection: "desc",
      limit: parameters.limit ?? 50,
      after: parameters.after,
    }),
  );
  return parsePage(data.disputes, parseDispute);
}
