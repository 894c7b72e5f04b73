import { type Address, type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { type ApproveMode, ensureAllowance } from "../internal/approve.js";
import { write } from "../internal/write.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type DelegateStakeParameters = {
  /** The registered provider to back. */
  provider: Address;
  /** Protocol-token (VRT) wei to delegate. */
  amount: bigint;
  /** Approve the delegation pool for `amount` of VRT when needed; default true (exact). */
  approve?: ApproveMode | undefined;
};
export type DelegateStakeReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  approvalHash: Hash | undefined;
  /** Active shares of the provider's pool received (rounded down, in the pool's favour). */
  shares: bigint;
};
export type DelegateStakeErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Delegates VRT to a provider's pool: it adds to the provider's capacity, earns the provider's
 * delegator share of its job earnings, and is slashed after the provider's own stake. Its votes stay
 * with the wallet (or the delegate it chose). Not to be confused with `delegate`, which delegates votes.
 */
export async function delegateStake(
  client: VerityCoreClient,
  { provider, amount, approve = true }: DelegateStakeParameters,
): Promise<DelegateStakeReturnType> {
  const pool = await delegationPoolAddress(client);
  const approvalHash = await ensureAllowance(client, {
    token: client.deployment.token,
    spender: pool,
    amount,
    mode: approve,
    action: "delegateStake",
  });
  const { hash, receipt } = await write(client, "delegateStake", (account) =>
    client.publicClient.simulateContract({
      address: pool,
      abi: delegationPoolAbi,
      functionName: "delegate",
      args: [provider, amount],
      account,
    }),
  );
  const [event] = parseEventLogs({
    abi: delegationPoolAbi,
    eventName: "Delegated",
    logs: receipt.logs,
  });
  return { hash, receipt, approvalHash, shares: event?.args.shares ?? 0n };
}
