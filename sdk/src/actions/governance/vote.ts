import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { type VoteSupportName, voteSupport } from "./proposalState.js";

export type VoteParameters = {
  proposalId: bigint;
  support: VoteSupportName;
  reason?: string | undefined;
};
export type VoteReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Votes counted: liquid plus staked VRT delegated to the voter at the proposal's snapshot. */
  weight: bigint;
};
export type VoteErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/** Casts the wallet's vote on an active proposal. */
export async function vote(
  client: VerityCoreClient,
  { proposalId, support, reason }: VoteParameters,
): Promise<VoteReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "vote");
  const choice = voteSupport[support];
  if (choice === undefined)
    throw new TypeError(`support must be for, against or abstain, got ${support}`);
  const { hash, receipt, result } = await write(client, "castVote", (account) =>
    client.publicClient.simulateContract({
      address: governor,
      abi: verityGovernorAbi,
      functionName: "castVoteWithReason",
      args: [proposalId, choice, reason ?? ""],
      account,
    }),
  );
  const [cast] = parseEventLogs({
    abi: verityGovernorAbi,
    eventName: "VoteCast",
    logs: receipt.logs,
  });
  return { hash, receipt, weight: cast?.args.weight ?? result };
}
