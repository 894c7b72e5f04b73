import { jobMarketAbi } from "@verity/sdk/abis";
import type { Address } from "viem";
import type { Deployment } from "../deployment.js";
import type { Anvil } from "../test/harness/chain.js";
import type { Ponder } from "../test/harness/ponder.js";
import { INPUT } from "../test/harness/protocol.js";
import { percentile, round1 } from "./stats.js";

/** Realtime lag: from sending a transaction that posts a job to its row answering in GraphQL. */
export async function measureRealtime(
  anvil: Anvil,
  deployment: Deployment,
  ponder: Ponder,
  samples: number,
) {
  const { wallet, public: client, accounts } = anvil.clients;
  await ponder.waitForBlock(await client.getBlockNumber({ cacheTime: 0 }));
  const requester = accounts[1] as Address;
  let jobId = await client.readContract({
    address: deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "jobCount",
  });
  const request = {
    modelId: 1n,
    maxPrice: 1_000_000n,
    executionWindow: 600n,
    consumer: "0x0000000000000000000000000000000000000000" as Address,
    callbackGasLimit: 0n,
    reauction: false,
    minCollateral: 0n,
    minReliabilityBps: 0n,
    noConviction: false,
  };
  const lags: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    jobId += 1n;
    const sent = performance.now();
    await wallet.writeContract({
      address: deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "postJob",
      args: [request, INPUT],
      account: requester,
      chain: client.chain,
      gas: 1_000_000n,
    });
    for (;;) {
      const { job } = await ponder.graphql<{ job: { id: string } | null }>(
        "query($id: BigInt!) { job(id: $id) { id } }",
        { id: String(jobId) },
      );
      if (job !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    lags.push(performance.now() - sent);
  }
  return {
    samples: lags.length,
    p50Ms: round1(percentile(lags, 50)),
    p99Ms: round1(percentile(lags, 99)),
    maxMs: round1(Math.max(...lags)),
  };
}
