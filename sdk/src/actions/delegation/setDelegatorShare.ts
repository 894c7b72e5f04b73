import { type Hash, parseEventLogs, type TransactionReceipt } from "viem";
import { delegationPoolAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { write } from "../internal/write.js";
import { delegationPoolAddress } from "./poolAddress.js";

export type SetDelegatorShareParameters = {
  /** The share of the wallet's job earnings paid to its delegators, in basis points (0..10000). */
  bps: number;
};
export type SetDelegatorShareReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  /**
   * Unix seconds when the share applies: now for a raise, one unbonding delay later for a cut (so
   * that delegators can leave first).
   */
  effectiveAt: number;
  /** Whether the change waits (a cut). */
  scheduled: boolean;
};
export type SetDelegatorShareErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Sets the wallet's (a provider's) delegator share: a raise applies at once, a cut after a delay. */
export async function setDelegatorShare(
  client: VerityCoreClient,
  { bps }: SetDelegatorShareParameters,
): Promise<SetDelegatorShareReturnType> {
  const pool = await delegationPoolAddress(client);
  const { hash, receipt } = await write(client, "setDelegatorShare", (account) =>
    client.publicClient.simulateContract({
      address: pool,
      abi: delegationPoolAbi,
      functionName: "setDelegatorShare",
      args: [bps],
      account,
    }),
  );
  const [scheduled] = parseEventLogs({
    abi: delegationPoolAbi,
    eventName: "DelegatorShareScheduled",
    logs: receipt.logs,
  });
  if (scheduled !== undefined) {
    return { hash, receipt, effectiveAt: Number(scheduled.args.effectiveAt), scheduled: true };
  }
  const block = await client.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return { hash, receipt, effectiveAt: Number(block.timestamp), scheduled: false };
}
