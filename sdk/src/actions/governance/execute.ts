import type { Hash, TransactionReceipt } from "viem";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { findProposal, type UnknownProposalErrorType } from "./findProposal.js";

export type ExecuteParameters = { proposalId: bigint };
export type ExecuteReturnType = { hash: Hash; receipt: TransactionReceipt };
export type ExecuteErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType
  | UnknownProposalErrorType;

/** Executes a queued proposal once its timelock delay has passed (anyone may). */
export async function execute(
  client: VerityCoreClient,
  { proposalId }: ExecuteParameters,
): Promise<ExecuteReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "execute");
  const p = await findProposal(client, governor, proposalId);
  const { hash, receipt } = await write(client, "execute", (account) =>
    client.publicClient.simulateContract({
      address: governor,
      abi: verityGovernorAbi,
      functionName: "execute",
      args: [p.targets, p.values, p.calldatas, p.descriptionHash],
      account,
    }),
  );
  return { hash, receipt };
}
