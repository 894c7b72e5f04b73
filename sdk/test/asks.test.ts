/**
 * The fast path through the SDK, against the real contracts on anvil: a provider publishes an
 * ask, a requester picks it and posts a job that is assigned in the same transaction, the ask's
 * capacity holds, and every refusal decodes by name.
 */
import { devAccounts } from "@verity/cli/devnet/accounts";
import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import { setupMarket, USD } from "@verity/cli/test/market";
import { isVerityContractError, NoAskError } from "@verity/sdk";
import { parseUnits, toHex } from "viem";
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
    await a.setAsk({ modelId, price: USD("0.30"), capacity: 1, maxCollateral: VRT("1000") });
    await b.setAsk({ modelId, price: USD("0.20"), capacity: 2, maxCollateral: VRT("1000") });
    const providers = [devAccounts.providerA.address, devAccounts.providerB.address];
    const ask = await requester.getAsk({ provider: providers[1] as `0x${string}`, modelId });
    expect(ask).toMatchObject({ price: USD("0.20"), capacity: 2, active: 0, takeable: true });

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

    await a.setAsk({ modelId, price: USD("0.30"), capacity: 5, maxCollateral: VRT("1000") });
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
});
