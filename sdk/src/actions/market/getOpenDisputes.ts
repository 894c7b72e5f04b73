import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

export type GetOpenDisputesParameters = { jobId: bigint };
/** Disputes of the job's current round still running. */
export type GetOpenDisputesReturnType = bigint;
export type GetOpenDisputesErrorType = Error;

/**
 * How many disputes of a job's current round are still running, as the job market counts them: a
 * conviction splits the challengers' reward pot among exactly these (docs/fraud-proofs.md).
 */
export async function getOpenDisputes(
  client: VerityCoreClient,
  { jobId }: GetOpenDisputesParameters,
): Promise<GetOpenDisputesReturnType> {
  return client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "openDisputes",
    args: [jobId],
  });
}
