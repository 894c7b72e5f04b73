import type { Address } from "viem";
import { stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

/**
 * The delegation pool of the client's deployment: from the deployment file when it names one, else
 * read from Staking (which is wired to it once, at deployment).
 */
export async function delegationPoolAddress(client: VerityCoreClient): Promise<Address> {
  if (client.deployment.delegationPool !== undefined) return client.deployment.delegationPool;
  return client.publicClient.readContract({
    address: client.deployment.staking,
    abi: stakingAbi,
    functionName: "delegationPool",
  });
}
