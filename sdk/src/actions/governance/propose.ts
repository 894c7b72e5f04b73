import {
  type Hash,
  type Hex,
  keccak256,
  parseEventLogs,
  type TransactionReceipt,
  toBytes,
} from "viem";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { checkProposal, type ProposalWouldFailErrorType } from "./checkProposal.js";
import {
  encodeParameterChange,
  type ParameterChange,
  type ProposalAction,
} from "./parameterChange.js";
import { proposalCalls } from "./proposalId.js";

export type ProposeParameters = {
  /** Shown to voters; its hash is part of the proposal id. */
  description: string;
  /**
   * Simulate the actions as the timelock first and refuse a proposal that could never
   * execute (default true; see checkProposal).
   */
  check?: boolean | undefined;
} & (
  | {
      /** Parameter changes, encoded as calls to Parameters. */ parameterChanges: readonly ParameterChange[];
      actions?: undefined;
    }
  | {
      parameterChanges?: undefined /** Arbitrary calls the timelock makes on execution. */;
      actions: readonly ProposalAction[];
    }
);
export type ProposeReturnType = {
  proposalId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  descriptionHash: Hex;
  /** Block numbers (the governor's clock) at which voting opens and closes. */
  voteStart: bigint;
  voteEnd: bigint;
};
export type ProposeErrorType =
  | ProposalWouldFailErrorType
  | VerityContractErrorType
  | WalletRequiredErrorType
  | MissingContractErrorType;

/**
 * Submits a governance proposal (the proposer needs votes above the proposal
 * threshold at the previous block; delegate first).
 */
export async function propose(
  client: VerityCoreClient,
  parameters: ProposeParameters,
): Promise<ProposeReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "propose");
  const actions =
    parameters.actions ??
    parameters.parameterChanges.map((change) => encodeParameterChange(client.deployment, change));
  if (actions.length === 0) throw new TypeError("a proposal needs at least one action");
  if (parameters.check !== false) await checkProposal(client, { actions });
  const { hash, receipt, result } = await write(client, "propose", (account) =>
    client.publicClient.simulateContract({
      address: governor,
      abi: verityGovernorAbi,
      functionName: "propose",
      args: [...proposalCalls(actions), parameters.description],
      account,
    }),
  );
  const [created] = parseEventLogs({
    abi: verityGovernorAbi,
    eventName: "ProposalCreated",
    logs: receipt.logs,
  });
  return {
    proposalId: created?.args.proposalId ?? result,
    hash,
    receipt,
    descriptionHash: keccak256(toBytes(parameters.description)),
    voteStart: created?.args.voteStart ?? 0n,
    voteEnd: created?.args.voteEnd ?? 0n,
  };
}
