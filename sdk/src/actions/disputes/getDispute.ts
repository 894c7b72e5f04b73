import type { Address, Hex } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import { type DisputePhaseName, disputePhaseName } from "./disputePhase.js";

export type GetDisputeParameters = { disputeId: bigint };
export type Dispute = {
  id: bigint;
  jobId: bigint;
  challenger: Address;
  provider: Address;
  modelId: bigint;
  phase: DisputePhaseName;
  /** The first layer the challenger says is wrong (1-based). */
  layer: number;
  /** Deadline of the awaited move; the last move's time once resolved (unix seconds). */
  deadline: number;
  bond: bigint;
  /** The auction round of the job whose result this dispute disputes. */
  round: number;
  agreedHash: Hex;
  disputedHash: Hex;
  /** Whether the dispute is over (ProviderWon or ChallengerWon). */
  resolved: boolean;
};
export type GetDisputeReturnType = Dispute;
export type GetDisputeErrorType = VerityContractErrorType | MissingContractErrorType;

/** Reads a dispute from the dispute game. */
export async function getDispute(
  client: VerityCoreClient,
  { disputeId }: GetDisputeParameters,
): Promise<GetDisputeReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "getDispute");
  try {
    const d = await client.publicClient.readContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "getDispute",
      args: [disputeId],
    });
    const phase = disputePhaseName(d.phase);
    return {
      id: disputeId,
      jobId: d.jobId,
      challenger: d.challenger,
      provider: d.provider,
      modelId: BigInt(d.modelId),
      phase,
      layer: d.layer,
      deadline: d.deadline,
      bond: d.bond,
      round: d.round,
      agreedHash: d.agreedHash,
      disputedHash: d.disputedHash,
      resolved: phase === "ProviderWon" || phase === "ChallengerWon",
    };
  } catch (error) {
    throw toVerityError(error, "getDispute");
  }
}
