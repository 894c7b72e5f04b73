/** OpenZeppelin Governor's ProposalState names, in enum order. */
export const proposalStates = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof proposalStates)[number];

export function proposalStateName(state: number): ProposalStateName {
  const name = proposalStates[state];
  if (name === undefined) throw new RangeError(`unknown proposal state ${state}`);
  return name;
}

/** Vote choices, as GovernorCountingSimple counts them. */
export const voteSupport = { against: 0, for: 1, abstain: 2 } as const;
export type VoteSupportName = keyof typeof voteSupport;
