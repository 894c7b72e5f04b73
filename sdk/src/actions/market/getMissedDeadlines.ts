import type { Address } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

export type GetMissedDeadlinesParameters = { provider: Address };
/** Consecutive missed execution deadlines (0 after any finalized job). */
export type GetMissedDeadlinesReturnType = number;
export type GetMissedDeadlinesErrorType = Error;

/**
 * A provider's count of consecutive missed execution deadlines, as the job market keeps it: each
 * further miss slashes twice the last (up to the whole collateral); a finalized job resets it.
 */
export async function getMissedDeadlines(
  client: VerityCoreClient,
  { provider }: GetMissedDeadlinesParameters,
): Promise<GetMissedDeadlinesReturnType> {
  const count = await client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "missedDeadlines",
    args: [provider],
  });
  return Number(count);
}
