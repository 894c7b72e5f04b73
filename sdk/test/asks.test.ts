/**
 * The fast path through the SDK, against the real contracts on anvil: a provider publishes an
 * ask, a requester picks it and posts a job that is assigned in the same transaction, the ask's
 * capacity holds, the ask's terms (shortest execution window, most callback gas) are kept to by
 * the picker and by the market, and every refusal decodes by name.
 */
import { devAccounts } from "@verity/cli/devnet/accounts";
import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import { setupMarket, USD } from "@verity/cli/test/market";
import { isVerityContractError, NoAskError } from "@verity/sdk";
import { keccak256, parseUnits, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let chain: TestChain;
let modelId: bigint;
const input = toHex(new Uint8Array(784).fill(5));
const VRT = (n: string) => parseUnits(n, 18);

beforeAll(async () => {
  chain = await startTestChain();
  ({ modelId } = await setupMarket(chain));
});
afterAll(async () => {
  await chain?.stop();
});

describe("standing asks", () => {
  it("publishes asks, picks the cheapest takeable one, and assigns the job in the post", async () => {
    const a = chain.client("providerA");
    const b = chain.client("providerB");
    const requester = chain.client("requester");
    await a.setAsk({
      modelId,
      price: USD("0.30"),
      capacity: 1,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 60,
    });
    await b.setAsk({
      modelId,
      price: USD("0.20"),
      capacity: 2,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 60,
    });
    const providers = [devAccounts.providerA.address, devAccounts.providerB.address];
    const ask = await requester.getAsk({ provider: providers[1] as `0x${string}`, modelId });
    expect(ask).toMatchObject({
      price: USD("0.20"),
      capacity: 2,
      active: 0,
      minExecutionWindow: 60,
      maxCallbackGas: 0,
      takeable: true,
    });

    const picked = await requester.pickAsk({ modelId, maxPrice: USD("1"), providers });
    expect(picked.provider).toBe(devAccounts.providerB.address);
    const posted = await requester.postJobWithAsk({
      modelId,
      input,
      maxPrice: USD("1"),
      provider: picked.provider,
    });
    expect(posted.price).toBe(USD("0.20"));
    expect(posted.deadline).toBeGreaterThan(0);
    const job = await requester.getJob({ jobId: posted.jobId });
    expect(job.status).toBe("Assigned");
    expect(job.provider).toBe(devAccounts.providerB.address);
    expect(job.price).toBe(USD("0.20"));
    expect((await requester.getAsk({ provider: picked.provider, modelId })).active).toBe(1);

    // Under a max price below every ask, nothing is picked, and the reason says what to do.
    await expect(
      requester.pickAsk({ modelId, maxPrice: USD("0.10"), providers }),
    ).rejects.toBeInstanceOf(NoAskError);
  });

  it("refuses a full, a too dear, a withdrawn ask and a provider under the floor, by name", async () => {
    const a = chain.client("providerA");
    const requester = chain.client("requester");
    const provider = devAccounts.providerA.address;
    await requester.postJobWithAsk({ modelId, input, maxPrice: USD("1"), provider });
    const full = await requester
      .postJobWithAsk({ modelId, input, maxPrice: USD("1"), provider })
      .catch((e: unknown) => e);
    expect(isVerityContractError(full, "AskBookFull")).toBe(true);

    await a.setAsk({
      modelId,
      price: USD("0.30"),
      capacity: 5,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 60,
    });
    const dear = await requester
      .postJobWithAsk({ modelId, input, maxPrice: USD("0.25"), provider })
      .catch((e: unknown) => e);
    expect(isVerityContractError(dear, "AskBookPriceAboveMax")).toBe(true);

    const record = await requester.getProviderRecord({ provider });
    expect(record.reliabilityBps).toBe(10_000);
    await expect(
      requester.postJobWithAsk({
        modelId,
        input,
        maxPrice: USD("1"),
        provider,
        minReliabilityBps: 10_001,
      }),
    ).rejects.toThrow("minReliabilityBps is a share in basis points");

    await a.withdrawAsk({ modelId });
    const gone = await requester
      .postJobWithAsk({ modelId, input, maxPrice: USD("1"), provider })
      .catch((e: unknown) => e);
    expect(isVerityContractError(gone, "AskBookNoAsk")).toBe(true);
    expect((await requester.getAsk({ provider, modelId })).takeable).toBe(false);
  });

  it("posts a batch of fast jobs spread over two asks, each assigned in its own post", async () => {
    const a = chain.client("providerA");
    const b = chain.client("providerB");
    const requester = chain.client("requester");
    await a.setAsk({
      modelId,
      price: USD("0.40"),
      capacity: 8,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 60,
    });
    await b.setAsk({
      modelId,
      price: USD("0.50"),
      capacity: 8,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 60,
    });
    const providerA = devAccounts.providerA.address;
    const providerB = devAccounts.providerB.address;
    const freeA = 8 - (await requester.getAsk({ provider: providerA, modelId })).active;
    const freeB = 8 - (await requester.getAsk({ provider: providerB, modelId })).active;
    // The cheaper ask up to its free capacity, the rest on the other: a post beyond an ask's
    // capacity would revert.
    const providers = [providerA, providerB];
    const spread = await requester.pickAsks({ modelId, maxPrice: USD("1"), providers, count: 10 });
    expect(spread).toEqual([
      ...new Array(freeA).fill(providerA),
      ...new Array(10 - freeA).fill(providerB),
    ]);
    await expect(
      requester.pickAsks({ modelId, maxPrice: USD("1"), providers, count: freeA + freeB + 1 }),
    ).rejects.toThrow(`have room for ${freeA + freeB} job(s), not ${freeA + freeB + 1}`);
    const jobs = spread.map((provider, i) => ({
      modelId,
      input: toHex(new Uint8Array(784).fill(i)),
      maxPrice: USD("1"),
      provider,
    }));
    const { posted } = await requester.postJobs({ jobs });
    expect(posted).toHaveLength(10);
    for (const [i, job] of posted.entries()) {
      const provider = jobs[i]?.provider as `0x${string}`;
      expect(job.assigned).toMatchObject({
        provider,
        price: provider === providerA ? USD("0.40") : USD("0.50"),
      });
      const onChain = await requester.getJob({ jobId: job.jobId });
      expect(onChain.status).toBe("Assigned");
      expect(onChain.provider).toBe(provider);
    }

    // A URI input cannot take an ask: refused before anything is sent.
    await expect(
      requester.postJobs({
        jobs: [
          {
            modelId,
            inputUri: "https://example.invalid/x",
            inputHash: `0x${"11".repeat(32)}`,
            maxPrice: USD("1"),
            provider: providerA,
          },
        ],
      }),
    ).rejects.toThrow("job 1: the fast path takes an inline input only");
  });

  it("finalizes many jobs in one transaction, and a batch holding one it cannot finalize reverts whole", async () => {
    const requester = chain.client("requester");
    const providerA = devAccounts.providerA.address;
    const a = chain.client("providerA");
    await a.setAsk({
      modelId,
      price: USD("0.40"),
      capacity: 32,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 60,
    });
    const jobs = [];
    for (let i = 0; i < 4; i++)
      jobs.push(
        await requester.postJobWithAsk({
          modelId,
          input: toHex(new Uint8Array(784).fill(40 + i)),
          maxPrice: USD("1"),
          provider: providerA,
        }),
      );
    const layerHashes = [keccak256("0x01"), keccak256("0x02")];
    for (const [i, job] of jobs.entries())
      await a.submitResult({
        jobId: job.jobId,
        output: toHex(new Uint8Array(10).fill(i)),
        layerHashes,
      });
    const p = await requester.getParameters();
    await chain.advance(p.challengeWindow + 1);

    // One job of the batch already final: the whole batch reverts, by name, and changes nothing.
    const [first, ...rest] = jobs.map((j) => ({ jobId: j.jobId }));
    await requester.finalizeJob(first as { jobId: bigint });
    const error = await requester
      .finalizeJobs({ jobs: [...rest, first as { jobId: bigint }] })
      .catch((e: unknown) => e);
    expect(isVerityContractError(error, "MarketWrongStatus")).toBe(true);
    for (const { jobId } of rest)
      expect((await requester.getJob({ jobId })).status).toBe("Submitted");

    const { receipt } = await requester.finalizeJobs({ jobs: rest });
    expect(receipt.status).toBe("success");
    for (const { jobId } of rest)
      expect((await requester.getJob({ jobId })).status).toBe("Finalized");
    await expect(
      requester.finalizeJobs({
        jobs: Array.from({ length: 65 }, (_, i) => ({ jobId: BigInt(i) })),
      }),
    ).rejects.toThrow("at most 64 jobs per finalizeMany, got 65");
  });

  it("keeps to an ask's terms: its shortest execution window and its most callback gas", async () => {
    const a = chain.client("providerA");
    const b = chain.client("providerB");
    const requester = chain.client("requester");
    const providerA = devAccounts.providerA.address;
    const providerB = devAccounts.providerB.address;
    const providers = [providerA, providerB];
    // The consumer is only named: no job with one is finalized here.
    const consumer = "0x000000000000000000000000000000000000c0de";
    // A is the cheaper but needs 15 minutes and takes no callback; B needs 5 and takes 200k gas.
    await a.setAsk({
      modelId,
      price: USD("0.10"),
      capacity: 32,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 900,
    });
    await b.setAsk({
      modelId,
      price: USD("0.50"),
      capacity: 16,
      maxCollateral: VRT("1000"),
      minExecutionWindow: 300,
      maxCallbackGas: 200_000,
    });
    expect(await requester.getAsk({ provider: providerA, modelId })).toMatchObject({
      minExecutionWindow: 900,
      maxCallbackGas: 0,
      takeable: true,
    });
    expect(await requester.getAsk({ provider: providerB, modelId })).toMatchObject({
      minExecutionWindow: 300,
      maxCallbackGas: 200_000,
      takeable: true,
    });

    // The default window (600 s) is shorter than A's minimum: the cheaper ask is passed over...
    expect((await requester.pickAsk({ modelId, maxPrice: USD("1"), providers })).provider).toBe(
      providerB,
    );
    // ...and taken all the same, the market refuses the job by name, saying what A needs.
    const { active: activeA } = await requester.getAsk({ provider: providerA, modelId });
    const short = await requester
      .postJobWithAsk({ modelId, input, maxPrice: USD("1"), provider: providerA })
      .catch((e: unknown) => e);
    expect(isVerityContractError(short, "AskBookWindowTooShort")).toBe(true);
    if (!isVerityContractError(short, "AskBookWindowTooShort")) throw short;
    expect(short.args).toEqual([providerA, modelId, 600n, 900n]);
    expect(short.explanation).toContain("at least 900 s");
    expect(short.hint).toContain("longer execution window");
    // Refused at the take: A holds no more jobs than before.
    expect((await requester.getAsk({ provider: providerA, modelId })).active).toBe(activeA);

    // Given the window it needs, A is the cheapest again, and the job is its own at exactly it.
    const picked = await requester.pickAsk({
      modelId,
      maxPrice: USD("1"),
      providers,
      executionWindow: 900,
    });
    expect(picked.provider).toBe(providerA);
    const activeBefore = picked.active;
    const posted = await requester.postJobWithAsk({
      modelId,
      input,
      maxPrice: USD("1"),
      provider: providerA,
      executionWindow: 900,
    });
    const block = await chain.publicClient.getBlock({ blockNumber: posted.receipt.blockNumber });
    expect(posted.price).toBe(USD("0.10"));
    expect(posted.deadline).toBe(Number(block.timestamp) + 900);
    expect((await requester.getAsk({ provider: providerA, modelId })).active).toBe(
      activeBefore + 1,
    );

    // A job with a consumer callback passes over A (no callback at all) for B, up to B's 200k...
    const withCallback = { executionWindow: 900, consumer, callbackGasLimit: 150_000 } as const;
    expect(
      (await requester.pickAsk({ modelId, maxPrice: USD("1"), providers, ...withCallback }))
        .provider,
    ).toBe(providerB);
    // ...a heavier callback meets no ask, and the picker says which term ruled each out...
    const heavy = { ...withCallback, callbackGasLimit: 250_000 } as const;
    const none = await requester
      .pickAsk({ modelId, maxPrice: USD("1"), providers, ...heavy })
      .catch((e: unknown) => e);
    expect(none).toBeInstanceOf(NoAskError);
    expect((none as NoAskError).message).toContain(
      "2 ask(s) allow less consumer callback gas than 250000 (the most any allows is 200000)",
    );
    // ...and the market refuses it on B's ask by name.
    const refused = await requester
      .postJobWithAsk({ modelId, input, maxPrice: USD("1"), provider: providerB, ...heavy })
      .catch((e: unknown) => e);
    expect(isVerityContractError(refused, "AskBookCallbackGasAboveMax")).toBe(true);
    if (!isVerityContractError(refused, "AskBookCallbackGasAboveMax")) throw refused;
    expect(refused.args).toEqual([providerB, modelId, 250_000n, 200_000n]);
    expect(refused.hint).toContain("lower callbackGasLimit");

    // Under every ask's minimum window, nothing is picked, and the error names the least it takes.
    const tooShort = await requester
      .pickAsk({ modelId, maxPrice: USD("1"), providers, executionWindow: 60 })
      .catch((e: unknown) => e);
    expect(tooShort).toBeInstanceOf(NoAskError);
    expect((tooShort as NoAskError).message).toContain(
      "2 ask(s) need a longer execution window than 60 s: post with executionWindow (verity job post --window) of at least 300 s",
    );

    // Terms beyond 32 bits are refused at setAsk, by name.
    const bad = await a
      .setAsk({
        modelId,
        price: USD("0.10"),
        capacity: 1,
        maxCollateral: VRT("1000"),
        minExecutionWindow: 2 ** 32,
      })
      .catch((e: unknown) => e);
    expect(isVerityContractError(bad, "AskBookBadTerms")).toBe(true);
    expect((await requester.getAsk({ provider: providerA, modelId })).minExecutionWindow).toBe(900);
  });
});
