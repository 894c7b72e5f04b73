import type { Hash, TransactionReceipt } from "viem";
import { stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type RegisterParameters = {
  /** Provider metadata (endpoint, hardware, models served): a JSON string or an object to stringify. */
  metadata: string | Record<string, unknown>;
};
export type RegisterReturnType = { hash: Hash; receipt: TransactionReceipt };
export type RegisterErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Registers the wallet account as a provider (once; StakingAlreadyRegistered after). */
export async function register(
  client: VerityCoreClient,
  { metadata }: RegisterParameters,
): Promise<RegisterReturnType> {
  const text = typeof metadata === "string" ? metadata : JSON.stringify(metadata);
  const { hash, receipt } = await write(client, "register", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.staking,
      abi: stakingAbi,
      functionName: "register",
      args: [text],
      account,
    }),
  );
  return { hash, receipt };
}
