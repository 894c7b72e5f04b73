import type { Hash, TransactionReceipt } from "viem";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { findProposal, type UnknownProposalErrorType } from "./findProposal.js";

export type CancelProposalParameters = { proposalId: bigint };
export type CancelProposalReturnType = { hash: Hash; receipt: TransactionReceipt };
export type CancelProposalErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType
  | UnknownProposalErrorType;

/** Cancels a proposal: its proposer may, while it is Pending (the Governor's rule). */
export async function cancelProposal(
  client: VerityCoreClient,
  { proposalId }: CancelProposalParameters,
): Promise<CancelProposalReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "cancel");
  const p = await findProposal(client, governor, proposalId);
  return write(client, "cancel", (account) =>
    client.publicClient.simulateContract({
      address: governor,
      abi: verityGovernorAbi,
      functionName: "cancel",
      args: [p.targets, p.values, p.calldatas, p.descriptionHash],
      account,
    }),
  );
}
