import { delegationPoolAbi, stakingAbi } from "@verity/sdk/abis";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allRows, big } from "./harness/graphql.js";
import { type Stack, startStack } from "./harness/stack.js";
import { expectIndexMatchesChain } from "./harness/verify.js";

const VRT = (amount: number) => parseUnits(String(amount), 18);
const USD = (amount: number) => parseUnits(String(amount), 6);

let stack: Stack;
let deployer: Address;
let requester: Address;
let alice: Address;
let d1: Address;
let d2: Address;
let challenger: Address;
let publisher: Address;
let actors: Address[];

beforeAll(async () => {
  stack = await startStack("delegation");
  [deployer, requester, alice, d1, d2, challenger, publisher] = stack.anvil.clients.accounts as [
    Address,
    Address,
    Address,
    Address,
    Address,
    Address,
    Address,
  ];
  actors = [deployer, requester, alice, d1, d2, challenger, publisher];
});

afterAll(async () => {
  await stack?.stop();
});

/** Runs a job that `provider` wins alone, and submits its result; returns the job id. */
async function submittedJob(modelId: bigint, provider: Address, price: bigint) {
  const v = stack.verity;
  const { jobId } = await v.post(requester, v.request(modelId));
  await v.commit(jobId, provider, price);
  await v.passTimestamp((await v.job(jobId)).commitDeadline);
  await v.reveal(jobId, provider, price);
  await v.passTimestamp((await v.job(jobId)).revealDeadline);
  await v.settle(jobId, deployer);
  await v.submit(jobId, provider);
  return jobId;
}

type PoolRow = Record<string, string | number | null>;
type PositionRow = Record<string, string | number | null>;

