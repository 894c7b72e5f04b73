/** The serialized sender against a real anvil: nonces, reverts, and a nonce taken behind its back. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { testStablecoinAbi } from "@verity/sdk/abis";
import { type Address, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerClient, workerChain } from "../../src/chain/clients.js";
import { TxSender } from "../../src/chain/sender.js";
import { ContractRevertError, NonceConflictError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { ANVIL_KEYS, type Anvil, ROOT, startAnvil } from "../helpers/anvil.js";

describe("transaction sender", () => {
  let anvil: Anvil;
  let token: Address;
  let sender: TxSender;
  const account = privateKeyToAccount(ANVIL_KEYS[5] as Hex);
  const client = () => createWorkerClient(anvil.url, workerChain(31337, anvil.url));
  const mint = (amount: bigint) =>
    sender.send("mint", {
      address: token,
      abi: testStablecoinAbi,
      functionName: "mint",
      args: [account.address, amount],
    });

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
    sender = new TxSender(client(), account, workerChain(31337, anvil.url), silentLogger, {
      pollMs: 50,
    });
    await sender.init();
  });

  afterAll(async () => {
    sender?.stop();
    await anvil?.stop();
  });

  it("sends concurrent transactions with consecutive nonces", async () => {
    const receipts = await Promise.all([mint(1n), mint(2n), mint(3n)]);
    const txs = await Promise.all(
      receipts.map((r) => client().getTransaction({ hash: r.transactionHash })),
    );
    expect(txs.map((t) => t.nonce)).toEqual([0, 1, 2]);
    expect(receipts.every((r) => r.status === "success")).toBe(true);
  });

  it("does not spend a nonce on a call that would revert", async () => {
    await expect(
      sender.send("transfer", {
        address: token,
        abi: testStablecoinAbi,
        functionName: "transfer",
        args: [token, 10n ** 30n],
      }),
    ).rejects.toSatisfy(
      (e) => e instanceof ContractRevertError && e.errorName === "ERC20InsufficientBalance",
    );
    const receipt = await mint(4n);
    expect((await client().getTransaction({ hash: receipt.transactionHash })).nonce).toBe(3);
  });

  it("reconciles with the chain when another transaction took its nonce", async () => {
    const wallet = createWalletClient({ chain: foundry, transport: http(anvil.url), account });
    await client().waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: token,
        abi: testStablecoinAbi,
        functionName: "mint",
        args: [account.address, 5n],
      }),
    });
    await expect(mint(6n)).rejects.toBeInstanceOf(NonceConflictError);
    const receipt = await mint(7n);
    expect((await client().getTransaction({ hash: receipt.transactionHash })).nonce).toBe(5);
  });
});
