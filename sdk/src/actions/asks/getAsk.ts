import type { Address } from "viem";
import { askBookAbi, jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { askBookAddress } from "./askBookAddress.js";

export type GetAskParameters = { provider: Address; modelId: bigint | number };
export type Ask = {
  provider: Address;
  modelId: bigint;
  /** Payment-token wei per job. */
  price: bigint;
  capacity: number;
  /** Jobs taken and not yet submitted (or reported late). */
  active: number;
  /** Last unix second at which it can be taken. */
  expiry: number;
  /** Most collateral (VRT wei) one job may lock through it. */
  maxCollateral: bigint;
  /** Shortest execution window (seconds) a job taking it may give: a shorter one is refused. */
  minExecutionWindow: number;
  /** Most consumer callback gas a job taking it may ask for (0: no job with a consumer). */
  maxCallbackGas: number;
  /** Published, not expired at the latest block and with room for one more job. */
  takeable: boolean;
};

export type ProviderRecord = {
  completed: bigint;
  missed: bigint;
  convicted: bigint;
  missedInARow: bigint;
  /** Completed share of ended jobs in basis points (10,000 with no ended job, as the market counts it). */
  reliabilityBps: number;
};

/** A provider's ask for a model (all zero when it has none). */
export async function getAsk(
  client: VerityCoreClient,
  { provider, modelId }: GetAskParameters,
): Promise<Ask> {
  const [book, block] = await Promise.all([
    askBookAddress(client),
    client.publicClient.getBlock({ blockTag: "latest" }),
  ]);
  const ask = await client.publicClient.readContract({
    address: book,
    abi: askBookAbi,
    functionName: "askOf",
    args: [provider, BigInt(modelId)],
  });
  return {
    provider,
    modelId: BigInt(modelId),
    price: ask.price,
    capacity: ask.capacity,
    active: ask.active,
    expiry: ask.expiry,
    maxCollateral: ask.maxCollateral,
    minExecutionWindow: ask.minExecutionWindow,
    maxCallbackGas: ask.maxCallbackGas,
    takeable:
      ask.capacity > 0 && block.timestamp <= BigInt(ask.expiry) && ask.active < ask.capacity,
  };
}

/** A provider's on-chain record: what a requester's reliability floor is checked against. */
export async function getProviderRecord(
  client: VerityCoreClient,
  { provider }: { provider: Address },
): Promise<ProviderRecord> {
  const r = await client.publicClient.readContract({
    address: client.deployment.jobMarket,
    abi: jobMarketAbi,
    functionName: "recordOf",
    args: [provider],
  });
  const ended = r.completed + r.missed + r.convicted;
  return {
    completed: r.completed,
    missed: r.missed,
    convicted: r.convicted,
    missedInARow: r.missedInARow,
    reliabilityBps: ended === 0n ? 10_000 : Number((r.completed * 10_000n) / ended),
  };
}
