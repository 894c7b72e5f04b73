import { type ProposalStateName, proposalStates } from "../../abis/enums.js";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError } from "../../errors/contract.js";
import { MissingContractError } from "../../errors/deployment.js";

/** OpenZeppelin Governor's ProposalState names, in enum order (generated). */
export { type ProposalStateName, proposalStates };

export function proposalStateName(state: number): ProposalStateName {
  const name = proposalStates[state];
  if (name === undefined) throw new RangeError(`unknown proposal state ${state}`);
  return name;
}

/** Vote choices, as GovernorCountingSimple counts them. */
export const voteSupport = { against: 0, for: 1, abstain: 2 } as const;
export type VoteSupportName = keyof typeof voteSupport;

/**
 * The Governor's state of each proposal at the chain's head, read on chain (the indexer's
 * `status` is the same state at the block it has indexed, which may trail the head).
 */
export async function readProposalStates(
  client: VerityCoreClient,
  proposalIds: readonly bigint[],
): Promise<ProposalStateName[]> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "proposal state");
  try {
    const states = await Promise.all(
      proposalIds.map((id) =>
        client.publicClient.readContract({
          address: governor,
          abi: verityGovernorAbi,
          functionName: "state",
          args: [id],
        }),
      ),
    );
    return states.map(proposalStateName);
  } catch (error) {
    throw toVerityError(error, "state");
  }
}
