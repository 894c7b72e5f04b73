import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import { type ProposalStateName, proposalStateName } from "./proposalState.js";

export type GetProposalStateParameters = { proposalId: bigint };
export type GetProposalStateReturnType = {
  proposalId: bigint;
  state: ProposalStateName;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  /** Votes needed (For + Abstain) at the snapshot. */
  quorum: bigint;
  /** Block at which voting power is read, and the last block of the vote. */
  snapshot: bigint;
  deadline: bigint;
  /** The current block (the governor's clock), to tell how long is left. */
  clock: bigint;
  /** Unix seconds from which a queued proposal can be executed; 0 if not queued. */
  eta: number;
};
export type GetProposalStateErrorType = VerityContractErrorType | MissingContractErrorType;

/** A proposal's state, tally, quorum and deadlines. */
export async function getProposalState(
  client: VerityCoreClient,
  { proposalId }: GetProposalStateParameters,
): Promise<GetProposalStateReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "getProposalState");
  const contract = { address: governor, abi: verityGovernorAbi } as const;
  const read = client.publicClient;
  try {
    const [state, votes, snapshot, deadline, eta, clock] = await Promise.all([
      read.readContract({ ...contract, functionName: "state", args: [proposalId] }),
      read.readContract({ ...contract, functionName: "proposalVotes", args: [proposalId] }),
      read.readContract({ ...contract, functionName: "proposalSnapshot", args: [proposalId] }),
      read.readContract({ ...contract, functionName: "proposalDeadline", args: [proposalId] }),
      read.readContract({ ...contract, functionName: "proposalEta", args: [proposalId] }),
      read.readContract({ ...contract, functionName: "clock" }),
    ]);
    // quorum() only answers for past timepoints; before the snapshot, the current supply stands in.
    const quorumAt = snapshot < BigInt(clock) ? snapshot : BigInt(clock) - 1n;
    const quorum = await read.readContract({
      ...contract,
      functionName: "quorum",
      args: [quorumAt],
    });
    return {
      proposalId,
      state: proposalStateName(state),
      againstVotes: votes[0],
      forVotes: votes[1],
      abstainVotes: votes[2],
      quorum,
      snapshot,
      deadline,
      clock: BigInt(clock),
      eta: Number(eta),
    };
  } catch (error) {
    throw toVerityError(error, "getProposalState");
  }
}
