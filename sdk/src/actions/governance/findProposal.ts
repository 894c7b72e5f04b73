/**
 * A proposal's actions and description, from its ProposalCreated event: the
 * governor stores only their hash, and queue and execute must restate them.
 */
import { type Address, type Hex, keccak256, toBytes } from "viem";
import { verityGovernorAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";

export type ProposalDetails = {
  proposalId: bigint;
  proposer: Address;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  description: string;
  descriptionHash: Hex;
  /** Clock values (block numbers) at which voting opens and closes. */
  voteStart: bigint;
  voteEnd: bigint;
};

export type UnknownProposalErrorType = UnknownProposalError & { name: "UnknownProposalError" };
export class UnknownProposalError extends BaseError {
  override name = "UnknownProposalError" as const;
  constructor(proposalId: bigint) {
    super(
      `No ProposalCreated event for proposal ${proposalId} since the deployment's start block.`,
      {
        metaMessages: ["Check the proposal id (a large decimal number) and the network."],
      },
    );
  }
}

export async function findProposal(
  client: VerityCoreClient,
  governor: Address,
  proposalId: bigint,
): Promise<ProposalDetails> {
  const found = (await scanProposals(client, governor)).find((p) => p.proposalId === proposalId);
  if (found === undefined) throw new UnknownProposalError(proposalId);
  return found;
}

/** Every proposal made on `governor` since the deployment's start block, oldest first. */
export async function scanProposals(
  client: VerityCoreClient,
  governor: Address,
): Promise<ProposalDetails[]> {
  // ProposalCreated has no indexed field, so the scan filters here.
  const events = await client.publicClient.getContractEvents({
    address: governor,
    abi: verityGovernorAbi,
    eventName: "ProposalCreated",
    fromBlock: BigInt(client.deployment.startBlock),
    strict: true,
  });
  return events.map((event) => {
    const { proposalId, proposer, targets, values, calldatas, description, voteStart, voteEnd } =
      event.args;
    return {
      proposalId,
      proposer,
      targets,
      values,
      calldatas,
      description,
      descriptionHash: keccak256(toBytes(description)),
      voteStart,
      voteEnd,
    };
  });
}
