import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Stack, startStack } from "./harness/stack.js";
import { expectIndexMatchesChain } from "./harness/verify.js";

const VRT = (amount: number) => parseUnits(String(amount), 18);
const USD = (amount: number) => parseUnits(String(amount), 6);

let stack: Stack;
let deployer: Address;
let requester: Address;
let alice: Address;
let publisher: Address;
let other: Address;

beforeAll(async () => {
  stack = await startStack("reorg");
  [deployer, requester, alice, publisher, other] = stack.anvil.clients.accounts as [
    Address,
    Address,
    Address,
    Address,
    Address,
  ];
});

afterAll(async () => {
  await stack?.stop();
});

type Job = { id: string; requester: string; maxPrice: string; commitCount: number } | null;

async function indexedJob(id: bigint) {
  const data = await stack.ponder.graphql<{ job: Job; bids: { totalCount: number } }>(
    `query($id: BigInt!) { job(id: $id) { id requester maxPrice commitCount } bids(where: { jobId: $id }) { totalCount } }`,
    { id: String(id) },
  );
  return data;
}

test("a reverted job disappears and its replacement is indexed", async () => {
  const v = stack.verity;
  const { test: anvil, public: client } = stack.anvil.clients;
  await v.transferVrt(deployer, publisher, VRT(100));
  const { modelId } = await v.registerModel(publisher, "model-reorg");
  await v.transferVrt(deployer, alice, VRT(1_000));
  await v.registerProvider(alice, "{}");
  await v.stake(alice, VRT(1_000));
  for (const account of [requester, other]) await v.mintUsd(account, USD(1_000));
  const { jobId: kept } = await v.post(requester, v.request(modelId, { maxPrice: USD(10) }));
  await stack.synced();

  // Fork point: what follows is undone.
  const snapshot = await anvil.snapshot();
  const { jobId: doomed } = await v.post(requester, v.request(modelId, { maxPrice: USD(11) }));
  await v.commit(kept, alice, USD(9));
  await v.commit(doomed, alice, USD(8));
  const oldHead = await stack.synced();
  expect(await indexedJob(doomed)).toEqual({
    job: {
      id: String(doomed),
      requester: requester.toLowerCase(),
      maxPrice: String(USD(11)),
      commitCount: 1,
    },
    bids: { totalCount: 1 },
  });

  // The other branch: a different requester posts job `doomed`'s id, nobody bids,
  // and the new branch grows past the old head so that it wins.
  await anvil.revert({ id: snapshot });
  const { jobId: replacement } = await v.post(other, v.request(modelId, { maxPrice: USD(22) }));
  expect(replacement).toBe(doomed);
  const head = await client.getBlockNumber({ cacheTime: 0 });
  await anvil.mine({ blocks: Number(oldHead - head) + 2 });
  await stack.synced();

  expect(await indexedJob(replacement)).toEqual({
    job: {
      id: String(replacement),
      requester: other.toLowerCase(),
      maxPrice: String(USD(22)),
      commitCount: 0,
    },
    bids: { totalCount: 0 },
  });
  expect((await indexedJob(kept)).bids.totalCount).toBe(0);
  const { provider } = await stack.ponder.graphql<{ provider: { bidsCommitted: number } }>(
    `query($a: String!) { provider(address: $a) { bidsCommitted } }`,
    { a: alice.toLowerCase() },
  );
  expect(provider.bidsCommitted).toBe(0);
  await expectIndexMatchesChain(stack, [deployer, requester, alice, publisher, other]);
});

test("a reorg that replaces a settled auction rewinds statistics and stake", async () => {
  const v = stack.verity;
  const { test: anvil, public: client } = stack.anvil.clients;
  const modelId = 1n;
  const { jobId } = await v.post(requester, v.request(modelId, { maxPrice: USD(50) }));
  await stack.synced();

  const snapshot = await anvil.snapshot();
  await v.commit(jobId, alice, USD(40));
  await v.passTimestamp((await v.job(jobId)).commitDeadline);
  await v.reveal(jobId, alice, USD(40));
  await v.passTimestamp((await v.job(jobId)).revealDeadline);
  await v.settle(jobId, requester);
  const oldHead = await stack.synced();
  const before = await stack.ponder.graphql<{ job: { status: string; price: string } }>(
    `query($id: BigInt!) { job(id: $id) { status price } }`,
    { id: String(jobId) },
  );
  expect(before.job).toEqual({ status: "Assigned", price: String(USD(40)) });

  await anvil.revert({ id: snapshot });
  await v.cancel(requester, jobId);
  const head = await client.getBlockNumber({ cacheTime: 0 });
  await anvil.mine({ blocks: Number(oldHead - head) + 2 });
  await stack.synced();
  const after = await stack.ponder.graphql<{
    job: { status: string; price: string };
    dailyModelStats: { items: { jobsAssigned: number; medianClearingPrice: string | null }[] };
  }>(
    `query($id: BigInt!) { job(id: $id) { status price } dailyModelStats { items { jobsAssigned medianClearingPrice } } }`,
    { id: String(jobId) },
  );
  // No bid on the new branch: price 0, as getJob (the settled auction's price is gone).
  expect(after.job).toEqual({ status: "Cancelled", price: "0" });
  expect(after.dailyModelStats.items.every((stat) => stat.jobsAssigned === 0)).toBe(true);
  await expectIndexMatchesChain(stack, [deployer, requester, alice, publisher, other]);
});
