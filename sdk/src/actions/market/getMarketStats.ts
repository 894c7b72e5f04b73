import type { VerityCoreClient } from "../../client.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import type { GraphqlErrorType } from "../../graphql/client.js";
import { marketQuery } from "../../graphql/documents.js";
import { type IndexedMarket, parseMarket } from "../../graphql/types.js";
import { queryIndexer } from "../internal/graphql.js";

export type GetMarketStatsParameters = Record<string, never> | undefined;
/** Market-wide totals; null before the first indexed market event. */
export type GetMarketStatsReturnType = IndexedMarket | null;
export type GetMarketStatsErrorType = GraphqlErrorType | GraphqlUrlRequiredErrorType;

/** Market-wide totals from the indexer: jobs, volume paid, fees, slashed stake. */
export async function getMarketStats(
  client: VerityCoreClient,
  _parameters?: GetMarketStatsParameters,
): Promise<GetMarketStatsReturnType> {
  const data = await queryIndexer<{ market: Record<string, unknown> | null }>(
    client,
    "getMarketStats",
    marketQuery,
  );
  return data.market === null ? null : parseMarket(data.market);
}
