import {
  type Address,
  type Hash,
  type Hex,
  isAddressEqual,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { ensureAllowance } from "../internal/approve.js";
import { write } from "../internal/write.js";
import { jobsPostedIn } from "../jobs/jobsPostedIn.js";
import { InvalidJobInputError, type PostJobParameters, postJobChecks } from "../jobs/postJob.js";

export type PostJobWithAskParameters = Omit<PostJobParameters, "inputUri" | "inputHash"> & {
  /** Inline input bytes (the fast path takes no URI input). */
  input: Hex | Uint8Array;
  /** Whose standing ask to take (see `getAsk`; `pickAsk` chooses among several). */
  provider: Address;
};
export type PostJobWithAskReturnType = {
  jobId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  inputHash: Hex;
  provider: Address;
  /** The ask's price; the rest of `maxPrice` is refunded when the job ends. */
  price: bigint;
  collateral: bigint;
  /** The execution deadline (unix seconds), running from this transaction. */
  deadline: number;
  approvalHash: Hash | undefined;
};
export type PostJobWithAskErrorType = VerityContractErrorType | WalletRequiredErrorType;

/**
 * The fast path: posts a job that takes `provider`'s standing ask in the same transaction. The
 * job is Assigned at once at the ask's price, the provider's collateral locked as an auction
 * winner's would be, and its execution deadline starts; no auction windows. The market refuses
 * a job that does not meet the ask's terms: its price above `maxPrice` (`AskBookPriceAboveMax`),
 * a collateral above the ask's `maxCollateral`, an `executionWindow` shorter than its
 * `minExecutionWindow` (`AskBookWindowTooShort`), or, with a consumer, a `callbackGasLimit` above
 * its `maxCallbackGas` (`AskBookCallbackGasAboveMax`). `pickAsk` chooses only asks the job meets.
 */
export async function postJobWithAsk(
  client: VerityCoreClient,
  parameters: PostJobWithAskParameters,
): Promise<PostJobWithAskReturnType> {
  const call = await postJobChecks(client, parameters);
  if (call.input === undefined)
    throw new InvalidJobInputError("the fast path needs an inline input");
  const input = call.input;
  const approvalHash = await ensureAllowance(client, {
    token: client.deployment.paymentToken,
    spender: client.deployment.jobMarket,
    amount: call.request.maxPrice,
    mode: parameters.approve ?? true,
    action: "postJobWithAsk",
  });
  const { hash, receipt, result } = await write(client, "postJobWithAsk", (account) =>
    client.publicClient.simulateContract({
      address: client.deployment.jobMarket,
      abi: jobMarketAbi,
      functionName: "postJobWithAsk",
      args: [call.request, input, parameters.provider],
      account,
    }),
  );
  const [posted] = jobsPostedIn(receipt, client.deployment.jobMarket);
  const [assigned] = parseEventLogs({
    abi: jobMarketAbi,
    eventName: "JobAssigned",
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, client.deployment.jobMarket)),
  });
  return {
    jobId: posted?.jobId ?? result,
    hash,
    receipt,
    inputHash: call.inputHash,
    provider: parameters.provider,
    price: assigned?.args.price ?? 0n,
    collateral: assigned?.args.collateral ?? posted?.collateral ?? 0n,
    deadline: Number(assigned?.args.executionDeadline ?? 0n),
    approvalHash,
  };
}
