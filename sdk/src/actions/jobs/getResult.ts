import { type Address, encodePacked, type Hex, keccak256 } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import { getJob, type Job } from "./getJob.js";

export type GetResultParameters = {
  jobId: bigint;
  /** The job if already read, to save a call. */
  job?: Job | undefined;
};

/** A submitted result, from its ResultSubmitted event. */
export type JobResult = {
  jobId: bigint;
  provider: Address;
  /** The output bytes when submitted inline, else undefined (see `outputUri`). */
  output: Hex | undefined;
  outputUri: string | undefined;
  outputHash: Hex;
  traceRoot: Hex;
  /** Until when (unix seconds) the result could be challenged, as set at submission. */
  challengeDeadline: number;
  blockNumber: bigint;
  transactionHash: Hex;
};

export type GetResultReturnType = JobResult | undefined;
export type GetResultErrorType = VerityContractErrorType;

/**
 * The result currently standing for a job: the ResultSubmitted event whose
 * output hash and trace root hash to the job's stored result hash (so a result
 * from an earlier, rejected round is never returned). Undefined before submission.
 */
export async function getResult(
  client: VerityCoreClient,
  { jobId, job }: GetResultParameters,
): Promise<GetResultReturnType> {
  const current = job ?? (await getJob(client, { jobId }));
  if (/^0x0+$/.test(current.resultHash)) return undefined;
  const events = await client.publicClient.getContractEvents({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    eventName: "ResultSubmitted",
    args: { jobId },
    fromBlock: BigInt(client.deployment.startBlock),
    strict: true,
  });
  for (const event of events.reverse()) {
    const { outputHash, traceRoot, output, outputUri, provider, challengeDeadline } = event.args;
    const resultHash = keccak256(encodePacked(["bytes32", "bytes32"], [outputHash, traceRoot]));
    if (resultHash !== current.resultHash) continue;
    return {
      jobId,
      provider,
      output: output === "0x" && outputUri !== "" ? undefined : output,
      outputUri: outputUri === "" ? undefined : outputUri,
      outputHash,
      traceRoot,
      challengeDeadline: Number(challengeDeadline),
      blockNumber: event.blockNumber,
      transactionHash: event.transactionHash,
    };
  }
  return undefined;
}
