/** Dispute phases by the names of IDisputeGame.DisputePhase, in enum order. */
export const disputePhases = [
  "None",
  "AwaitingResponse",
  "AwaitingProof",
  "ProviderWon",
  "ChallengerWon",
] as const;
export type DisputePhaseName = (typeof disputePhases)[number];

export function disputePhaseName(phase: number): DisputePhaseName {
  const name = disputePhases[phase];
  if (name === undefined) throw new RangeError(`unknown dispute phase ${phase}`);
  return name;
}
