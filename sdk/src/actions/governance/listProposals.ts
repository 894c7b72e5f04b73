import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { listProposalsQuery } from "../../graphql/documents.js";
import {
  type IndexedProposal,
  type Page,
  type PageInfo,
  parsePage,
  parseProposal,
} from "../../graphql/types.js";
import { queryIndexer, toVariables } from "../internal/graphql.js";

export type ListProposalsParameters = {
  status?: IndexedProposal["status"] | undefined;
  limit?: number | undefined;
  after?: string | undefined;
};
export type ListProposalsReturnType = Page<IndexedProposal>;
export type ListProposalsErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Governance proposals from the indexer, newest first, with their tallies. */
export async function listProposals(
  client: VerityCoreClient,
  parameters: ListProposalsParameters = {},
): Promise<ListProposalsReturnType> {
  const data = await queryIndexer<{
    proposals: { items: Record<string, unknown>[]; pageInfo: PageInfo; totalCount: number };
  }>(
    client,
    "listProposals",
    listProposalsQuery,
    toVariables({
      where: parameters.status ? { status: parameters.status } : undefined,
      limit: parameters.limit ?? 50,
      after: parameters.after,
    }),
  );
  return parsePage(data.proposals, parseProposal);
}
