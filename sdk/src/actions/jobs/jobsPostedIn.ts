import { type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";

/** One job a transaction posted, as its `JobPosted` log says. */
export type JobPostedInReceipt = {
  jobId: bigint;
  requester: Address;
  modelId: bigint;
  maxPrice: bigint;
  collateral: bigint;
  inputHash: `0x${string}`;
  commitDeadline: number;
  revealDeadline: number;
  logIndex: number;
};

/**
 * The jobs posted by a mined transaction, in log order, read from the `JobPosted` logs that the
 * job market at `jobMarket` emitted in `receipt`.
 *
 * This is how an externally owned account learns its job id: a contract gets it as the return
 * value of `postJob`, a transaction has no return value. Reading the id from the transaction's own
 * receipt has no race (unlike reading `jobCount()` before or after sending: other requesters post
 * in between). Two things matter, and this function does both: keep only logs whose emitter is the
 * job market (any contract can emit an event with the same signature in the same transaction),
 * and read the id from topic 1 of each log (one transaction can post several jobs: a multicall,
 * a consumer contract).
 */
export function jobsPostedIn(
  receipt: Pick<TransactionReceipt, "logs">,
  jobMarket: Address,
): JobPostedInReceipt[] {
  const logs = receipt.logs.filter((log) => isAddressEqual(log.address, jobMarket));
  return parseEventLogs({ abi: jobMarketAbi, eventName: "JobPosted", logs }).map((log) => ({
    jobId: log.args.jobId,
    requester: log.args.requester,
    modelId: log.args.modelId,
    maxPrice: log.args.request.maxPrice,
    collateral: log.args.collateral,
    inputHash: log.args.inputHash,
    commitDeadline: Number(log.args.commitDeadline),
    revealDeadline: Number(log.args.revealDeadline),
    logIndex: log.logIndex ?? 0,
  }));
}
