/**
 * A job posted through the SDK is won by the cheaper of two workers, executed,
 * finalized and paid; GraphQL shows its whole history.
 */

import { digitInput, heldOutDigits, loadMnistModel } from "@verity/cli/devnet/mnist";
import { execute } from "@verity/model/executor";
import { jobMarketAbi } from "@verity/sdk";
import { bytesToHex, parseEventLogs, parseUnits } from "viem";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type Connected, connect, devAccounts, requireParts } from "./helpers/devnet.js";

let devnet: Connected;
beforeAll(async () => {
  requireParts("indexer", "worker providerA", "worker providerB");
  devnet = await connect();
});

describe("job lifecycle", () => {
  it("is won by the cheaper worker, executed, finalized, paid, and indexed in full", async () => {
    const requester = devnet.client("requester");
    const model = await loadMnistModel(inject("devnet").root);
    const [digit] = heldOutDigits(1, 3);
    if (digit === undefined) throw new Error("no digit");
    const input = digitInput(model, digit);
    const maxPrice = parseUnits("5", 6);

    const posted = await requester.postJob({
      modelId: devnet.modelId,
      input,
      maxPrice,
      approve: "max",
    });
    const statuses: string[] = [];
    const result = await requester.waitForResult({
      jobId: posted.jobId,
      pollingInterval: 500,
      timeout: 300_000,
      onStatusChange: (job) => statuses.push(job.status),
    });

    // Won by the cheaper provider, at its own (first-price) bid, below the maximum.
    expect(result.final).toBe(true);
    expect(result.provider).toBe(devAccounts.providerA.address);
    expect(result.price).toBeLessThan(maxPrice);
    // Executed: the output is what the model computes for this input, byte for byte.
    const expected = execute(model, new Int8Array(input.buffer, input.byteOffset, input.length)).at(
      -1,
    ) as Int8Array;
    expect(result.output).toBe(
      bytesToHex(new Uint8Array(expected.buffer, expected.byteOffset, expected.length)),
    );
    expect(statuses.at(-1)).toBe("Finalized");

    // Paid: the provider was credited its bid less the protocol fee; the requester the rest of the escrow.
    const finalized = await devnet.publicClient.getContractEvents({
      address: devnet.deployment.jobMarket,
      abi: jobMarketAbi,
      eventName: "JobFinalized",
      args: { jobId: posted.jobId },
      fromBlock: BigInt(devnet.deployment.startBlock),
      strict: true,
    });
    expect(finalized).toHaveLength(1);
    const paid = finalized[0]?.args;
    const fee = (result.price * 100n) / 10_000n;
    expect(paid?.provider).toBe(devAccounts.providerA.address);
    expect(paid?.payment).toBe(result.price - fee);
    expect(paid?.fee).toBe(fee);
    expect(paid?.refund).toBe(maxPrice - result.price);

    // GraphQL: the whole history, once the indexer has caught up with the finalization.
    const receipt = await devnet.publicClient.getTransactionReceipt({
      hash: finalized[0]?.transactionHash as `0x${string}`,
    });
    expect(
      parseEventLogs({ abi: jobMarketAbi, eventName: "JobFinalized", logs: receipt.logs }),
    ).toHaveLength(1);
    await requester.waitForIndexer({ blockNumber: receipt.blockNumber, timeout: 60_000 });
    const history = await requester.getJobHistory({ jobId: posted.jobId });
    expect(history).not.toBeNull();
    if (history === null) return;

    expect(history.status).toBe("Finalized");
    expect(history.provider?.toLowerCase()).toBe(devAccounts.providerA.address.toLowerCase());
    expect(history.price).toBe(result.price);
    expect(history.payment).toBe(result.price - fee);
    expect(history.refund).toBe(maxPrice - result.price);
    expect(history.input).toBe(bytesToHex(input));
    expect(history.outputHash).toBe(result.outputHash);

    // Both workers bid; both revealed; A's lower bid won.
    const bids = new Map(history.bids.map((b) => [b.bidder.toLowerCase(), b]));
    const bidA = bids.get(devAccounts.providerA.address.toLowerCase());
    const bidB = bids.get(devAccounts.providerB.address.toLowerCase());
    expect(bidA?.revealed).toBe(true);
    expect(bidB?.revealed).toBe(true);
    expect(bidA?.won).toBe(true);
    expect(bidB?.won).toBe(false);
    expect(bidA?.price).toBe(result.price);
    expect(bidB?.price ?? 0n).toBeGreaterThan(result.price);

    expect(history.results).toHaveLength(1);
    expect(history.results[0]?.status).toBe("Accepted");
    expect(history.results[0]?.output).toBe(result.output);

    expect(history.statusChanges.map((s) => s.to)).toEqual([
      "Bidding",
      "Assigned",
      "Submitted",
      "Finalized",
    ]);
    const stakeKinds = history.stakeEvents.map((e) => e.kind);
    expect(stakeKinds).toContain("Locked");
    expect(stakeKinds.at(-1)).toBe("Unlocked");
    expect(history.disputes).toHaveLength(0);
  });
});
