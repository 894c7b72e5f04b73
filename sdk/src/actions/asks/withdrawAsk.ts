import type { Hash, TransactionReceipt } from "viem";
import { askBookAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { askBookAddress } from "./askBookAddress.js";

export type WithdrawAskParameters = { modelId: bigint | number };
export type WithdrawAskReturnType = { hash: Hash; receipt: TransactionReceipt };
export type WithdrawAskErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Withdraws the wallet's ask for a model; jobs already taken through it go on as usual. */
export async function withdrawAsk(
  client: VerityCoreClient,
  { modelId }: WithdrawAskParameters,
): Promise<WithdrawAskReturnType> {
  const book = await askBookAddress(client);
  return write(client, "withdrawAsk", (account) =>
    client.publicClient.simulateContract({
      address: book,
      abi: askBookAbi,
      functionName: "withdrawAsk",
      args: [BigInt(modelId)],
      account,
    }),
  );
}
