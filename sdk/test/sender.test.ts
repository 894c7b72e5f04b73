import { fund } from "@verity/cli/devnet/fund";
import { startTestChain, type TestChain } from "@verity/cli/test/chain";
import {
  type ContractWriteRequest,
  claimableBond,
  createVerityClient,
  getBidCommitment,
  isVerityContractError,
} from "@verity/sdk";
import { parseUnits, type TransactionReceipt } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let chain: TestChain;

beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});

describe("a client with its own TransactionSender", () => {
  it("simulates in the SDK, sends through the sender, and decodes reverts", async () => {
    const base = chain.client("providerB");
    const wallet = base.walletClient;
    if (wallet?.account === undefined) throw new Error("no wallet");
    await fund(chain.client("deployer"), {
      to: wallet.account.address,
      vrt: parseUnits("500", 18),
    });
    const sent: ContractWriteRequest[] = [];
    // A sender as the worker's: sign and send by its own means, resolve to the receipt.
    const client = createVerityClient({
      publicClient: base.publicClient,
      walletClient: wallet,
      deployment: base.deployment,
      sender: async (request): Promise<TransactionReceipt> => {
        sent.push(request);
        const { action: _, ...call } = request;
        const hash = await wallet.writeContract({ ...call, chain: wallet.chain ?? null } as never);
        return base.publicClient.waitForTransactionReceipt({ hash });
      },
    });

    const registered = await client.register({ metadata: "{}" });
    expect(registered.receipt.status).toBe("success");
    expect(sent.map((r) => [r.action, r.functionName])).toEqual([["register", "register"]]);
    expect(sent[0]?.account.address).toBe(wallet.account.address);

    // A revert is decoded in the simulation: nothing reaches the sender.
    const again = await client.register({ metadata: "{}" }).catch((e: unknown) => e);
    expect(isVerityContractError(again, "StakingAlreadyRegistered")).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it("reads a bidder's commitment and the bonds it may claim", async () => {
    const client = chain.client("providerB");
    const address = client.walletClient?.account?.address;
    expect(await getBidCommitment(client, { jobId: 1n, bidder: address })).toMatch(/^0x0{64}$/);
    if (client.deployment.disputeGame !== undefined)
      expect(await claimableBond(client, { account: address })).toBe(0n);
  });
});
