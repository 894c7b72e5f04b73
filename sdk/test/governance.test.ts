import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import {
  encodeParameterChange,
  isVerityContractError,
  proposalId as localProposalId,
  ProposalWouldFailError,
} from "@verity/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
  // Votes count from the block before a proposal: let the deploy's self-delegation settle.
  await chain.mine(1);
});
afterAll(async () => {
  await chain?.stop();
});

describe("governance", () => {
  it("changes the challenge window through propose, vote, queue and execute", async () => {
    // The devnet deployer holds the VRT supply and delegated to itself at deployment.
    const gov = chain.client("deployer");
    const description = "Double the challenge window to 120 s";
    const { proposalId, voteStart, voteEnd } = await gov.propose({
      description,
      parameterChanges: [{ name: "challengeWindow", value: 120 }],
    });
    expect(voteEnd).toBeGreaterThan(voteStart);
    // The id computed offline (for --dry-run) is the one the Governor gave.
    const actions = [
      encodeParameterChange(gov.deployment, { name: "challengeWindow", value: 120 }),
    ];
    expect(localProposalId(actions, description)).toBe(proposalId);
    expect((await gov.getProposalState({ proposalId })).state).toBe("Pending");

    const early = await gov.vote({ proposalId, support: "for" }).catch((e: unknown) => e);
    expect(isVerityContractError(early, "GovernorUnexpectedProposalState")).toBe(true);
    if (isVerityContractError(early, "GovernorUnexpectedProposalState")) {
      expect(early.shortMessage).toContain("current: Pending(0)");
    }

    await chain.mine(2);
    const { weight } = await gov.vote({ proposalId, support: "for", reason: "disputes need time" });
    expect(weight).toBeGreaterThan(0n);
    let state = await gov.getProposalState({ proposalId });
    expect(state.state).toBe("Active");
    expect(state.forVotes).toBe(weight);
    expect(state.quorum).toBeGreaterThan(0n);

    await chain.mine(Number(voteEnd - state.clock) + 1);
    expect((await gov.getProposalState({ proposalId })).state).toBe("Succeeded");

    const { eta } = await gov.queue({ proposalId });
    expect(eta).toBeGreaterThan(0);
    const tooSoon = await gov.execute({ proposalId }).catch((e: unknown) => e);
    expect(isVerityContractError(tooSoon)).toBe(true);

    await chain.advance(61);
    await gov.execute({ proposalId });
    state = await gov.getProposalState({ proposalId });
    expect(state.state).toBe("Executed");
    expect((await gov.getParameters()).challengeWindow).toBe(120);
  });

  it("refuses a value outside the parameter's hard bounds before proposing it", async () => {
    const gov = chain.client("deployer");
    const error = await gov
      .propose({
        description: "A challenge window of 10 s (below the 60 s floor)",
        parameterChanges: [{ name: "challengeWindow", value: 10 }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProposalWouldFailError);
    if (error instanceof ProposalWouldFailError) {
      expect(error.actionIndex).toBe(0);
      expect(error.action.parameter).toBe("challengeWindow");
      expect(isVerityContractError(error.reason, "ParametersOutOfBounds")).toBe(true);
      expect(error.shortMessage).toMatch(/challengeWindow = 10 is outside its bounds \[\d+, \d+\]/);
    }
  });

  it("refuses a value outside the parameter's hard bounds when an unchecked proposal executes", async () => {
    const gov = chain.client("deployer");
    const { proposalId } = await gov.propose({
      description: "A challenge window of 10 s (below the 60 s floor)",
      actions: [encodeParameterChange(chain.deployment, { name: "challengeWindow", value: 10 })],
      check: false,
    });
    await chain.mine(2);
    await gov.vote({ proposalId, support: "for" });
    await chain.mine(31);
    await gov.queue({ proposalId });
    await chain.advance(61);
    const error = await gov.execute({ proposalId }).catch((e: unknown) => e);
    // The timelock bubbles up the Parameters revert, which decodes against the protocol ABIs.
    expect(isVerityContractError(error, "ParametersOutOfBounds")).toBe(true);
    if (isVerityContractError(error, "ParametersOutOfBounds")) {
      expect(error.shortMessage).toContain('name: "challengeWindow"');
      expect(error.explanation).toMatch(/^challengeWindow = 10 is outside its bounds/);
    }
  });

  it("delegates liquid and staked votes", async () => {
    const spare = chain.client("spare");
    const { tokenHash, stakeHash } = await spare.delegate({ source: "both" });
    expect(tokenHash).toBeDefined();
    expect(stakeHash).toBeDefined();
  });
});
