import type { Address, Hex } from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import type { VerityContractErrorType } from "../../errors/contract.js";

export type GetSettlementParameters = { jobId: bigint };

/** How a finalized job's escrow was split (its JobFinalized event), in payment-token wei. */
export type JobSettlement = {
  jobId: bigint;
  provider: Address;
  /** Credited to the provider: the winning price less the protocol fee. */
  payment: bigint;
  /** Credited to the treasury: `protocolFeeBps` of the price. */
  fee: bigint;
  /** Credited back to the requester: the escrowed maximum less the price. */
  refund: bigint;
  blockNumber: bigint;
  transactionHash: Hex;
};
export type GetSettlementReturnType = JobSettlement | undefined;
export type GetSettlementErrorType = VerityContractErrorType;

/** The split of a finalized job's escrow (provider, fee, refund); undefined before finalization. */
export async function getSettlement(
  client: VerityCoreClient,
  { jobId }: GetSettlementParameters,
): Promise<GetSettlementReturnType> {
  const [event] = await client.publicClient.getContractEvents({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    eventName: "JobFinalized",
    args: { jobId },
    fromBlock: BigInt(client.deployment.startBlock),
    strict: true,
  });
  if (event === undefined) return undefined;
  const { provider, payment, fee, refund } = event.args;
  return {
    jobId,
    provider,
    payment,
    fee,
    refund,
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
  };
}
