/**
 * A test wallet for the page: an EIP-1193 provider at `window.ethereum` whose accounts are one
 * devnet key. It signs transactions in the test process (the key never enters the page) and
 * forwards every other request to the devnet's RPC.
 */
import type { Page } from "playwright-core";
import { createPublicClient, createWalletClient, type Hex, http, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

type RpcTransaction = { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };

export async function injectWallet(
  page: Page,
  parameters: { rpcUrl: string; chainId: number; privateKey: Hex },
): Promise<void> {
  const account = privateKeyToAccount(parameters.privateKey);
  const transport = http(parameters.rpcUrl);
  const wallet = createWalletClient({ account, transport });
  const publicClient = createPublicClient({ transport });
  await page.exposeFunction("__verityTestWallet", async (method: string, params: unknown[]) => {
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return [account.address];
      case "eth_chainId":
        return toHex(parameters.chainId);
      case "eth_sendTransaction": {
        const tx = params[0] as RpcTransaction;
        return wallet.sendTransaction({
          chain: null,
          to: tx.to,
          data: tx.data,
          value: tx.value === undefined ? undefined : BigInt(tx.value),
          gas: tx.gas === undefined ? undefined : BigInt(tx.gas),
        });
      }
      default:
        return publicClient.request({ method, params } as never);
    }
  });
  await page.addInitScript(() => {
    const bridge = (
      window as unknown as { __verityTestWallet: (m: string, p: unknown[]) => Promise<unknown> }
    ).__verityTestWallet;
    (window as unknown as { ethereum: unknown }).ethereum = {
      request: ({ method, params }: { method: string; params?: unknown[] }) =>
        bridge(method, params ?? []),
      on() {},
      removeListener() {},
    };
  });
}
