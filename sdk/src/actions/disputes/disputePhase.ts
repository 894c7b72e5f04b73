import { type DisputePhaseName, disputePhases } from "../../abis/enums.js";

/** Dispute phases by the names of IDisputeGame.DisputePhase, in enum order (generated). */
export { type DisputePhaseName, disputePhases };

export function disputePhaseName(phase: number): DisputePhaseName {
  const name = disputePhases[phase];
  if (name === undefined) throw new RangeError(`unknown dispute phase ${phase}`);
  return name;
}