describe("the indexer follows delegation", () => {
  test("delegate, earn, undelegate, claim, a conviction, withdraw: every table equals the chain", async () => {
    const v = stack.verity;
    await v.transferVrt(deployer, publisher, VRT(100));
    const { modelId } = await v.registerModel(publisher, "model-1");
    // Alice stakes only the own-stake floor of one 100 tUSD job (1,000 VRT of collateral at 20%).
    await v.transferVrt(deployer, alice, VRT(200));
    await v.registerProvider(alice, "{}");
    await v.stake(alice, VRT(200));
    for (const who of [d1, d2]) await v.transferVrt(deployer, who, VRT(2_000));
    await v.transferVrt(deployer, challenger, VRT(100));
    await v.mintUsd(requester, USD(1_000_000));

    await v.as(d1).delegateStake({ provider: alice, amount: VRT(1_500) });
    await v.as(d2).delegateStake({ provider: alice, amount: VRT(500) });
    await v.as(alice).setDelegatorShare({ bps: 5000 });

    // A paid job: half of alice's earnings go to the pool, 3:1 between d1 and d2.
    const paid = await submittedJob(modelId, alice, USD(30));
    await v.passTimestamp((await v.job(paid)).deadline);
    await v.finalize(paid, requester);
    await v.as(d2).undelegateStake({ provider: alice, amount: VRT(200) });
    await v.as(d1).claimDelegationEarnings({ provider: alice });

    // A lie proven wrong: alice's 200 go first, the pool pays the other 800, pro rata over its
    // active and thawing tokens, to the treasury.
    const lied = await submittedJob(modelId, alice, USD(30));
    const disputeId = await v.challenge(challenger, lied, 2);
    await v.timeout(requester, disputeId);
    await v.as(deployer).syncDelegationVotes({ provider: alice, delegator: d1 });
    await v.advance(3601);
    await v.as(d2).withdrawDelegation({ provider: alice });
    await v.as(alice).setDelegatorShare({ bps: 1000 }); // a cut, scheduled
    await stack.synced();

    const client = stack.anvil.clients.public;
    const pool = { address: stack.deployment.delegationPool as Address, abi: delegationPoolAbi };
    const onChain = await client.readContract({ ...pool, functionName: "poolOf", args: [alice] });
    const { delegationPool: row } = await stack.ponder.graphql<{ delegationPool: PoolRow }>(
      `query($p: String!) { delegationPool(provider: $p) {
        tokens shares thawingTokens thawingShares thawEpoch rewardPerShare delegatorShareBps
        pendingShareBps pendingAt delegated delegatorCount totalDelegated totalWithdrawn totalSlashed
        totalEarningsShared totalEarningsClaimed } }`,
      { p: alice.toLowerCase() },
    );
    expect({
      tokens: big(row.tokens as string),
      shares: big(row.shares as string),
      thawingTokens: big(row.thawingTokens as string),
      thawingShares: big(row.thawingShares as string),
      thawEpoch: row.thawEpoch,
      rewardPerShare: big(row.rewardPerShare as string),
      delegatorShareBps: row.delegatorShareBps,
      pendingShareBps: row.pendingShareBps,
      pendingAt: big(row.pendingAt as string),
    }).toEqual({
      tokens: onChain.tokens,
      shares: onChain.shares,
      thawingTokens: onChain.thawingTokens,
      thawingShares: onChain.thawingShares,
      thawEpoch: onChain.thawEpoch,
      rewardPerShare: onChain.rewardPerShare,
      delegatorShareBps: onChain.delegatorShareBps,
      pendingShareBps: onChain.pendingShareBps,
      pendingAt: BigInt(onChain.pendingAt),
    });
    expect(big(row.delegated as string)).toBe(
      await client.readContract({
        address: stack.deployment.staking,
        abi: stakingAbi,
        functionName: "delegatedOf",
        args: [alice],
      }),
    );
    expect(big(row.totalSlashed as string)).toBe(VRT(800));
    expect(big(row.totalDelegated as string)).toBe(VRT(2_000));
    expect(row.delegatorCount).toBe(2);

    const positions = await allRows<PositionRow>(
      stack.ponder,
      "delegations",
      "delegator shares thawingShares thawEpoch releaseAt unclaimed votes delegated undelegated withdrawn slashed earned claimed",
      `{ provider: "${alice.toLowerCase()}" }`,
    );
    expect(positions).toHaveLength(2);
    let slashed = 0n;
    for (const p of positions) {
      const who = p.delegator as Address;
      const info = await client.readContract({
        ...pool,
        functionName: "delegationOf",
        args: [alice, who],
      });
      const [active, thawing, earnings] = await client.readContract({
        ...pool,
        functionName: "balancesOf",
        args: [alice, who],
      });
      expect({
        shares: big(p.shares as string),
        thawingShares: big(p.thawingShares as string),
        thawEpoch: p.thawEpoch,
        releaseAt: big(p.releaseAt as string),
        unclaimed: big(p.unclaimed as string),
        votes: big(p.votes as string),
      }).toEqual({
        shares: info.shares,
        thawingShares: info.thawingShares,
        thawEpoch: info.thawEpoch,
        releaseAt: BigInt(info.releaseAt),
        unclaimed: earnings,
        votes: info.votes,
      });
      // What went in, less what came out and what is still there, is what the slash took.
      const stillIn = active + thawing;
      const out = big(p.withdrawn as string) ?? 0n;
      expect(big(p.slashed as string)).toBe((big(p.delegated as string) ?? 0n) - out - stillIn);
      slashed += big(p.slashed as string) ?? 0n;
      // Earned is claimed plus unclaimed.
      expect(big(p.earned as string)).toBe((big(p.claimed as string) ?? 0n) + earnings);
    }
    // The documented shares (delegation.md, "Slashing order"): alice loses her own 200, and the pool
    // the other 800 pro rata to its tokens then: d1 held 1,500 of 2,000 (active), d2 300 active and
    // 200 thawing, so d1 loses 600 and d2 200.
    const slashOf = (who: Address) =>
      big(positions.find((p) => p.delegator === who.toLowerCase())?.slashed as string);
    expect(slashOf(d1)).toBe(VRT(600));
    expect(slashOf(d2)).toBe(VRT(200));
    const aliceStake = await client.readContract({
      address: stack.deployment.staking,
      abi: stakingAbi,
      functionName: "stakeOf",
      args: [alice],
    });
    expect(aliceStake.bonded).toBe(0n);
    // Each position's loss rounds down: together within a wei each of the pool's 800.
    expect(VRT(800) - slashed).toBeGreaterThanOrEqual(0n);
    expect(VRT(800) - slashed).toBeLessThanOrEqual(2n);

    // The history: one row per pool event on chain, by kind.
    const history = await allRows<{ kind: string }>(
      stack.ponder,
      "delegationEvents",
      "kind",
      `{ provider: "${alice.toLowerCase()}" }`,
    );
    const count = (kind: string) => history.filter((h) => h.kind === kind).length;
    const logs = async (
      eventName:
        | "Delegated"
        | "Undelegated"
        | "DelegationWithdrawn"
        | "EarningsClaimed"
        | "DelegationSlashed"
        | "EarningsShared",
    ) =>
      (
        await client.getContractEvents({
          ...pool,
          eventName,
          args: { provider: alice },
          fromBlock: 0n,
        })
      ).length;
    expect(count("Delegated")).toBe(await logs("Delegated"));
    expect(count("Undelegated")).toBe(await logs("Undelegated"));
    expect(count("Withdrawn")).toBe(await logs("DelegationWithdrawn"));
    expect(count("Claimed")).toBe(await logs("EarningsClaimed"));
    expect(count("Slashed")).toBe(await logs("DelegationSlashed"));
    expect(count("Earned")).toBe(await logs("EarningsShared"));
    expect(count("Slashed")).toBe(1);
    expect(count("Earned")).toBe(1);

    // Everything else (providers, stake, votes, the market) still equals the chain.
    await expectIndexMatchesChain(stack, actors);
  });
});
