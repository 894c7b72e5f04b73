import { fund } from "@verity/cli/devnet/fund";
import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import { runPaidJob } from "@verity/cli/test/jobs";
import { STAKE, setupMarket, USD } from "@verity/cli/test/market";
import { getVotingPower, isVerityContractError } from "@verity/sdk";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let chain: TestChain;
let modelId: bigint;
let providerA: Address;
let holder: Address;
const VRT = (n: string) => parseUnits(n, 18);

beforeAll(async () => {
  chain = await startTestChain();
  ({ modelId } = await setupMarket(chain));
  providerA = chain.client("providerA").walletClient?.account?.address as Address;
  holder = chain.client("spare").walletClient?.account?.address as Address;
  await fund(chain.client("deployer"), { to: holder, vrt: VRT("5000") });
});
afterAll(async () => {
  await chain?.stop();
});

describe("delegation", () => {
  it("reads the delegation ratio with the other parameters", async () => {
    const p = await chain.client("requester").getParameters();
    expect(p.maxDelegationRatio).toBe(16);
  });

  it("delegates to a provider, whose capacity grows, and keeps the holder's votes", async () => {
    const spare = chain.client("spare");
    await spare.delegate({ source: "token" }); // liquid VRT votes for itself
    const { shares, approvalHash } = await spare.delegateStake({
      provider: providerA,
      amount: VRT("1000"),
    });
    expect(approvalHash).toBeDefined();
    expect(shares).toBe(VRT("1000"));

    const pool = await spare.getDelegationPool({ provider: providerA });
    expect(pool).toMatchObject({
      tokens: VRT("1000"),
      shares: VRT("1000"),
      ownStake: STAKE,
      capacity: STAKE + VRT("1000"),
      free: STAKE + VRT("1000"),
      overCap: 0n,
      maxDelegationRatio: 16,
      delegatorShareBps: 0,
      pendingShare: undefined,
    });
    const position = await spare.getDelegation({ provider: providerA });
    expect(position).toMatchObject({
      shares: VRT("1000"),
      active: VRT("1000"),
      votes: VRT("1000"),
    });
    await chain.advance(1);
    const power = await getVotingPower(spare);
    expect(power.votes).toBe(VRT("5000")); // 4,000 liquid + 1,000 delegated, once each
  });

  it("pays delegators their share of a job, claimable in the payment token", async () => {
    const provider = chain.client("providerA");
    const raised = await provider.setDelegatorShare({ bps: 5000 });
    expect(raised.scheduled).toBe(false);
    expect((await provider.getDelegationPool()).delegatorShareBps).toBe(5000);

    await runPaidJob(chain, {
      modelId,
      provider: "providerA",
      price: USD("2"),
      maxPrice: USD("5"),
    });
    const earned = USD("2") - (USD("2") * 100n) / 10_000n; // less the 1% protocol fee
    const spare = chain.client("spare");
    const { earnings } = await spare.getDelegation({ provider: providerA });
    expect(earnings).toBe(earned / 2n);
    const { amount } = await spare.claimDelegationEarnings({ provider: providerA });
    expect(amount).toBe(earned / 2n);
    const again = await spare
      .claimDelegationEarnings({ provider: providerA })
      .catch((e: unknown) => e);
    expect(isVerityContractError(again, "DelegationNothingToClaim")).toBe(true);
  });

  it("schedules a cut of the share one unbonding delay ahead", async () => {
    const provider = chain.client("providerA");
    const cut = await provider.setDelegatorShare({ bps: 1000 });
    expect(cut.scheduled).toBe(true);
    const pool = await provider.getDelegationPool();
    expect(pool.delegatorShareBps).toBe(5000);
    expect(pool.pendingShare).toEqual({ bps: 1000, effectiveAt: cut.effectiveAt });
  });

  it("undelegates by amount, thaws for the unbonding delay, then withdraws", async () => {
    const spare = chain.client("spare");
    const out = await spare.undelegateStake({ provider: providerA, amount: VRT("400") });
    expect(out.shares).toBe(VRT("400"));
    expect(out.amount).toBe(VRT("400"));
    const early = await spare.withdrawDelegation({ provider: providerA }).catch((e: unknown) => e);
    expect(isVerityContractError(early, "DelegationStillThawing")).toBe(true);
    if (isVerityContractError(early, "DelegationStillThawing")) {
      expect(early.hint).toContain("unbonding delay");
    }
    const position = await spare.getDelegation({ provider: providerA });
    expect(position).toMatchObject({ active: VRT("600"), thawing: VRT("400"), votes: VRT("1000") });

    await chain.advance(3601);
    const { amount } = await spare.withdrawDelegation({ provider: providerA });
    expect(amount).toBe(VRT("400"));
    expect((await spare.getDelegation({ provider: providerA })).votes).toBe(VRT("600"));
    const rest = await spare.undelegateStake({ provider: providerA }); // all that is left
    expect(rest.amount).toBe(VRT("600"));
  });
});
