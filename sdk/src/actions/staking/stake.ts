import type { Hash, TransactionReceipt } from "viem";
import { stakingAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { type ApproveMode, ensureAllowance } from "../internal/approve.js";
import { write } from "../internal/write.js";

export type StakeParameters = {
  /** Protocol-token (VRT) wei to bond. */
  amount: bigint;
  /** Approve the staking contract for `amount` of VRT when needed; default true (exact). */
  approve?: ApproveMode | undefined;
};
export type StakeReturnType = {
  hash: Hash;
  receipt: TransactionReceipt;
  approvalHash: Hash | undefined;
};
export type StakeErrorType = VerityContractErrorType | WalletRequiredErrorType;

/** Bonds protocol tokens as stake, approving them first if needed. Stake keeps its voting power. */
export async function stake(
  client: VerityCoreClient,
  { amount, approve = true }: StakeParameters,
): Promise<StakeReturnType> {
  const approvalHash = await ensureAllowance(client, {
    token: client.deployment.token,
    spender: client.deployment.staking,
    amount,
    mode: approve,
    action: "stake",
  });
  const { hash, receipt } = await write(client, "stake", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.staking,
      abi: stakingAbi,
      functionName: "stake",
      args: [amount],
      account,
    }),
  );
  return { hash, receipt, approvalHash };
}
