/**
 * A whole dispute driven through the SDK: a provider submits a corrupted
 * trace, a watcher challenges the first wrong layer, the provider reveals it,
 * the watcher proves one element wrong, and the provider is slashed.
 */

import { digitInput, heldOutDigits, loadMnistModel } from "@verity/cli/devnet/mnist";
import { repoRoot } from "@verity/cli/devnet/paths";
import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import { setupMarket, USD } from "@verity/cli/test/market";
import {
  activationHash,
  activationHashes,
  int8ToHex,
  traceCommitment,
} from "@verity/model/commitments";
import { execute, executeLayer } from "@verity/model/executor";
import { activationWitness, neuronWitness } from "@verity/model/witness";
import {
  disputeGameAbi,
  isVerityContractError,
  JobFailedError,
  jobMarketAbi,
  layerProofFromWitness,
} from "@verity/sdk";
import { bytesToHex, keccak256, parseEventLogs, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let chain: TestChain;
let modelId: bigint;

beforeAll(async () => {
  chain = await startTestChain();
  ({ modelId } = await setupMarket(chain));
});
afterAll(async () => {
  await chain?.stop();
});

describe("disputes", () => {
  it("refuses dispute actions clearly when the deployment has no dispute game", async () => {
    if (chain.deployment.disputeGame !== undefined) return;
    await expect(chain.client("watcher").getDispute({ disputeId: 1n })).rejects.toThrow(
      "getDispute needs the disputeGame contract",
    );
  });

  it("convicts a wrong trace through challenge, respond and proveNeuron", async (context) => {
    if (chain.deployment.disputeGame === undefined) {
      context.skip("waiting on the dispute game in contracts/script/Deploy.s.sol");
    }
    const model = await loadMnistModel(repoRoot());
    const [digit] = heldOutDigits(1, 4);
    if (digit === undefined) throw new Error("no digit");
    const input = digitInput(model, digit);
    const requester = chain.client("requester");
    const provider = chain.client("providerA");
    const watcher = chain.client("watcher");

    const { jobId, inputHash } = await requester.postJob({ modelId, input, maxPrice: USD("5") });
    const salt = keccak256(toHex("dispute-salt"));
    await provider.commitBid({
      jobId,
      commitment: await provider.bidCommitment({ jobId, price: USD("1"), salt }),
    });
    await chain.advance(11);
    await provider.revealBid({ jobId, price: USD("1"), salt });
    await chain.advance(11);
    await provider.settleAuction({ jobId });

    // The provider changes one element of a_1 and recomputes the rest, as a consistent liar would.
    const honest = execute(model, new Int8Array(input.buffer, input.byteOffset, input.length));
    const wrong: Int8Array[] = honest.map((a) => Int8Array.from(a));
    const a1 = wrong[1] as Int8Array;
    a1[0] = (a1[0] as number) === 127 ? 126 : (a1[0] as number) + 1;
    for (let l = 2; l < wrong.length; l++) {
      wrong[l] = executeLayer(
        model.layers[l - 1] as (typeof model.layers)[number],
        wrong[l - 1] as Int8Array,
      );
    }
    const output = int8ToHex(wrong.at(-1) as Int8Array);
    const traceRoot = traceCommitment(wrong);
    const providerWallet = provider.walletClient;
    if (!providerWallet?.account) throw new Error("no wallet");
    const submitted = await providerWallet.writeContract({
      address: chain.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "submitResult",
      args: [jobId, output, activationHashes(wrong).slice(1, -1)],
      account: providerWallet.account,
      chain: null,
    });
    await chain.publicClient.waitForTransactionReceipt({ hash: submitted });

    // The watcher re-runs the model: layer 1 is the first whose hash differs.
    expect(activationHash(honest[1] as Int8Array)).not.toBe(activationHash(a1));
    const disputed = activationWitness(wrong, 1);
    if (disputed.bound !== "trace") throw new Error("layer 1 of a 3-layer model is in the trace");
    const opened = await watcher.challenge({
      jobId,
      layer: 1,
      outputHash: keccak256(output),
      traceRoot,
      hPrev: inputHash,
      hDisputed: disputed.hash,
      proofDisputed: disputed.proof,
    });
    expect(opened.provider).toBe(provider.walletClient?.account?.address);
    expect((await requester.getJob({ jobId })).status).toBe("Disputed");
    let dispute = await watcher.getDispute({ disputeId: opened.disputeId });
    expect(dispute).toMatchObject({ jobId, layer: 1, phase: "AwaitingResponse", resolved: false });

    // Only the provider may respond; then the watcher proves element 0 wrong.
    const notProvider = await watcher
      .respond({ disputeId: opened.disputeId, activation: int8ToHex(a1) })
      .catch((e: unknown) => e);
    expect(isVerityContractError(notProvider, "DisputeNotProvider")).toBe(true);
    await provider.respond({ disputeId: opened.disputeId, activation: int8ToHex(a1) });
    const proved = await watcher.proveNeuron({
      disputeId: opened.disputeId,
      neuron: 0,
      prevActivation: bytesToHex(input),
      disputedActivation: int8ToHex(a1),
      proof: layerProofFromWitness(neuronWitness(model, 1, 0)),
    });
    expect(proved.providerLost).toBe(true);
    dispute = await watcher.getDispute({ disputeId: opened.disputeId });
    expect(dispute.phase).toBe("ChallengerWon");

    const failed = await requester
      .waitForResult({ jobId, pollingInterval: 50 })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(JobFailedError);
    expect((failed as JobFailedError).status).toBe("Rejected");
    expect((failed as JobFailedError).shortMessage).toContain("proven wrong in a dispute");
    // The only dispute open at the conviction takes the whole reward pot: the challengers'
    // share of the fraud slash of the job's collateral (fixed at post). It is claimed with the bond.
    const { collateral } = await requester.getJob({ jobId });
    const parameters = await requester.getParameters();
    const [funded] = parseEventLogs({
      abi: disputeGameAbi,
      eventName: "RewardPotFunded",
      logs: proved.receipt.logs,
    });
    const [credited] = parseEventLogs({
      abi: disputeGameAbi,
      eventName: "RewardCredited",
      logs: proved.receipt.logs,
    });
    const pot =
      (((collateral * BigInt(parameters.fraudSlashBps)) / 10_000n) *
        BigInt(parameters.challengerShareBps)) /
      10_000n;
    expect(pot).toBeGreaterThan(0n);
    expect(funded?.args).toMatchObject({ jobId, round: 0, pot, shares: 1n });
    expect(credited?.args).toMatchObject({
      account: watcher.walletClient?.account?.address,
      disputeId: opened.disputeId,
      amount: pot,
    });
    const { amount } = await watcher.claimBond();
    expect(amount).toBe(opened.bond + pot);
  });
});
