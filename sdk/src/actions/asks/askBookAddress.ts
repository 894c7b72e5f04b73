import type { Address } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

/**
 * The market's ask book: from the deployment file when it names one, else read from the market
 * (which creates it, so nothing else can be wired).
 */
export async function askBookAddress(client: VerityCoreClient): Promise<Address> {
  if (client.deployment.askBook !== undefined) return client.deployment.askBook;
  return client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "askBook",
  });
}
