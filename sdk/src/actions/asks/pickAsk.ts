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
  const { usable, candidates } = await usableAsks(client, parameters);
  const best = usable[0];
  if (best === undefined) throw noAsk(parameters, candidates);
  return best;
}

/**
 * Chooses asks for `count` jobs at once (a batch for `postJobs`): the asks in `pickAsk`'s order,
 * each filled up to its free capacity (capacity less the jobs it holds), so that no post of the
 * batch meets a full ask. One provider per job, in that order; `NoAskError` when the asks'
 * free capacity, all together, is short of `count`.
 */
export async function pickAsks(
  client: VerityCoreClient,
  parameters: PickAskParameters & { count: number },
): Promise<Address[]> {
  const { usable, candidates } = await usableAsks(client, parameters);
  const providers: Address[] = [];
  for (const ask of usable) {
    const free = Math.max(0, ask.capacity - ask.active);
    for (let i = 0; i < free && providers.length < parameters.count; i++)
      providers.push(ask.provider);
  }
  if (usable.length === 0) throw noAsk(parameters, candidates);
  if (providers.length < parameters.count) {
    throw new NoAskError(
      `the takeable asks for model ${parameters.modelId} within ${parameters.maxPrice} have room for ${providers.length} job(s), not ${parameters.count}`,
      {
        metaMessages: [
          "Post fewer at once (the providers submit and free their room within a block or two), or post the rest through the auction.",
        ],
      },
    );
  }
  return providers;
}

async function usableAsks(client: VerityCoreClient, parameters: PickAskParameters) {
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
  return { usable, candidates };
}

function noAsk(parameters: PickAskParameters, candidates: readonly Address[]): NoAskError {
  return new NoAskError(
    `no takeable ask for model ${parameters.modelId} within ${parameters.maxPrice} among ${candidates.length} provider(s)`,
    {
      metaMessages: [
        "Post through the auction instead (postJob), or raise maxPrice, or lower the floor.",
      ],
    },
  );
}
