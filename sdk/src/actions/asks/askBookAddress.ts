import type { Address } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

/** The market's ask book (created by the market, so read from it: nothing else can be wired). */
export function askBookAddress(client: VerityCoreClient): Promise<Address> {
  return client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "askBook",
  });
}
