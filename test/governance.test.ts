/**
 * A governance proposal changes the challenge window, and the next job uses it.
 * Voting times are in blocks (mined at once with anvil_mine); the timelock
 * delay is skipped with evm_increaseTime while no job is in flight.
 */

import { digitInput, heldOutDigits, loadMnistModel } from "@verity/cli/devnet/mnist";
import { parseUnits } from "viem";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, devAccounts, requireParts } from "./helpers/devnet.js";

let devnet: Connected;
beforeAll(async () => {
  requireParts("indexer", "worker providerA");
  devnet = await connect();
});

describe("governance", () => {
  it("changes the challenge window by vote, and the next job gets the new window", async () => {
    const gov = devnet.client("deployer");
    const before = (await gov.getParameters()).challengeWindow;
    const window = before + 30;

    const { proposalId, voteEnd } = await gov.propose({
      description: `e2e: challenge window ${before} -> ${window} s`,
      parameterChanges: [{ name: "challengeWindow", value: window }],
    });
    await devnet.rpc("anvil_mine", ["0x2", "0x1"]);
    const { weight } = await gov.vote({ proposalId, support: "for", reason: "e2e" });
    expect(weight).toBeGreaterThan(0n);
    const now = await devnet.publicClient.getBlockNumber();
    await devnet.rpc("anvil_mine", [`0x${(voteEnd - now + 1n).toString(16)}`, "0x1"]);
    expect((await gov.getProposalState({ proposalId })).state).toBe("Succeeded");
    const { eta } = await gov.queue({ proposalId });
    const { timestamp } = await devnet.publicClient.getBlock();
    await devnet.rpc("evm_increaseTime", [Number(BigInt(eta) - timestamp) + 1]);
    await devnet.rpc("evm_mine", []);
    const executed = await gov.execute({ proposalId });
    expect((await gov.getProposalState({ proposalId })).state).toBe("Executed");
    expect((await gov.getParameters()).challengeWindow).toBe(window);

    // The next job's result is challengeable for exactly the new window.
    const requester = devnet.client("requester");
    const model = await loadMnistModel(inject("devnet").root);
    const [digit] = heldOutDigits(1, 7);
    if (digit === undefined) throw new Error("no digit");
    const { jobId } = await requester.postJob({
      modelId: devnet.modelId,
      input: digitInput(model, digit),
      maxPrice: parseUnits("5", 6),
      approve: "max",
    });
    const result = await requester.waitForResult({
      jobId,
      until: "provisional",
      pollingInterval: 500,
      timeout: 240_000,
    });
    const submitted = await devnet.publicClient.getBlock({ blockNumber: result.blockNumber });
    expect(result.challengeDeadline - Number(submitted.timestamp)).toBe(window);

    // GraphQL: the proposal, its vote and the change it made.
    await requester.waitForIndexer({ blockNumber: executed.receipt.blockNumber, timeout: 60_000 });
    const indexed = await requester.getProposal({ proposalId });
    expect(indexed?.status).toBe("Executed");
    expect(indexed?.actions).toMatchObject([
      { parameter: "challengeWindow", oldValue: String(before), newValue: String(window) },
    ]);
    expect(BigInt(indexed?.quorum ?? 0n)).toBeGreaterThan(0n);
    expect(indexed?.votes.map((v) => v.support)).toEqual(["For"]);
    expect(indexed?.parameterChanges.map((c) => [c.name, c.oldValue, c.newValue])).toEqual([
      ["challengeWindow", BigInt(before), BigInt(window)],
    ]);
    // The timelock made the change; the deployer's account only sent the `execute`.
    expect(indexed?.parameterChanges[0]?.sender.toLowerCase()).toBe(
      devnet.deployment.timelock?.toLowerCase(),
    );
    expect(indexed?.parameterChanges[0]?.executor.toLowerCase()).toBe(
      devAccounts.deployer.address.toLowerCase(),
    );
    const changes = await requester.listParameterChanges({ name: "challengeWindow", limit: 1 });
    expect(changes.items[0]?.newValue).toBe(BigInt(window));
  });
});
