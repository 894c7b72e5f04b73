/**
 * A proposal's `status` in GraphQL is the Governor's `state()` at every step: the states that
 * events announce (Queued, Executed, Canceled) and those that only the block number and the
 * tally decide (Pending, Active, Succeeded, Defeated), with the calls decoded and the reason of a
 * defeat. The harness's chain mines a block per transaction, so each state holds still while
 * both sides are read.
 */
import { cancelProposal, type ProposalStateName, type VerityClient } from "@verity/sdk";
import { verityGovernorAbi } from "@verity/sdk/abis";
import { proposalStates } from "@verity/sdk/enums";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Stack, startStack } from "./harness/stack.js";
import { expectIndexMatchesChain } from "./harness/verify.js";

const VRT = (amount: number) => parseUnits(String(amount), 18);

let stack: Stack;
let deployer: Address;
let small: Address;
let gov: VerityClient;

type IndexedProposal = {
  status: ProposalStateName;
  quorum: string | null;
  defeatedBecause: string | null;
  actions: { parameter: string | null; oldValue: string | null; newValue: string | null }[];
};

/** The proposal as GraphQL has it once the indexer is at the head, beside the Governor's state. */
async function both(proposalId: bigint): Promise<{ indexed: IndexedProposal; chain: string }> {
  await stack.synced();
  const { proposal } = await stack.ponder.graphql<{ proposal: IndexedProposal }>(
    `query($id: BigInt!) { proposal(id: $id) { status quorum defeatedBecause actions } }`,
    { id: String(proposalId) },
  );
  const governor = stack.deployment.governor as Address;
  const state = await stack.anvil.clients.public.readContract({
    address: governor,
    abi: verityGovernorAbi,
    functionName: "state",
    args: [proposalId],
  });
  return { indexed: proposal, chain: proposalStates[state] as string };
}

async function expectState(proposalId: bigint, expected: ProposalStateName) {
  const { indexed, chain } = await both(proposalId);
  expect(chain, "the Governor's state").toBe(expected);
  expect(indexed.status, "the indexer's status").toBe(expected);
  return indexed;
}

async function mineTo(block: bigint) {
  const head = await stack.anvil.clients.public.getBlockNumber({ cacheTime: 0 });
  if (head < block) await stack.anvil.clients.test.mine({ blocks: Number(block - head) });
}

async function propose(description: string, value: number) {
  return gov.propose({
    description,
    parameterChanges: [{ name: "challengeWindow", value }],
  });
}

beforeAll(async () => {
  stack = await startStack("proposals");
  [deployer, small] = stack.anvil.clients.accounts as [Address, Address];
  gov = stack.verity.as(deployer);
  // A holder far below the quorum, voting with its own delegated tokens.
  await stack.verity.transferVrt(deployer, small, VRT(1_000));
  await stack.verity.delegateVrt(small, small);
  await stack.anvil.clients.test.mine({ blocks: 1 });
});

afterAll(async () => {
  await stack?.stop();
});

describe("proposal states in GraphQL equal the Governor's", () => {
  test("Pending, Active, Succeeded, Queued, Executed, with the calls decoded", async () => {
    const { proposalId, voteStart, voteEnd } = await propose("Challenge window 60 -> 90", 90);
    const pending = await expectState(proposalId, "Pending");
    expect(pending.actions).toMatchObject([
      { parameter: "challengeWindow", oldValue: "60", newValue: "90" },
    ]);
    expect(pending.quorum).toBeNull();

    await mineTo(voteStart + 1n);
    await expectState(proposalId, "Active");
    await gov.vote({ proposalId, support: "for" });
    await expectState(proposalId, "Active");

    await mineTo(voteEnd + 1n);
    const succeeded = await expectState(proposalId, "Succeeded");
    expect(BigInt(succeeded.quorum as string)).toBeGreaterThan(0n);
    expect(succeeded.defeatedBecause).toBeNull();

    const { eta } = await gov.queue({ proposalId });
    await expectState(proposalId, "Queued");
    await stack.verity.passTimestamp(eta);
    await gov.execute({ proposalId });
    await expectState(proposalId, "Executed");
  });

  test("Defeated for want of quorum, and Defeated with no more For than Against", async () => {
    const thin = await propose("Challenge window -> 100, backed by a small holder", 100);
    const against = await propose("Challenge window -> 110, voted down", 110);
    await mineTo(against.voteStart + 1n);
    await stack.verity.as(small).vote({ proposalId: thin.proposalId, support: "for" });
    // Abstentions count toward the quorum, not toward passing: For 0 is not more than Against.
    await gov.vote({ proposalId: against.proposalId, support: "abstain" });
    await stack.verity.as(small).vote({ proposalId: against.proposalId, support: "against" });
    await expectState(thin.proposalId, "Active");

    await mineTo(against.voteEnd + 1n);
    const lost = await expectState(thin.proposalId, "Defeated");
    expect(lost.defeatedBecause).toBe("QuorumNotReached");
    const outvoted = await expectState(against.proposalId, "Defeated");
    expect(outvoted.defeatedBecause).toBe("NotMoreForThanAgainst");
  });

  test("Canceled by its proposer while Pending, and never moved by the clock afterwards", async () => {
    const { proposalId, voteEnd } = await propose("Challenge window -> 120, withdrawn", 120);
    await cancelProposal(gov, { proposalId });
    await expectState(proposalId, "Canceled");
    await mineTo(voteEnd + 2n);
    await expectState(proposalId, "Canceled");
  });

  test("every table equals the chain", async () => {
    await stack.synced();
    await expectIndexMatchesChain(stack, [deployer, small]);
  });
});
