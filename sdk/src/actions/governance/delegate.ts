import type { Address, Hash } from "viem";
import { stakingAbi, verityTokenAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { requireAccount, write } from "../internal/write.js";

export type DelegateParameters = {
  /** Who votes with the wallet's tokens; defaults to the wallet itself. */
  delegatee?: Address | undefined;
  /** Liquid VRT ("token"), staked VRT ("stake"), or both (default). */
  source?: "token" | "stake" | "both" | undefined;
};
export type DelegateReturnType = { tokenHash: Hash | undefined; stakeHash: Hash | undefined };
export type DelegateErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * Delegates voting power. Liquid VRT votes only once delegated (to oneself
 * included); staked VRT delegates through the staking contract.
 */
export async function delegate(
  client: VerityCoreClient,
  parameters: DelegateParameters = {},
): Promise<DelegateReturnType> {
  const { account } = requireAccount(client, "delegate");
  const delegatee = parameters.delegatee ?? account.address;
  const source = parameters.source ?? "both";
  let tokenHash: Hash | undefined;
  let stakeHash: Hash | undefined;
  if (source !== "stake") {
    ({ hash: tokenHash } = await write(client, "delegate", (sender) =>
      client.publicClient.simulateContract({
        address: client.deployment.token,
        abi: verityTokenAbi,
        functionName: "delegate",
        args: [delegatee],
        account: sender,
      }),
    ));
  }
  if (source !== "token") {
    ({ hash: stakeHash } = await write(client, "delegate", (sender) =>
      client.publicClient.simulateContract({
        address: client.deployment.staking,
        abi: stakingAbi,
        functionName: "delegate",
        args: [delegatee],
        account: sender,
      }),
    ));
  }
  return { tokenHash, stakeHash };
}
