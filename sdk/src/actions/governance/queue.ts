import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { findProposal, type UnknownProposalErrorType } from "./findProposal.js";

export type QueueParameters = { proposalId: bigint };
export type QueueReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** Unix seconds from which the proposal can be executed (the timelock delay). */
  eta: number;
};
export type QueueErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType
  | UnknownProposalErrorType;

/** Queues a succeeded proposal in the timelock (anyone may). */
export async function queue(
  client: VerityCoreClient,
  { proposalId }: QueueParameters,
): Promise<QueueReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "queue");
  const p = await findProposal(client, governor, proposalId);
  const { hash, receipt } = await write(client, "queue", (account) =>
    client.publicClient.simulateContract({
      address: governor,
      abi: verityGovernorAbi,
      functionName: "queue",
      args: [p.targets, p.values, p.calldatas, p.descriptionHash],
      account,
    }),
  );
  const [queued] = parseEventLogs({
    abi: verityGovernorAbi,
    eventName: "ProposalQueued",
    logs: receipt.logs,
  });
  return { hash, receipt, eta: Number(queued?.args.etaSeconds ?? 0n) };
}
