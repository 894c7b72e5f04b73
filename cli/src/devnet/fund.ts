/**
 * Devnet funding: VRT from the deployer (who holds the supply), tUSD minted by
 * the test stablecoin's open faucet, and ether where an account has none.
 */
import {
  TransactionRevertedError,
  testStablecoinAbi,
  toVerityError,
  type VerityCoreClient,
  verityTokenAbi,
  WalletRequiredError,
} from "@verity/sdk";
import type { Address, Hash, TransactionReceipt } from "viem";

export type FundParameters = {
  to: Address;
  /** VRT wei to transfer from the deployer. */
  vrt?: bigint | undefined;
  /** tUSD wei to mint. */
  usd?: bigint | undefined;
};

/** `deployer` must be a client of the account that holds the VRT supply. */
export async function fund(
  deployer: VerityCoreClient,
  { to, vrt, usd }: FundParameters,
): Promise<void> {
  const wallet = deployer.walletClient;
  const account = wallet?.account;
  if (wallet === undefined || account === undefined) throw new WalletRequiredError("fund");
  const chain = wallet.chain ?? deployer.publicClient.chain ?? null;
  const { deployment, publicClient } = deployer;
  // Sent without a simulation: these calls cannot revert on a devnet but for a wrong deployer.
  const confirmed = async (action: string, send: () => Promise<Hash>): Promise<void> => {
    let receipt: TransactionReceipt;
    try {
      receipt = await publicClient.waitForTransactionReceipt({ hash: await send() });
    } catch (error) {
      throw toVerityError(error, action);
    }
    if (receipt.status !== "success")
      throw new TransactionRevertedError(action, receipt.transactionHash);
  };
  if (vrt !== undefined && vrt > 0n) {
    await confirmed("transfer VRT", () =>
      wallet.writeContract({
        address: deployment.token,
        abi: verityTokenAbi,
        functionName: "transfer",
        args: [to, vrt],
        account,
        chain,
      }),
    );
  }
  if (usd !== undefined && usd > 0n) {
    await confirmed("mint tUSD", () =>
      wallet.writeContract({
        address: deployment.paymentToken,
        abi: testStablecoinAbi,
        functionName: "mint",
        args: [to, usd],
        account,
        chain,
      }),
    );
  }
}
