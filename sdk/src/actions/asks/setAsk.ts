import type { Hash, TransactionReceipt } from "viem";
import { askBookAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { askBookAddress } from "./askBookAddress.js";

export type SetAskParameters = {
  modelId: bigint | number;
  /** Price per job, in payment-token wei; a requester whose maxPrice is lower cannot take it. */
  price: bigint;
  /** Most jobs taken and not yet submitted at once (1..65535). */
  capacity: number;
  /** Seconds from now until the ask lapses (unless `expiry` is given); default 3600. */
  ttlSeconds?: number | undefined;
  /** The unix second after which the ask cannot be taken; overrides `ttlSeconds`. */
  expiry?: number | undefined;
  /** Most collateral (VRT wei) one job may lock through this ask. */
  maxCollateral: bigint;
  /**
   * The shortest execution window (seconds) a job taking the ask may give you: what you need to
   * run the model and have the result mined, with a margin. A job with a shorter window is
   * refused (`AskBookWindowTooShort`): taken, it could only end in a missed deadline, slashed.
   * Required; at most 2^32 - 1.
   */
  minExecutionWindow: number;
  /**
   * The most consumer callback gas a job taking the ask may ask for (whoever finalizes, you to be
   * paid, pays it); a job with a consumer and a larger `callbackGasLimit` is refused
   * (`AskBookCallbackGasAboveMax`). Default 0: no job with a consumer callback. At most 2^32 - 1.
   */
  maxCallbackGas?: number | undefined;
};
export type SetAskReturnType = { hash: Hash; receipt: TransactionReceipt; expiry: number };
export type SetAskErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Publishes or updates the wallet's (a provider's) standing ask for a model: requesters take it
 * with `postJobWithAsk`, which assigns the job at once, at this price, provided the job meets the
 * ask's terms (at most `maxCollateral`, at least `minExecutionWindow` seconds to deliver, at most
 * `maxCallbackGas` of consumer callback).
 */
export async function setAsk(
  client: VerityCoreClient,
  parameters: SetAskParameters,
): Promise<SetAskReturnType> {
  const book = await askBookAddress(client);
  const expiry =
    parameters.expiry ??
    Number((await client.publicClient.getBlock({ blockTag: "latest" })).timestamp) +
      (parameters.ttlSeconds ?? 3600);
  const { hash, receipt } = await write(client, "setAsk", (account) =>
    client.publicClient.simulateContract({
      address: book,
      abi: askBookAbi,
      functionName: "setAsk",
      args: [
        BigInt(parameters.modelId),
        parameters.price,
        BigInt(parameters.capacity),
        BigInt(expiry),
        parameters.maxCollateral,
        BigInt(parameters.minExecutionWindow),
        BigInt(parameters.maxCallbackGas ?? 0),
      ],
      account,
    }),
  );
  return { hash, receipt, expiry };
}
