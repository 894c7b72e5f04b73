import type { Hash, Hex, TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type SubmitResultParameters = {
  jobId: bigint;
  /** Every layer's activation hash (the last is the output's): their Merkle root is the trace root. */
  layerHashes: readonly Hex[];
} & (
  | {
      /** The model's output vector (int8 bytes), stored inline or emitted with the result. */
      output: Hex;
      outputUri?: undefined;
      outputHash?: undefined;
    }
  | {
      output?: undefined /** Where a large output lives. */;
      outputUri: string /** keccak256 of the bytes at `outputUri`. */;
      outputHash: Hex;
    }
);
export type SubmitResultReturnType = { hash: Hash; receipt: TransactionReceipt };
export type SubmitResultErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * The assigned provider's result (inline, or by URI with its hash) and trace commitment, before
 * the execution deadline; opens the challenge window.
 */
export async function submitResult(
  client: VerityCoreClient,
  parameters: SubmitResultParameters,
): Promise<SubmitResultReturnType> {
  const { jobId, layerHashes } = parameters;
  const market = { address: client.deployment.jobMarket, abi: jobMarketAbi } as const;
  const { hash, receipt } = await write(client, "submitResult", (account) =>
    parameters.outputUri === undefined
      ? client.publicClient.simulateContract({
          ...market,
          functionName: "submitResult",
          args: [jobId, parameters.output, [...layerHashes]],
          account,
        })
      : client.publicClient.simulateContract({
          ...market,
          functionName: "submitResultUri",
          args: [jobId, parameters.outputUri, parameters.outputHash, [...layerHashes]],
          account,
        }),
  );
  return { hash, receipt };
}
