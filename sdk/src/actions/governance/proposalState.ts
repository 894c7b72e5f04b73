import { type ProposalStateName, proposalStates } from "../../abis/enums.js";

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
