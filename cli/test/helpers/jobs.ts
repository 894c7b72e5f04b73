/** One job run by one provider from post to payment, for tests that need a provider to earn. */
import { jobMarketAbi } from "@verity/sdk";
import { type Address, keccak256, toHex } from "viem";
import type { DevAccountName } from "../../src/devnet/accounts.js";
import type { TestChain } from "./chain.js";

/**
 * Posts a job of `maxPrice` on `modelId`, lets `provider` win it alone at `price`, submits a result,
 * waits out the challenge window and finalizes it. Returns the job id and the provider's address.
 */
export async function runPaidJob(
  chain: TestChain,
  {
    modelId,
    provider,
    price,
    maxPrice,
    challengeWindow = 60,
  }: {
    modelId: bigint;
    provider: DevAccountName;
    price: bigint;
    maxPrice: bigint;
    challengeWindow?: number;
  },
): Promise<{ jobId: bigint; provider: Address }> {
  const requester = chain.client("requester");
  const worker = chain.client(provider);
  const address = worker.walletClient?.account?.address as Address;
  const input = toHex(new Uint8Array(784).fill(3));
  const { jobId } = await requester.postJob({ modelId, input, maxPrice });
  const salt = keccak256(toHex(`paid-job-${jobId}`));
  await worker.commitBid({ jobId, commitment: await worker.bidCommitment({ jobId, price, salt }) });
  await chain.advance(11);
  await worker.revealBid({ jobId, price, salt });
  await chain.advance(11);
  await worker.settleAuction({ jobId });
  // The MNIST model's two hidden layers' hashes, as the market takes them.
  const wallet = worker.walletClient;
  if (wallet?.account === undefined) throw new Error(`${provider} has no wallet`);
  const hash = await wallet.writeContract({
    address: chain.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "submitResult",
    args: [
      jobId,
      toHex(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
      [keccak256(toHex("h1")), keccak256(toHex("h2"))],
    ],
    account: wallet.account,
    chain: null,
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
  await chain.advance(challengeWindow + 1);
  await requester.finalizeJob({ jobId });
  return { jobId, provider: address };
}
