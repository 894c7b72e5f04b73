/**
 * Sends a contract write the same way for every action: simulate first (so a
 * revert is decoded before anything is signed), send (through the client's
 * `sender` when it has one, else the wallet client), wait for the receipt.
 */
import type { Account, Hash, TransactionReceipt, WriteContractParameters } from "viem";
import type { ContractWriteRequest, VerityCoreClient, VerityWalletClient } from "../../client.js";
import { toVerityError } from "../../errors/contract.js";
import { TransactionRevertedError, WalletRequiredError } from "../../errors/wallet.js";

export type WriteResult<result> = {
  hash: Hash;
  receipt: TransactionReceipt;
  /** What the function returned in the simulation. */
  result: result;
};

/** The wallet client and its account, or a WalletRequiredError naming the action. */
export function requireAccount(
  client: VerityCoreClient,
  action: string,
): { wallet: VerityWalletClient; account: Account } {
  const wallet = client.walletClient;
  const account = wallet?.account;
  if (wallet === undefined || account === undefined) throw new WalletRequiredError(action);
  return { wallet, account };
}

/**
 * `simulate` gets the sending account and must return viem's simulateContract
 * answer; its arguments are type-checked there, against the generated ABI.
 */
export async function write<result>(
  client: VerityCoreClient,
  action: string,
  simulate: (account: Account) => Promise<{ result: result; request: unknown }>,
): Promise<WriteResult<result>> {
  const { wallet, account } = requireAccount(client, action);
  let hash: Hash;
  let result: result;
  if (client.sender !== undefined) {
    let receipt: TransactionReceipt;
    try {
      const simulation = await simulate(account);
      result = simulation.result;
      receipt = await client.sender({
        ...(simulation.request as Omit<ContractWriteRequest, "action" | "account">),
        action,
        account,
      });
    } catch (error) {
      throw toVerityError(error, action);
    }
    if (receipt.status !== "success")
      throw new TransactionRevertedError(action, receipt.transactionHash);
    return { hash: receipt.transactionHash, receipt, result };
  }
  try {
    const simulation = await simulate(account);
    result = simulation.result;
    const request = simulation.request as WriteContractParameters;
    hash = await wallet.writeContract({
      ...request,
      account,
      chain: wallet.chain ?? client.publicClient.chain ?? null,
    } as WriteContractParameters);
  } catch (error) {
    throw toVerityError(error, action);
  }
  const receipt = await client.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new TransactionRevertedError(action, hash);
  return { hash, receipt, result };
}
