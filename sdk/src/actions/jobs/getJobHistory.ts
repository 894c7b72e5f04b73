import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { jobHistoryQuery } from "../../graphql/documents.js";
import { type IndexedJobHistory, parseJobHistory } from "../../graphql/types.js";
import { queryIndexer } from "../internal/graphql.js";

export type GetJobHistoryParameters = { jobId: bigint };
/** The job with its bids, results, disputes, status changes and stake movements; null if not indexed. */
export type GetJobHistoryReturnType = IndexedJobHistory | null;
export type GetJobHistoryErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** A job's whole history as the indexer recorded it. */
export async function getJobHistory(
  client: VerityCoreClient,
  { jobId }: GetJobHistoryParameters,
): Promise<GetJobHistoryReturnType> {
  const data = await queryIndexer<{
    job: Record<string, unknown> | null;
    disputeMoves: { items: Record<string, unknown>[] } | null;
  }>(client, "getJobHistory", jobHistoryQuery, { id: jobId.toString() });
  return data.job === null ? null : parseJobHistory(data.job, data);
}
