/**
 * Protocol reads the SDK does not offer yet (its getParameters predates the bid floor, and it has
 * no action for the market's per-provider and per-job counters). Each is one view call through the
 * generated ABIs; they move into the SDK as actions when it grows them.
 */
import { disputeGameAbi, jobMarketAbi, parametersAbi } from "@verity/sdk/abis";
import type { Address } from "viem";
import type { WorkerContext } from "../node/context.js";

type Reader = Pick<WorkerContext, "client" | "sdk">;

/** The bid floor as a share of the job's maximum price, in basis points. */
export async function readMinBidBps(ctx: Reader): Promise<number> {
  return ctx.client.readContract({
    address: ctx.sdk.deployment.parameters,
    abi: parametersAbi,
    functionName: "minBidBps",
  });
}

/** Deadlines `provider` missed in a row since its last finalized job (the liveness slash doubles with each). */
export async function readMissedDeadlines(ctx: Reader, provider: Address): Promise<bigint> {
  return ctx.client.readContract({
    address: ctx.sdk.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "missedDeadlines",
    args: [provider],
  });
}

/** Disputes of the job's current round still running. */
export async function readOpenDisputes(ctx: Reader, jobId: bigint): Promise<bigint> {
  return ctx.client.readContract({
    address: ctx.sdk.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "openDisputes",
    args: [jobId],
  });
}

/** The auction round whose result a dispute disputes (the SDK's Dispute does not carry it). */
export async function readDisputeRound(ctx: Reader, disputeId: bigint): Promise<number> {
  const game = ctx.sdk.deployment.disputeGame;
  if (game === undefined) throw new Error("no dispute game in the deployment");
  const dispute = await ctx.client.readContract({
    address: game,
    abi: disputeGameAbi,
    functionName: "getDispute",
    args: [disputeId],
  });
  return dispute.round;
}
