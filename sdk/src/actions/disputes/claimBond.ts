import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { disputeGameAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";

export type ClaimBondParameters = Record<string, never> | undefined;
export type ClaimBondReturnType = { hash: Hash; receipt: TransactionReceipt; amount: bigint };
export type ClaimBondErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/** Withdraws the dispute bonds credited to the wallet (a won challenge's bond, or a lost challenger's to the provider). */
export async function claimBond(
  client: VerityCoreClient,
  _parameters?: ClaimBondParameters,
): Promise<ClaimBondReturnType> {
  const disputeGame = client.deployment.disputeGame;
  if (disputeGame === undefined) throw new MissingContractError("disputeGame", "claimBond");
  const { hash, receipt, result } = await write(client, "claim", (account) =>
    client.publicClient.simulateContract({
      address: disputeGame,
      abi: disputeGameAbi,
      functionName: "claim",
      account,
    }),
  );
  const [event] = parseEventLogs({
    abi: disputeGameAbi,
    eventName: "BondClaimed",
    logs: receipt.logs,
  });
  return { hash, receipt, amount: event?.args.amount ?? result };
}
