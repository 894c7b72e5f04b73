/**
 * The indexer follows standing asks (the fast path): each provider's ask per model as published
 * (set, updated, withdrawn) equals the ask book on chain, with its history in order.
 */
import { askBookAbi } from "@verity/sdk/abis";
import { type Address, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { big } from "./harness/graphql.js";
import { INPUT } from "./harness/protocol.js";
import { type Stack, startStack } from "./harness/stack.js";
import { expectIndexMatchesChain } from "./harness/verify.js";

const VRT = (amount: number) => parseUnits(String(amount), 18);
const USD = (amount: number) => parseUnits(String(amount), 6);

let stack: Stack;
let deployer: Address;
let requester: Address;
let alice: Address;
let bob: Address;
let publisher: Address;

beforeAll(async () => {
  stack = await startStack("asks");
  [deployer, requester, alice, bob, , , publisher] = stack.anvil.clients.accounts as Address[] as [
    Address,
    Address,
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

type AskRow = {
  price: string;
  capacity: number;
  expiry: string;
  maxCollateral: string;
  minExecutionWindow: string;
  maxCallbackGas: string;
  published: boolean;
  updates: number;
};

describe("the indexer follows standing asks", () => {
  test("set, updated, taken and withdrawn: the rows equal the ask book", async () => {
    const v = stack.verity;
    await v.transferVrt(deployer, publisher, VRT(100));
    const { modelId } = await v.registerModel(publisher, "model-1");
    for (const who of [alice, bob]) {
      await v.transferVrt(deployer, who, VRT(10_000));
      await v.registerProvider(who, "{}");
      await v.stake(who, VRT(10_000));
    }
    await v.mintUsd(requester, USD(1_000));
    await v.as(alice).setAsk({
      modelId,
      price: USD(0.3),
      capacity: 2,
      maxCollateral: VRT(1_000),
      minExecutionWindow: 120,
    });
    await v.as(bob).setAsk({
      modelId,
      price: USD(0.2),
      capacity: 1,
      maxCollateral: VRT(1_000),
      minExecutionWindow: 300,
      maxCallbackGas: 150_000,
    });
    // Alice's update changes her terms too: the row follows the last one.
    await v.as(alice).setAsk({
      modelId,
      price: USD(0.25),
      capacity: 3,
      maxCollateral: VRT(500),
      minExecutionWindow: 900,
      maxCallbackGas: 50_000,
    });
    const taken = await v.as(requester).postJobWithAsk({
      modelId,
      input: INPUT,
      maxPrice: USD(1),
      provider: bob,
      checkInputWidth: false,
    });
    await v.as(bob).withdrawAsk({ modelId });
    // The fast job runs to the end like any other: submitted, then final after its window.
    await v.submit(taken.jobId, bob);
    await v.passTimestamp((await v.job(taken.jobId)).deadline);
    await v.finalize(taken.jobId, requester);
    await stack.synced();
    await expectIndexMatchesChain(stack, [deployer, requester, alice, bob, publisher]);

    const book = { address: stack.deployment.askBook as Address, abi: askBookAbi };
    const rows = await stack.ponder.graphql<{ asks: { items: (AskRow & { provider: string })[] } }>(
      `{ asks(orderBy: "price", orderDirection: "asc") { items { provider price capacity expiry maxCollateral minExecutionWindow maxCallbackGas published updates } } }`,
    );
    const byProvider = new Map(rows.asks.items.map((r) => [r.provider.toLowerCase(), r]));
    for (const who of [alice, bob]) {
      const onChain = await stack.anvil.clients.public.readContract({
        ...book,
        functionName: "askOf",
        args: [who, modelId],
      });
      const row = byProvider.get(who.toLowerCase());
      expect({
        price: big(row?.price ?? "0"),
        capacity: row?.capacity,
        expiry: Number(big(row?.expiry ?? "0")),
        maxCollateral: big(row?.maxCollateral ?? "0"),
        minExecutionWindow: Number(big(row?.minExecutionWindow ?? "-1")),
        maxCallbackGas: Number(big(row?.maxCallbackGas ?? "-1")),
      }).toEqual({
        price: onChain.price,
        capacity: onChain.capacity,
        expiry: onChain.expiry,
        maxCollateral: onChain.maxCollateral,
        minExecutionWindow: onChain.minExecutionWindow,
        maxCallbackGas: onChain.maxCallbackGas,
      });
    }
    expect(byProvider.get(alice.toLowerCase())).toMatchObject({
      published: true,
      updates: 2,
      minExecutionWindow: "900",
      maxCallbackGas: "50000",
    });
    expect(byProvider.get(bob.toLowerCase())).toMatchObject({
      published: false,
      updates: 1,
      minExecutionWindow: "0",
      maxCallbackGas: "0",
    });
    type AskEventRow = {
      withdrawn: boolean;
      price: string;
      minExecutionWindow: string;
      maxCallbackGas: string;
    };
    const historyOf = async (who: Address) =>
      (
        await stack.ponder.graphql<{ askEvents: { items: AskEventRow[] } }>(
          `query($p: String!) { askEvents(where: { provider: $p }, orderBy: "blockNumber") { items { withdrawn price minExecutionWindow maxCallbackGas } } }`,
          { p: who.toLowerCase() },
        )
      ).askEvents.items;
    expect(await historyOf(bob)).toEqual([
      {
        withdrawn: false,
        price: String(USD(0.2)),
        minExecutionWindow: "300",
        maxCallbackGas: "150000",
      },
      { withdrawn: true, price: "0", minExecutionWindow: "0", maxCallbackGas: "0" },
    ]);
    expect(await historyOf(alice)).toEqual([
      { withdrawn: false, price: String(USD(0.3)), minExecutionWindow: "120", maxCallbackGas: "0" },
      {
        withdrawn: false,
        price: String(USD(0.25)),
        minExecutionWindow: "900",
        maxCallbackGas: "50000",
      },
    ]);
    // The job taken from bob's ask is indexed like any other, at the ask's price.
    const job = await stack.ponder.graphql<{
      job: { status: string; provider: string; price: string };
    }>(`query($id: BigInt!) { job(id: $id) { status provider price } }`, {
      id: String(taken.jobId),
    });
    expect(job.job).toMatchObject({ status: "Finalized", price: String(USD(0.2)) });
    expect(job.job.provider.toLowerCase()).toBe(bob.toLowerCase());
  });
});
