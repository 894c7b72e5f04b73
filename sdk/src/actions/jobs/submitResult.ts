import type { Hash, Hex, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type SubmitResultParameters = {
  jobId: bigint;
  /** The model's output vector (int8 bytes), stored inline or emitted with the result. */
  output: Hex;
  /** Every layer's activation hash (the last is the output's): their Merkle root is the trace root. */
  layerHashes: readonly Hex[];
};
export type SubmitResultReturnType = { hash: Hash; receipt: TransactionReceipt };
export type SubmitResultErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** The assigned provider's result and trace commitment, before the execution deadline; opens the challenge window. */
export async function submitResult(
  client: VerityCoreClient,
  { jobId, output, layerHashes }: SubmitResultParameters,
): Promise<SubmitResultReturnType> {
  const { hash, receipt } = await write(client, "submitResult", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "submitResult",
      args: [jobId, output, [...layerHashes]],
      account,
    }),
  );
  return { hash, receipt };
}
