import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import { setupMarket, USD } from "@verity/cli/test/market";
import { merkleRoot } from "@verity/model/merkle";
import {
  InvalidModelMetaError,
  isVerityContractError,
  JobFailedError,
  jobMarketAbi,
  jobsPostedIn,
  MAX_MODEL_WIDTH,
  VerityContractError,
} from "@verity/sdk";
import { modelRegistryAbi } from "@verity/sdk/abis";
import { erc20Abi, keccak256, toHex } from "viem";
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

const input = toHex(new Uint8Array(784).fill(3));
const salt = (n: number) => keccak256(toHex(`salt-${n}`));

/** Runs the auction for `jobId` with both providers, A bidding `priceA`, B `priceB`. */
async function auction(jobId: bigint, priceA: bigint, priceB: bigint) {
  const a = chain.client("providerA");
  const b = chain.client("providerB");
  await a.commitBid({
    jobId,
    commitment: await a.bidCommitment({ jobId, price: priceA, salt: salt(1) }),
  });
  await b.commitBid({
    jobId,
    commitment: await b.bidCommitment({ jobId, price: priceB, salt: salt(2) }),
  });
  await chain.advance(11);
  await a.revealBid({ jobId, price: priceA, salt: salt(1) });
  await b.revealBid({ jobId, price: priceB, salt: salt(2) });
  await chain.advance(11);
  await a.settleAuction({ jobId });
}

