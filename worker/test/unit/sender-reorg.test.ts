/**
 * The sender against a real anvil when the chain does not keep what it sent:
 * a mined transaction reorged away, a pending one dropped from the pool, and
 * a phase that ends before anything lands.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { testStablecoinAbi } from "@verity/sdk/abis";
import { type Address, createTestClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerClient, workerChain } from "../../src/chain/clients.js";
import { PhaseClosedError } from "../../src/chain/errors.js";
import { bumpFees, rebroadcastDelayMs, TxSender } from "../../src/chain/sender.js";
import { silentLogger } from "../../src/log.js";
import { ANVIL_KEYS, type Anvil, ROOT, startAnvil } from "../helpers/anvil.js";
import { dropAllPending, reorgDropping } from "../helpers/chain-faults.js";

describe("re-send timing and fees", () => {
  it("re-sends several times within a 10 s phase, and never waits 15 s", () => {
    const bounds = { share: 0.25, minMs: 1000, maxMs: 6000 };
    expect(rebroadcastDelayMs(10, bounds)).toBe(2500);
    expect(rebroadcastDelayMs(2, bounds)).toBe(1000);
    expect(rebroadcastDelayMs(600, bounds)).toBe(6000);
    expect(rebroadcastDelayMs(undefined, bounds)).toBe(6000);
  });

  it("outbids the last fees by more than the 10% a replacement needs", () => {
    const fees = bumpFees({ maxFeePerGas: 1000n, maxPriorityFeePerGas: 100n });
    expect(fees.maxFeePerGas).toBeGreaterThan(1100n);
    expect(fees.maxPriorityFeePerGas).toBeGreaterThan(110n);
  });
});

describe("transaction sender when the chain drops what it sent", () => {
  let anvil: Anvil;
  let token: Address;
  const account = privateKeyToAccount(ANVIL_KEYS[6] as Hex);
  const client = () => createWorkerClient(anvil.url, workerChain(31337, anvil.url));
  const test = () => createTestClient({ mode: "anvil", transport: http(anvil.url) });
  const mint = (sender: TxSender, amount: bigint) =>
    sender.send("mint", {
      address: token,
      abi: testStablecoinAbi,
      functionName: "mint",
      args: [account.address, amount],
    });
  const nonceOf = async (hash: Hex) => (await client().getTransaction({ hash })).nonce;

  beforeAll(async () => {
    anvil = await startAnvil();
    const artifact = JSON.parse(
      await readFile(join(ROOT, "contracts/out/TestStablecoin.sol/TestStablecoin.json"), "utf8"),
    ) as { bytecode: { object: Hex } };
    const wallet = createWalletClient({
      chain: foundry,
      transport: http(anvil.url),
      account: privateKeyToAccount(ANVIL_KEYS[0] as Hex),
    });
    const hash = await wallet.deployContract({
      abi: testStablecoinAbi,
      bytecode: artifact.bytecode.object,
    });
    token = (await client().waitForTransactionReceipt({ hash })).contractAddress as Address;
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it("takes its nonce from the chain again after a reorg dropped a mined transaction", async () => {
    const sender = new TxSender(client(), account, workerChain(31337, anvil.url), silentLogger, {
      pollMs: 50,
    });
    await sender.init();
    const first = await mint(sender, 1n);
    const nonce = await nonceOf(first.transactionHash);
    const dropped = await reorgDropping(anvil.url, 1, account.address);
    expect(dropped).toEqual([first.transactionHash]);
    // Without the re-sync this would be signed with nonce + 1 and sit queued for good.
    const again = await mint(sender, 2n);
    expect(await nonceOf(again.transactionHash)).toBe(nonce);
    sender.stop();
  });

  it("re-sends with a higher fee, within the phase, a transaction the node lost", async () => {
    const sender = new TxSender(client(), account, workerChain(31337, anvil.url), silentLogger, {
      pollMs: 50,
      minRebroadcastMs: 300,
      chainTime: () => Date.now() / 1000,
    });
    await sender.init();
    await test().setAutomine(false);
    try {
      const deadline = Math.floor(Date.now() / 1000) + 8;
      const pending = sender.during({ phase: "commit", jobId: 1n, deadline }, () =>
        mint(sender, 3n),
      );
      // Lost by the node before any block: only a re-send can land it.
      await waitUntil(
        async () =>
          (await client().getTransactionCount({ address: account.address, blockTag: "pending" })) >
          (await client().getTransactionCount({ address: account.address })),
      );
      await dropAllPending(anvil.url);
      const miner = setInterval(() => void test().mine({ blocks: 1 }), 400);
      const receipt = await pending.finally(() => clearInterval(miner));
      expect(receipt.status).toBe("success");
      // Mined well before the deadline, not 15 s later.
      expect(Date.now() / 1000).toBeLessThan(deadline);
    } finally {
      await test().setAutomine(true);
      sender.stop();
    }
  });

  it("gives up when the phase ends with nothing mined, and says why", async () => {
    const failures: string[] = [];
    const sender = new TxSender(client(), account, workerChain(31337, anvil.url), silentLogger, {
      pollMs: 50,
      minRebroadcastMs: 300,
      chainTime: () => Date.now() / 1000,
      onFailure: (phase, label, cause) => failures.push(`${phase.phase} ${label} ${cause}`),
    });
    await sender.init();
    await test().setAutomine(false);
    try {
      const deadline = Math.floor(Date.now() / 1000) + 2;
      await expect(
        sender.during({ phase: "reveal", jobId: 2n, deadline }, () => mint(sender, 4n)),
      ).rejects.toBeInstanceOf(PhaseClosedError);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/^reveal mint .*not mined before the reveal phase ended/);
    } finally {
      await dropAllPending(anvil.url);
      await test().setAutomine(true);
      sender.stop();
    }
    // The next transaction goes out with the nonce the chain expects.
    const next = new TxSender(client(), account, workerChain(31337, anvil.url), silentLogger, {
      pollMs: 50,
    });
    await next.init(5_000);
    expect((await mint(next, 5n)).status).toBe("success");
    next.stop();
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
