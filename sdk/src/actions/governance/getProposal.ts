import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { proposalQuery } from "../../graphql/documents.js";
import { type IndexedProposalWithVotes, parseProposalWithVotes } from "../../graphql/types.js";
import { queryIndexer } from "../internal/graphql.js";
import { type ProposalStateName, readProposalStates } from "./proposalState.js";

export type GetProposalParameters = { proposalId: bigint };
/** The proposal with its votes and the parameter changes it made; null if not indexed. */
export type GetProposalReturnType =
  | (IndexedProposalWithVotes & {
      /** The Governor's state at the chain's head (read on chain); `status` is the state at the indexed block. */
      state: ProposalStateName;
    })
  | null;
export type GetProposalErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** A governance proposal as the indexer recorded it: actions, votes, and what it changed. */
export async function getProposal(
  client: VerityCoreClient,
  { proposalId }: GetProposalParameters,
): Promise<GetProposalReturnType> {
  const data = await queryIndexer<{
    proposal: Record<string, unknown> | null;
    parameterChanges: { items: Record<string, unknown>[] } | null;
  }>(client, "getProposal", proposalQuery, { id: proposalId.toString() });
  if (data.proposal === null) return null;
  const [state] = await readProposalStates(client, [proposalId]);
  return { ...parseProposalWithVotes(data.proposal, data), state: state as ProposalStateName };
}
