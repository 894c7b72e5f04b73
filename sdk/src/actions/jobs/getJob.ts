import type { Address, Hex } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { type JobStatusName, jobStatusName } from "./jobStatus.js";

export type GetJobParameters = {
  jobId: bigint;
  /**
   * Read the job as of this block rather than the node's latest: a node that does not have the
   * block fails the read instead of answering from an older state (a lagging replica).
   */
  blockNumber?: bigint;
};

/** A job as the job market stores it, with its status by name and times as unix seconds. */
export type Job = {
  id: bigint;
  requester: Address;
  modelId: bigint;
  status: JobStatusName;
  /** Auction round, 0 for the first. */
  round: number;
  reauction: boolean;
  outputInline: boolean;
  commitCount: number;
  /** Escrowed maximum price, in payment-token wei. */
  maxPrice: bigint;
  /**
   * Protocol-token collateral every bidder locks at commit and the winner keeps locked until the
   * job ends: fixed at post for every round, as max(ceil(maxPrice × collateralRatio / 1e18),
   * minJobCollateral, the request's minCollateral).
   */
  collateral: bigint;
  commitDeadline: number;
  revealDeadline: number;
  /** The winner (the leading bidder while bidding), or undefined. */
  provider: Address | undefined;
  /** The winning (or leading) bid. */
  price: bigint;
  consumer: Address | undefined;
  callbackGasLimit: number;
  /** Execution deadline (Assigned), or the challenge deadline (Submitted and Disputed: disputes never move it). */
  deadline: number;
  executionWindow: number;
  inputHash: Hex;
  /** keccak256(outputHash ++ traceRoot) once a result is submitted. */
  resultHash: Hex;
};

export type GetJobReturnType = Job;
export type GetJobErrorType = VerityContractErrorType;

const zeroAddress = "0x0000000000000000000000000000000000000000";

/** Reads a job from the job market (reverts with MarketUnknownJob when there is none). */
export async function getJob(
  client: VerityCoreClient,
  { jobId, blockNumber }: GetJobParameters,
): Promise<GetJobReturnType> {
  let raw: Awaited<ReturnType<typeof readJob>>;
  try {
    raw = await readJob(client, jobId, blockNumber);
  } catch (error) {
    throw toVerityError(error, "getJob");
  }
  return {
    id: jobId,
    requester: raw.requester,
    modelId: BigInt(raw.modelId),
    status: jobStatusName(raw.status),
    round: raw.round,
    reauction: raw.reauction,
    outputInline: raw.outputInline,
    commitCount: raw.commitCount,
    maxPrice: raw.maxPrice,
    collateral: raw.collateral,
    commitDeadline: raw.commitDeadline,
    revealDeadline: raw.revealDeadline,
    provider: raw.provider === zeroAddress ? undefined : raw.provider,
    price: raw.price,
    consumer: raw.consumer === zeroAddress ? undefined : raw.consumer,
    callbackGasLimit: raw.callbackGasLimit,
    deadline: raw.deadline,
    executionWindow: raw.executionWindow,
    inputHash: raw.inputHash,
    resultHash: raw.resultHash,
  };
}

function readJob(client: VerityCoreClient, jobId: bigint, blockNumber?: bigint) {
  return client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "getJob",
    args: [jobId],
    ...(blockNumber !== undefined ? { blockNumber } : {}),
  });
}