/** Submits a result with its hidden-layer hashes (the MNIST model has two hidden layers). */
async function submit(jobId: bigint, output: `0x${string}`, layerHashes: `0x${string}`[]) {
  const provider = chain.client("providerA").walletClient;
  if (!provider?.account) throw new Error("no wallet");
  const hash = await provider.writeContract({
    address: chain.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "submitResult",
    args: [jobId, output, layerHashes],
    account: provider.account,
    chain: null,
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

describe("parameters and models", () => {
  it("reads the devnet parameters", async () => {
    const p = await chain.client("requester").getParameters();
    expect(p.commitWindow).toBe(10);
    expect(p.revealWindow).toBe(10);
    expect(p.challengeWindow).toBe(60);
    expect(p.minStake).toBe(100n * 10n ** 18n);
    expect(p.minBidBps).toBe(100);
    expect(p.minJobCollateral).toBe(10n * 10n ** 18n);
    // A devnet may use the absolute floors: on a local chain id the deployment's bounds allow them.
    expect(p.bounds.minJobCollateralFloor).toBe(10n ** 18n);
    expect(p.bounds.paymentTokenDecimals).toBe(6);
    expect(p.bounds.stakeTokenSupply).toBeGreaterThan(p.bounds.challengerBondCeiling);
  });

  it("fixes a job's collateral at post from its escrow, the per-job floor and minCollateral", async () => {
    const requester = chain.client("requester");
    const p = await requester.getParameters();
    const maxPrice = USD("1");
    const fromEscrow = (maxPrice * p.collateralRatio + 10n ** 18n - 1n) / 10n ** 18n;
    const plain = await requester.postJob({ modelId, input, maxPrice });
    expect(plain.collateral).toBe(
      fromEscrow > p.minJobCollateral ? fromEscrow : p.minJobCollateral,
    );
    expect((await requester.getJob({ jobId: plain.jobId })).collateral).toBe(plain.collateral);
    const assured = await requester.postJob({
      modelId,
      input,
      maxPrice,
      minCollateral: 5000n * 10n ** 18n,
    });
    expect(assured.collateral).toBe(5000n * 10n ** 18n);
    expect((await requester.getJob({ jobId: assured.jobId })).collateral).toBe(assured.collateral);
    await requester.cancelJob({ jobId: plain.jobId });
    await requester.cancelJob({ jobId: assured.jobId });
    // Take the refunds back, so that later tests start with nothing credited.
    expect((await requester.claim()).amount).toBe(2n * maxPrice);
  });

  it("registers a model from its meta JSON and reads it back", async () => {
    const model = await chain.client("requester").getModel({ modelId });
    expect(model.kind).toBe("IntegerDense");
    expect(model.layerCount).toBe(3);
    expect(model.active).toBe(true);
    expect(model.computeUnits).toBe(109_184n);
  });

  it("refuses an activation wider than the registry takes before sending, at the registry's own bound", async () => {
    // The bound that keeps every dispute move under a default node pool's 128 KiB: the SDK's
    // copy must be the deployed registry's.
    const onchain = await chain.publicClient.readContract({
      address: chain.deployment.modelRegistry,
      abi: modelRegistryAbi,
      functionName: "MAX_WIDTH",
    });
    expect(BigInt(MAX_MODEL_WIDTH)).toBe(onchain);
    const { readMnistMeta } = await import("@verity/cli/test/market");
    const meta = await readMnistMeta();
    const error = await chain
      .client("deployer")
      .registerModel({
        meta: { ...meta, artifactHash: keccak256(toHex("too wide")), widths: [784, 32_769, 10] },
        uri: "file://too-wide",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelMetaError);
    expect((error as Error).message).toContain("[1, 32768]");
  });

  it("decodes a duplicate registration into a typed error", async () => {
    const { readMnistMeta } = await import("@verity/cli/test/market");
    const error = await chain
      .client("deployer")
      .registerModel({ meta: await readMnistMeta(), uri: "file://again" })
      .catch((e: unknown) => e);
    expect(isVerityContractError(error, "ModelRegistryDuplicate")).toBe(true);
    if (isVerityContractError(error, "ModelRegistryDuplicate")) {
      const [artifactHash, existing] = error.args;
      expect(existing).toBe(modelId);
      expect(artifactHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(error.shortMessage).toContain("ModelRegistryDuplicate(artifactHash: 0x");
      expect(error.hint).toContain("already registered");
    }
  });
});

describe("jobs", () => {
  it("finds a transaction's own job id in its receipt, ignoring JobPosted logs of other emitters", async () => {
    const requester = chain.client("requester");
    const posted = await requester.postJob({ modelId, input, maxPrice: USD("1") });
    const [own] = jobsPostedIn(posted.receipt, chain.deployment.jobMarket);
    expect(own?.jobId).toBe(posted.jobId);
    expect(own?.requester).toBe(requester.walletClient?.account?.address);
    expect(own?.modelId).toBe(modelId);
    expect(own?.inputHash).toBe(keccak256(input));
    expect(
      await requester.publicClient.readContract({
        address: chain.deployment.jobMarket,
        abi: jobMarketAbi,
        functionName: "jobCount",
      }),
    ).toBeGreaterThanOrEqual(posted.jobId);

    // The same log, emitted by another contract (any contract can emit this event's signature),
    // and placed first: it must not be taken for the market's.
    const real = posted.receipt.logs.find(
      (log) => log.address.toLowerCase() === chain.deployment.jobMarket.toLowerCase(),
    );
    if (real === undefined) throw new Error("the post emitted no market log");
    const forged = {
      ...real,
      address: chain.deployment.paymentToken,
      topics: [
        real.topics[0],
        toHex(999n, { size: 32 }),
        ...real.topics.slice(2),
      ] as typeof real.topics,
      logIndex: 0,
    };
    const found = jobsPostedIn(
      { logs: [forged, ...posted.receipt.logs] },
      chain.deployment.jobMarket,
    );
    expect(found.map((job) => job.jobId)).toEqual([posted.jobId]);
  });

  it("posts a job (approving the payment token), runs it to a provisional and then a final result", async () => {
    const requester = chain.client("requester");
    const posted = await requester.postJob({ modelId, input, maxPrice: USD("5") });
    expect(posted.approvalHash).toBeDefined();
    expect(posted.inputHash).toBe(keccak256(input));
    expect((await requester.getJob({ jobId: posted.jobId })).status).toBe("Bidding");

    await auction(posted.jobId, USD("2"), USD("3"));
    const assigned = await requester.getJob({ jobId: posted.jobId });
    expect(assigned.status).toBe("Assigned");
    expect(assigned.provider).toBe(chain.client("providerA").walletClient?.account?.address);
    expect(assigned.price).toBe(USD("2"));

    const output = toHex(new Uint8Array([1, 2, 3, 250, 5, 6, 7, 8, 9, 10]));
    const layerHashes = [keccak256(toHex("h1")), keccak256(toHex("h2"))];
    const traceRoot = merkleRoot(layerHashes);
    await submit(posted.jobId, output, layerHashes);

    const provisional = await requester.waitForResult({
      jobId: posted.jobId,
      until: "provisional",
      pollingInterval: 50,
    });
    expect(provisional.final).toBe(false);
    expect(provisional.status).toBe("Submitted");
    expect(provisional.output).toBe(output);
    expect(provisional.traceRoot).toBe(traceRoot);

    await chain.advance(61);
    const seen: string[] = [];
    const final = await requester.waitForResult({
      jobId: posted.jobId,
      finalize: true,
      pollingInterval: 50,
      onStatusChange: (job) => seen.push(job.status),
    });
    expect(final.final).toBe(true);
    expect(final.output).toBe(output);
    expect(final.price).toBe(USD("2"));
    expect(seen).toEqual(["Submitted", "Finalized"]);

    const provider = chain.client("providerA");
    const owed = await provider.claimable();
    expect(owed).toBe(USD("2") - (USD("2") * 100n) / 10_000n);
    const { amount } = await provider.claim();
    expect(amount).toBe(owed);
    expect(await requester.claimable()).toBe(USD("3"));
  });

  it("posts a job by URI without approving again when the allowance suffices", async () => {
    const requester = chain.client("requester");
    const first = await requester.postJob({ modelId, input, maxPrice: USD("1"), approve: "max" });
    expect(first.approvalHash).toBeDefined();
    const posted = await requester.postJob({
      modelId,
      inputUri: "https://example.org/input.bin",
      inputHash: keccak256(input),
      maxPrice: USD("1"),
    });
    expect(posted.approvalHash).toBeUndefined();
    const job = await requester.getJob({ jobId: posted.jobId });
    expect(job.inputHash).toBe(keccak256(input));
  });

  it("cancels a job before any bid, and waitForResult reports it failed", async () => {
    const requester = chain.client("requester");
    const { jobId } = await requester.postJob({ modelId, input, maxPrice: USD("1") });
    await requester.cancelJob({ jobId });
    const error = await requester
      .waitForResult({ jobId, pollingInterval: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).status).toBe("Cancelled");
    expect((error as JobFailedError).shortMessage).toContain("cancelled by its requester");
  });

  it("reports an auction without bids as Expired", async () => {
    const requester = chain.client("requester");
    const { jobId } = await requester.postJob({ modelId, input, maxPrice: USD("1") });
    await chain.advance(21);
    await requester.settleAuction({ jobId });
    const error = await requester
      .waitForResult({ jobId, pollingInterval: 50 })
      .catch((e: unknown) => e);
    expect((error as JobFailedError).status).toBe("Expired");
    expect((error as JobFailedError).shortMessage).toContain("no valid bid");
  });

  it("closes an auction nobody bid on by itself: the job expires and the escrow is credited back", async () => {
    const requester = chain.client("requester");
    const account = requester.walletClient?.account?.address as `0x${string}`;
    const { jobId } = await requester.postJob({ modelId, input, maxPrice: USD("1") });
    await chain.advance(21);
    // Without closing, the job stays Bidding: the market never acts on its own.
    const stuck = await requester
      .waitForResult({ jobId, pollingInterval: 50, timeout: 300, closeStalled: false })
      .catch((e: unknown) => e);
    expect((stuck as Error).name).toBe("WaitForResultTimeoutError");
    expect((await requester.getJob({ jobId })).status).toBe("Bidding");
    const before = await requester.claimable({ account });
    const error = await requester
      .waitForResult({ jobId, pollingInterval: 50 })
      .catch((e: unknown) => e);
    expect((error as JobFailedError).status).toBe("Expired");
    expect((error as JobFailedError).shortMessage).toContain("no valid bid");
    expect((await requester.claimable({ account })) - before).toBe(USD("1"));
  });

  it("leaves a won auction to its winner for the grace period, then settles it itself", async () => {
    const requester = chain.client("requester");
    const { jobId } = await requester.postJob({ modelId, input, maxPrice: USD("1") });
    const a = chain.client("providerA");
    await a.commitBid({
      jobId,
      commitment: await a.bidCommitment({ jobId, price: USD("0.5"), salt: salt(7) }),
    });
    await chain.advance(11);
    await a.revealBid({ jobId, price: USD("0.5"), salt: salt(7) });
    await chain.advance(11);
    const early = await requester
      .waitForResult({ jobId, pollingInterval: 50, timeout: 300, until: "provisional" })
      .catch((e: unknown) => e);
    expect((early as Error).name).toBe("WaitForResultTimeoutError");
    expect((await requester.getJob({ jobId })).status).toBe("Bidding");
    await chain.advance(31);
    const seen: string[] = [];
    await requester
      .waitForResult({
        jobId,
        pollingInterval: 50,
        timeout: 2_000,
        until: "provisional",
        onStatusChange: (job) => seen.push(job.status),
      })
      .catch(() => undefined);
    expect(seen).toContain("Assigned");
  });

  it("reports a provider past its execution deadline: refunded, and the provider slashed", async () => {
    const requester = chain.client("requester");
    const { jobId } = await requester.postJob({
      modelId,
      input,
      maxPrice: USD("1"),
      executionWindow: 60n,
    });
    await auction(jobId, USD("0.4"), USD("0.6"));
    expect((await requester.getJob({ jobId })).status).toBe("Assigned");
    await chain.advance(61);
    const error = await requester
      .waitForResult({ jobId, pollingInterval: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).shortMessage).toContain("missed the execution deadline");
    const missed = await chain.publicClient.getContractEvents({
      address: chain.deployment.jobMarket,
      abi: jobMarketAbi,
      eventName: "DeadlineMissed",
      args: { jobId },
      fromBlock: 0n,
    });
    expect(missed).toHaveLength(1);
  });

  it("posts many jobs with one approval and no wait between posts", async () => {
    const requester = chain.client("requester");
    const account = requester.walletClient?.account?.address as `0x${string}`;
    // A bad input anywhere in the batch is refused before anything is approved or sent.
    const nonceBefore = await chain.publicClient.getTransactionCount({ address: account });
    await expect(
      requester.postJobs({
        jobs: [
          { modelId, input, maxPrice: USD("0.1") },
          { modelId, input: "0x0102", maxPrice: USD("0.1") },
        ],
      }),
    ).rejects.toThrow(`model ${modelId} takes 784 int8 values, but the input has 2 bytes`);
    expect(await chain.publicClient.getTransactionCount({ address: account })).toBe(nonceBefore);

    // No allowance left, so that the batch needs its one approval.
    const wallet = requester.walletClient;
    if (!wallet?.account) throw new Error("no wallet");
    await chain.publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: chain.deployment.paymentToken,
        abi: erc20Abi,
        functionName: "approve",
        args: [chain.deployment.jobMarket, 0n],
        account: wallet.account,
        chain: null,
      }),
    });
    const start = await chain.publicClient.getTransactionCount({ address: account });
    const jobs = Array.from({ length: 40 }, (_, i) => ({
      modelId,
      input: toHex(new Uint8Array(784).fill(i)),
      maxPrice: USD("0.1"),
    }));
    const started = performance.now();
    const { posted, approvalHash } = await requester.postJobs({ jobs });
    const seconds = (performance.now() - started) / 1000;
    console.log(`postJobs: 40 jobs posted in ${seconds.toFixed(2)} s`);
    expect(posted).toHaveLength(40);
    // One approval for the whole batch (exact: the sum of the escrows), then one post per job.
    expect(approvalHash).toBeDefined();
    expect(await chain.publicClient.getTransactionCount({ address: account })).toBe(start + 41);
    const allowance = await chain.publicClient.readContract({
      address: chain.deployment.paymentToken,
      abi: erc20Abi,
      functionName: "allowance",
      args: [account, chain.deployment.jobMarket],
    });
    expect(allowance).toBe(0n);
    const ids = posted.map((p) => p.jobId);
    expect(new Set(ids).size).toBe(40);
    expect([...ids].sort((a, b) => Number(a - b))).toEqual(ids);
    for (const [i, p] of posted.entries()) {
      const job = await requester.getJob({ jobId: p.jobId });
      expect(job.inputHash).toBe(keccak256(jobs[i]?.input as `0x${string}`));
      expect(job.status).toBe("Bidding");
    }
  });

  it("refuses a batch whose escrow exceeds the balance, naming both", async () => {
    const requester = chain.client("requester");
    const account = requester.walletClient?.account?.address as `0x${string}`;
    const balance = await chain.publicClient.readContract({
      address: chain.deployment.paymentToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [account],
    });
    await expect(
      requester.postJobs({
        jobs: [
          { modelId, input, maxPrice: balance },
          { modelId, input, maxPrice: 1n },
        ],
      }),
    ).rejects.toThrow(`the jobs escrow ${balance + 1n} of the payment token in all`);
  });

  it("refuses bad input before sending anything", async () => {
    const requester = chain.client("requester");
    await expect(requester.postJob({ modelId, input: "0x", maxPrice: USD("1") })).rejects.toThrow(
      "input must not be empty",
    );
    await expect(
      requester.postJob({ modelId, input: "0x0102", maxPrice: USD("1") }),
    ).rejects.toThrow(`model ${modelId} takes 784 int8 values, but the input has 2 bytes`);
    await expect(requester.postJob({ modelId, input, maxPrice: 0n })).rejects.toThrow(
      "maxPrice must be positive",
    );
  });
});

describe("contract errors", () => {
  it("decodes a market error with typed arguments and the status by name", async () => {
    const requester = chain.client("requester");
    const { jobId } = await requester.postJob({ modelId, input, maxPrice: USD("1") });
    await requester.cancelJob({ jobId });
    const error = await requester.cancelJob({ jobId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerityContractError);
    if (isVerityContractError(error, "MarketWrongStatus")) {
      expect(error.args[0]).toBe(jobId);
      expect(error.args[1]).toBe(6);
      expect(error.shortMessage).toBe(
        `cancelJob reverted: MarketWrongStatus(jobId: ${jobId}, status: Cancelled(6))`,
      );
    } else {
      throw error;
    }
  });

  it("decodes an error raised by another contract inside the call (staking, inside commitBid)", async () => {
    const spare = chain.client("spare");
    const { fund } = await import("@verity/cli/devnet/fund");
    await fund(chain.client("deployer"), {
      to: spare.walletClient?.account?.address as `0x${string}`,
      vrt: 200n * 10n ** 18n,
    });
    await spare.register({ metadata: "{}" });
    await spare.stake({ amount: 200n * 10n ** 18n });
    const { jobId } = await chain
      .client("requester")
      .postJob({ modelId, input, maxPrice: USD("100") });
    // The job's collateral (1000 VRT, from its 100 tUSD escrow) is locked at commit; 200 are staked.
    const price = USD("100");
    const error = await spare
      .commitBid({ jobId, commitment: await spare.bidCommitment({ jobId, price, salt: salt(9) }) })
      .catch((e: unknown) => e);
    expect(isVerityContractError(error, "StakingInsufficientFreeStake")).toBe(true);
    if (isVerityContractError(error, "StakingInsufficientFreeStake")) {
      const [provider, free, need] = error.args;
      expect(provider).toBe(spare.walletClient?.account?.address);
      expect(free).toBe(200n * 10n ** 18n);
      expect(need).toBe(1000n * 10n ** 18n);
      expect(error.data.errorName).toBe("StakingInsufficientFreeStake");
    }
  });

  it("says what is missing when a write has no wallet", async () => {
    const { createVerityClient } = await import("@verity/sdk");
    const readOnly = createVerityClient({
      publicClient: chain.publicClient,
      deployment: chain.deployment,
    });
    await expect(readOnly.claim()).rejects.toThrow(
      "claim sends a transaction, but the client has no wallet account.",
    );
  });
});
