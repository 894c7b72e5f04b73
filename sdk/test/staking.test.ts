import { fund } from "@verity/cli/devnet/fund";
import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import { isVerityContractError } from "@verity/sdk";
import { parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let chain: TestChain;
const VRT = (n: string) => parseUnits(n, 18);

beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});

describe("staking", () => {
  it("registers, stakes with approval, unbonds and withdraws after the delay", async () => {
    const provider = chain.client("providerA");
    const address = provider.walletClient?.account?.address as `0x${string}`;
    await fund(chain.client("deployer"), { to: address, vrt: VRT("500") });

    expect((await provider.getStake()).registered).toBe(false);
    const zero = await provider.stake({ amount: 0n }).catch((e: unknown) => e);
    expect(isVerityContractError(zero, "StakingZeroAmount")).toBe(true);

    await provider.register({ metadata: { endpoint: "http://a.local", models: [1] } });
    const staked = await provider.stake({ amount: VRT("300") });
    expect(staked.approvalHash).toBeDefined();
    const again = await provider.register({ metadata: "{}" }).catch((e: unknown) => e);
    expect(isVerityContractError(again, "StakingAlreadyRegistered")).toBe(true);
    let stake = await provider.getStake();
    expect(stake).toMatchObject({
      registered: true,
      bonded: VRT("300"),
      locked: 0n,
      free: VRT("300"),
      eligible: true,
    });

    const { releaseAt } = await provider.requestUnstake({ amount: VRT("250") });
    stake = await provider.getStake({ provider: address });
    expect(stake.bonded).toBe(VRT("50"));
    expect(stake.unbonding).toBe(VRT("250"));
    expect(stake.releaseAt).toBe(releaseAt);
    expect(stake.eligible).toBe(false); // below the 100 VRT minimum

    const early = await provider.withdraw().catch((e: unknown) => e);
    expect(isVerityContractError(early, "StakingStillUnbonding")).toBe(true);
    if (isVerityContractError(early, "StakingStillUnbonding")) {
      expect(early.args[1]).toBe(BigInt(releaseAt));
      expect(early.hint).toContain("unbonding delay");
    }

    await chain.advance(3601);
    const { amount } = await provider.withdraw();
    expect(amount).toBe(VRT("250"));
    expect((await provider.getStake()).unbonding).toBe(0n);
  });
});
