/**
 * Approves a spender for an ERC-20 amount when the current allowance is short:
 * the payment token for the job market, VRT for staking, the registry and bonds.
 */
import { type Address, erc20Abi, type Hash, maxUint256 } from "viem";
import type { VerityCoreClient } from "../../client.js";
import { requireAccount, write } from "./write.js";

/** `true` or "exact" approves exactly what is needed; "max" approves an unlimited amount; `false` never approves. */
export type ApproveMode = boolean | "exact" | "max";

export async function ensureAllowance(
  client: VerityCoreClient,
  parameters: {
    token: Address;
    spender: Address;
    amount: bigint;
    mode: ApproveMode;
    action: string;
  },
): Promise<Hash | undefined> {
  const { token, spender, amount, mode, action } = parameters;
  if (mode === false || amount === 0n) return undefined;
  const { account } = requireAccount(client, action);
  const allowance = await client.publicClient.readContract({
    address: token,
    abi: erc20Abi,
    functionName: "allowance",
    args: [account.address, spender],
  });
  if (allowance >= amount) return undefined;
  const value = mode === "max" ? maxUint256 : amount;
  const { hash } = await write(client, `${action} (approve)`, (sender) =>
    client.publicClient.simulateContract({
      address: token,
      abi: erc20Abi,
      functionName: "approve",
      args: [spender, value],
      account: sender,
    }),
  );
  return hash;
}
