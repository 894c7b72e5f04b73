import type { Address } from "viem";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import { listProviders } from "../staking/listProviders.js";
import { type Ask, getAsk, getProviderRecord, type ProviderRecord } from "./getAsk.js";

export type PickAskParameters = {
  modelId: bigint | number;
  /** The most the requester pays: asks above it are skipped. */
  maxPrice: bigint;
  /** The job's collateral: asks whose `maxCollateral` is below it are skipped. */
  collateral?: bigint | undefined;
  /** The requester's floor, as `postJobWithAsk` will send it. */
  minReliabilityBps?: number | undefined;
  noConviction?: boolean | undefined;
  /** Candidates; default every provider the indexer lists (needs `graphqlUrl`). */
  providers?: readonly Address[] | undefined;
};
export type PickedAsk = Ask & { record: ProviderRecord };

export class NoAskError extends BaseError {
  override name = "NoAskError" as const;
}

/**
 * Chooses the ask to take off-chain, as the market expects (it checks only the one named): among
 * the candidates' takeable asks for the model within `maxPrice` and the job's collateral, and
 * whose provider meets the floor, the cheapest; ties go to the better record, then the one with
 * more room. Reads one ask and one record per candidate.
 */
export async function pickAsk(
  client: VerityCoreClient,
  parameters: PickAskParameters,
): Promise<PickedAsk> {
  const candidates =
    parameters.providers ??
    (await listProviders(client, { status: "Active", limit: 1000 })).items.map((p) => p.address);
  const seen = await Promise.all(
    candidates.map(async (provider) => {
      const [ask, record] = await Promise.all([
        getAsk(client, { provider, modelId: parameters.modelId }),
        getProviderRecord(client, { provider }),
      ]);
      return { ...ask, record };
    }),
  );
  const floor = parameters.minReliabilityBps ?? 0;
  const usable = seen.filter(
    (a) =>
      a.takeable &&
      a.price <= parameters.maxPrice &&
      (parameters.collateral === undefined || a.maxCollateral >= parameters.collateral) &&
      a.record.reliabilityBps >= floor &&
      !(parameters.noConviction && a.record.convicted > 0n),
  );
  usable.sort(
    (a, b) =>
      (a.price < b.price ? -1 : a.price > b.price ? 1 : 0) ||
      b.record.reliabilityBps - a.record.reliabilityBps ||
      b.capacity - b.active - (a.capacity - a.active),
  );
  const best = usable[0];
  if (best === undefined) {
    throw new NoAskError(
      `no takeable ask for model ${parameters.modelId} within ${parameters.maxPrice} among ${candidates.length} provider(s)`,
      {
        metaMessages: [
          "Post through the auction instead (postJob), or raise maxPrice, or lower the floor.",
        ],
      },
    );
  }
  return best;
}
