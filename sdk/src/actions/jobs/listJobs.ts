import type { Address } from "viem";
import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listJobsQuery } from "../../graphql/documents.js";
import {
  type IndexedJob,
  type IndexedJobStatus,
  type Page,
  type PageInfo,
  parseJob,
  parsePage,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListJobsParameters = {
  status?: IndexedJobStatus | readonly IndexedJobStatus[] | undefined;
  requester?: Address | undefined;
  provider?: Address | undefined;
  modelId?: bigint | number | undefined;
  /** Column to order by; default "postedAt". */
  orderBy?: keyof IndexedJob | undefined;
  orderDirection?: "asc" | "desc" | undefined;
  /** Page size; default 50 (Ponder caps it at 1000). */
  limit?: number | undefined;
  /** `pageInfo.endCursor` of the previous page. */
  after?: string | undefined;
};
export type ListJobsReturnType = Page<IndexedJob>;
export type ListJobsErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Lists jobs from the indexer, newest first by default, filtered by status, parties or model. */
export async function listJobs(
  client: VerityCoreClient,
  parameters: ListJobsParameters = {},
): Promise<ListJobsReturnType> {
  const { status, requester, provider, modelId } = parameters;
  const where = toVariables({
    ...(typeof status === "string" ? { status } : status ? { status_in: status } : {}),
    requester: requester?.toLowerCase(),
    provider: provider?.toLowerCase(),
    modelId: modelId === undefined ? undefined : BigInt(modelId),
  });
  const data = await queryIndexer<{
    jobs: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listJobs",
    listJobsQuery,
    toVariables({
      where,
      orderBy: parameters.orderBy ?? "postedAt",
      orderDirection: parameters.orderDirection ?? "desc",
      limit: parameters.limit ?? 50,
      after: parameters.after,
    }),
  );
  return parsePage(data.jobs, parseJob);
}
