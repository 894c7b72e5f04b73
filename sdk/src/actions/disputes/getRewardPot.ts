import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";

export type GetRewardPotParameters = {
  jobId: bigint;
  /** The job's auction round whose result was disputed. */
  round: number;
};
export type GetRewardPotReturnType = {
  /** Protocol-token wei left in the round's pot. */
  remaining: bigint;
  /** Disputes of the round still running that will each take a share (zero unless convicted). */
  sharesLeft: bigint;
  /** The round was proven wrong and some of its disputes still run: they are stale. */
  convicted: boolean;
};
export type GetRewardPotErrorType = VerityContractErrorType | MissingContractErrorType;

/** The reward pot of a convicted round: what is left of the challengers' share, and for how many. */
export async function getRewardPot(
  client: VerityCoreClient,
  { jobId, round }: GetRewardPotParameters,
): Promise<GetRewardPotReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "getRewardPot");
  try {
    const [remaining, sharesLeft] = await client.publicClient.readContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "rewardPot",
      args: [jobId, round],
    });
    return { remaining, sharesLeft, convicted: sharesLeft > 0n };
  } catch (error) {
    throw toVerityError(error, "getRewardPot");
  }
}
