import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, expect, test } from "vitest";
import { allRows } from "./harness/graphql.js";
import { type Stack, startStack } from "./harness/stack.js";
import { expectIndexMatchesChain } from "./harness/verify.js";

const VRT = (amount: number) => parseUnits(String(amount), 18);
const USD = (amount: number) => parseUnits(String(amount), 6);

let stack: Stack;
let accounts: Address[];

beforeAll(async () => {
  stack = await startStack("statistics");
  accounts = stack.anvil.clients.accounts;
});

afterAll(async () => {
  await stack?.stop();
});

/** A fixed pseudo-random sequence, so that a failure replays. */
function prices(count: number, seed: number): bigint[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // Few distinct values, so that duplicates and the histogram's links both get exercised.
    return USD(1 + (state % 12));
  });
}

test("the daily median clearing price is exact, whatever order prices come in", async () => {
  const v = stack.verity;
  const [deployer, requester, publisher, bidder] = accounts as [Address, Address, Address, Address];
  await v.transferVrt(deployer, publisher, VRT(100));
  const { modelId } = await v.registerModel(publisher, "model-stats");
  await v.transferVrt(deployer, bidder, VRT(100_000));
  await v.registerProvider(bidder, "{}");
  await v.stake(bidder, VRT(100_000));
  await v.mintUsd(requester, USD(1_000_000));

  // Every block one second after the last, however slow the machine: the
  // auction windows (10 s each) then hold for batches of four jobs.
  await stack.anvil.clients.test.setBlockTimestampInterval({ interval: 1 });
  const all = prices(27, 7);
  for (let start = 0; start < all.length; start += 4) {
    const batch = all.slice(start, start + 4);
    const jobs: bigint[] = [];
    for (let i = 0; i < batch.length; i++)
      jobs.push((await v.post(requester, v.request(modelId))).jobId);
    for (const [i, jobId] of jobs.entries()) await v.commit(jobId, bidder, batch[i] as bigint);
    await v.passTimestamp((await v.job(jobs.at(-1) as bigint)).commitDeadline);
    for (const [i, jobId] of jobs.entries()) await v.reveal(jobId, bidder, batch[i] as bigint);
    await v.passTimestamp((await v.job(jobs.at(-1) as bigint)).revealDeadline);
    for (const jobId of jobs) await v.settle(jobId, requester);
    if (start % 8 === 0 || start + 4 >= all.length) {
      // Odd and even counts alike: the stats equal a sort of the chain's prices.
      await stack.synced();
      await expectIndexMatchesChain(stack, accounts.slice(0, 4));
    }
  }

  type Link = {
    day: number;
    price: string;
    count: number;
    previous: string | null;
    next: string | null;
  };
  const links = await allRows<Link>(
    stack.ponder,
    "clearingPrices",
    "day price count previous next",
  );
  // Within each day the histogram is one list in price order, counting every price.
  const key = (day: number, price: string) => `${day}:${price}`;
  const byKey = new Map(links.map((row) => [key(row.day, row.price), row]));
  for (const row of links) {
    if (row.next !== null) expect(byKey.get(key(row.day, row.next))?.previous).toBe(row.price);
    if (row.previous !== null) expect(BigInt(row.previous)).toBeLessThan(BigInt(row.price));
  }
  expect(links.reduce((sum, row) => sum + row.count, 0)).toBe(all.length);
});
