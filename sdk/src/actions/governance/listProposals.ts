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
import { type ProposalStateName, readProposalStates } from "./proposalState.js";

export type ListProposalsParameters = {
  status?: IndexedProposal["status"] | undefined;
  limit?: number | undefined;
  after?: string | undefined;
};
/** Each indexed proposal with `state`, the Governor's state now (read on chain). */
export type ListProposalsReturnType = Page<IndexedProposal & { state: ProposalStateName }>;
export type ListProposalsErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/**
 * Governance proposals from the indexer, newest first, with their tallies and
 * their state at the chain's head, read on chain (`state`; the indexer's `status` is the state at
 * the block it has indexed, which may trail the head).
 */
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
  const page = parsePage(data.proposals, parseProposal);
  const states = await readProposalStates(
    client,
    page.items.map((p) => p.id),
  );
  return {
    ...page,
    items: page.items.map((p, i) => ({ ...p, state: states[i] as ProposalStateName })),
  };
}
