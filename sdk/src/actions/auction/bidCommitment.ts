import { type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";
import type { VerityCoreClient } from "../../client.js";
import { getJob } from "../jobs/getJob.js";

export type BidCommitmentParameters = {
  jobId: bigint;
  /** Bid price in payment-token wei. */
  price: bigint;
  /** A secret 32-byte salt; keep it until the reveal. */
  salt: Hex;
  /** The auction round; defaults to the job's current round. */
  round?: number | undefined;
  /** The bidder; defaults to the wallet account. */
  bidder?: Address | undefined;
};
export type BidCommitmentReturnType = Hex;

/** The commitment a sealed bid commits to, as JobMarket.bidCommitment computes it. */
export function computeBidCommitment(parameters: {
  jobId: bigint;
  round: number;
  bidder: Address;
  price: bigint;
  salt: Hex;
}): Hex {
  const { jobId, round, bidder, price, salt } = parameters;
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "uint8" },
        { type: "address" },
        { type: "uint256" },
        { type: "bytes32" },
      ],
      [jobId, round, bidder, price, salt],
    ),
  );
}

/**
 * The commitment for a bid on `jobId`, computed locally (the contract's
 * `bidCommitment` is pure): reads the job's round and uses the wallet's address
 * unless they are given.
 */
export async function bidCommitment(
  client: VerityCoreClient,
  parameters: BidCommitmentParameters,
): Promise<BidCommitmentReturnType> {
  const round = parameters.round ?? (await getJob(client, { jobId: parameters.jobId })).round;
  const bidder = parameters.bidder ?? client.walletClient?.account?.address;
  if (bidder === undefined) throw new TypeError("bidCommitment needs `bidder` or a wallet account");
  return computeBidCommitment({ ...parameters, round, bidder });
}
