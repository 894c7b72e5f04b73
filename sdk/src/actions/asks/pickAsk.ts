import type { Address } from "viem";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import { DEFAULT_EXECUTION_WINDOW } from "../jobs/postJob.js";
import { listProviders } from "../staking/listProviders.js";
import { type Ask, getAsk, getProviderRecord, type ProviderRecord } from "./getAsk.js";

export type PickAskParameters = {
  modelId: bigint | number;
  /** The most the requester pays: asks above it are skipped. */
  maxPrice: bigint;
  /** The job's collateral: asks whose `maxCollateral` is below it are skipped. */
  collateral?: bigint | undefined;
  /**
   * The job's execution window (seconds), as `postJobWithAsk` will send it (default 600, as
   * there): asks whose `minExecutionWindow` is longer are skipped (the market would refuse them).
   */
  executionWindow?: number | bigint | undefined;
  /** The job's consumer, as `postJobWithAsk` will send it; none by default. */
  consumer?: Address | undefined;
  /**
   * The job's consumer callback gas, as `postJobWithAsk` will send it (default 0): with a
   * consumer, asks whose `maxCallbackGas` is below it are skipped. Without one the market counts
   * no callback gas, so it does not matter.
   */
  callbackGasLimit?: number | bigint | undefined;
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
 * the candidates' takeable asks for the model whose terms the job meets (price within `maxPrice`,
 * the job's collateral, its execution window at least the ask's `minExecutionWindow`, with a
 * consumer its callback gas at most the ask's `maxCallbackGas`), and whose provider meets the
 * floor, the cheapest; ties go to the better record, then the one with more room. Reads one ask
 * and one record per candidate. `NoAskError` says which terms ruled the asks out.
 */
export async function pickAsk(
  client: VerityCoreClient,
  parameters: PickAskParameters,
): Promise<PickedAsk> {
  const { usable, seen } = await usableAsks(client, parameters);
  const best = usable[0];
  if (best === undefined) throw noAsk(parameters, seen);
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
  const { usable, seen } = await usableAsks(client, parameters);
  const providers: Address[] = [];
  for (const ask of usable) {
    const free = Math.max(0, ask.capacity - ask.active);
    for (let i = 0; i < free && providers.length < parameters.count; i++)
      providers.push(ask.provider);
  }
  if (usable.length === 0) throw noAsk(parameters, seen);
  if (providers.length < parameters.count) {
    throw new NoAskError(
      `the takeable asks for model ${parameters.modelId} whose terms the jobs meet (within ${parameters.maxPrice}) have room for ${providers.length} job(s), not ${parameters.count}`,
      {
        metaMessages: [
          "Post fewer at once (the providers submit and free their room within a block or two), or post the rest through the auction.",
        ],
      },
    );
  }
  return providers;
}

/** Why an ask cannot take the job, term by term (none: it can). */
type Refusal = "untakeable" | "price" | "collateral" | "window" | "callbackGas" | "floor";

/** The request's terms an ask is checked against, as `postJobWithAsk` will send them. */
function termsOf(parameters: PickAskParameters) {
  const consumer = parameters.consumer;
  const hasConsumer =
    consumer !== undefined && consumer !== "0x0000000000000000000000000000000000000000";
  return {
    executionWindow: BigInt(parameters.executionWindow ?? DEFAULT_EXECUTION_WINDOW),
    // The market counts the callback's gas only with a consumer (without one it calls nothing).
    callbackGas: hasConsumer ? BigInt(parameters.callbackGasLimit ?? 0) : 0n,
    floor: parameters.minReliabilityBps ?? 0,
  };
}

function refusal(
  a: PickedAsk,
  parameters: PickAskParameters,
  terms: ReturnType<typeof termsOf>,
): Refusal | undefined {
  if (!a.takeable) return "untakeable";
  if (a.price > parameters.maxPrice) return "price";
  if (parameters.collateral !== undefined && a.maxCollateral < parameters.collateral)
    return "collateral";
  if (BigInt(a.minExecutionWindow) > terms.executionWindow) return "window";
  if (BigInt(a.maxCallbackGas) < terms.callbackGas) return "callbackGas";
  if (a.record.reliabilityBps < terms.floor || (parameters.noConviction && a.record.convicted > 0n))
    return "floor";
  return undefined;
}

async function usableAsks(client: VerityCoreClient, parameters: PickAskParameters) {
  const candidates =
    parameters.providers ??
    (await listProviders(client, { status: "Active", limit: 1000 })).items.map((p) => p.address);
  const seen: PickedAsk[] = await Promise.all(
    candidates.map(async (provider) => {
      const [ask, record] = await Promise.all([
        getAsk(client, { provider, modelId: parameters.modelId }),
        getProviderRecord(client, { provider }),
      ]);
      return { ...ask, record };
    }),
  );
  const terms = termsOf(parameters);
  const usable = seen.filter((a) => refusal(a, parameters, terms) === undefined);
  usable.sort(
    (a, b) =>
      (a.price < b.price ? -1 : a.price > b.price ? 1 : 0) ||
      b.record.reliabilityBps - a.record.reliabilityBps ||
      b.capacity - b.active - (a.capacity - a.active),
  );
  return { usable, seen };
}

/**
 * No ask can take the job: says how many candidates each term ruled out (each counted once, under
 * the first term it fails) and what to change.
 */
function noAsk(parameters: PickAskParameters, seen: readonly PickedAsk[]): NoAskError {
  const terms = termsOf(parameters);
  const refused = new Map<Refusal, PickedAsk[]>();
  for (const a of seen) {
    const why = refusal(a, parameters, terms);
    if (why !== undefined) refused.set(why, [...(refused.get(why) ?? []), a]);
  }
  const reasons: string[] = [];
  const price = refused.get("price");
  if (price !== undefined)
    reasons.push(
      `${price.length} ask(s) above maxPrice ${parameters.maxPrice} (the cheapest asks ${min(price.map((a) => a.price))}): raise maxPrice.`,
    );
  const collateral = refused.get("collateral");
  if (collateral !== undefined)
    reasons.push(
      `${collateral.length} ask(s) let a job lock less than its collateral ${parameters.collateral}: lower minCollateral or maxPrice.`,
    );
  const window = refused.get("window");
  if (window !== undefined) {
    const shortest = min(window.map((a) => BigInt(a.minExecutionWindow)));
    reasons.push(
      `${window.length} ask(s) need a longer execution window than ${terms.executionWindow} s: post with executionWindow (verity job post --window) of at least ${shortest} s, or pick another ask.`,
    );
  }
  const gas = refused.get("callbackGas");
  if (gas !== undefined)
    reasons.push(
      `${gas.length} ask(s) allow less consumer callback gas than ${terms.callbackGas} (the most any allows is ${max(gas.map((a) => BigInt(a.maxCallbackGas)))}): lower callbackGasLimit, or post through the auction.`,
    );
  const floor = refused.get("floor");
  if (floor !== undefined)
    reasons.push(`${floor.length} provider(s) below the reliability floor: lower the floor.`);
  const untakeable = refused.get("untakeable");
  if (untakeable !== undefined)
    reasons.push(`${untakeable.length} provider(s) with no ask, an expired or a full one.`);
  return new NoAskError(
    `no ask for model ${parameters.modelId} whose terms the job meets among ${seen.length} provider(s)`,
    { metaMessages: [...reasons, "Or post through the auction instead (postJob)."] },
  );
}

/** The values in ascending order (bigints: Math.min and Math.max take numbers only). */
const ascending = (values: readonly bigint[]) =>
  [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const min = (values: readonly bigint[]) => ascending(values)[0];
const max = (values: readonly bigint[]) => ascending(values).at(-1);
