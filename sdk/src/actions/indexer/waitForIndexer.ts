import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import type { GraphqlUrlRequiredErrorType } from "../../errors/graphql.js";
import { GraphqlError } from "../../graphql/client.js";
import { indexerStatusQuery } from "../../graphql/documents.js";
import { queryIndexer } from "../internal/graphql.js";

export type WaitForIndexerParameters = {
  /** Block to wait for; default the chain's latest block when called. */
  blockNumber?: bigint | undefined;
  /** Default 30 000 ms. */
  timeout?: number | undefined;
  /** Default 250 ms. */
  pollingInterval?: number | undefined;
};
export type WaitForIndexerReturnType = {
  /** The block the indexer has processed. */
  blockNumber: bigint;
};
export type WaitForIndexerErrorType = IndexerBehindErrorType | GraphqlUrlRequiredErrorType;

export type IndexerBehindErrorType = IndexerBehindError & { name: "IndexerBehindError" };
export class IndexerBehindError extends BaseError {
  override name = "IndexerBehindError" as const;
  constructor(target: bigint, reached: bigint | undefined, timeout: number, cause?: unknown) {
    super(
      `The indexer did not reach block ${target} within ${timeout} ms (it is at ${reached ?? "unknown"}).`,
      { cause },
    );
  }
}

/**
 * Waits until the indexer has processed a block (by default the chain's
 * current one), so that a GraphQL read reflects every transaction before it.
 */
export async function waitForIndexer(
  client: VerityCoreClient,
  parameters: WaitForIndexerParameters = {},
): Promise<WaitForIndexerReturnType> {
  const target = parameters.blockNumber ?? (await client.publicClient.getBlockNumber());
  const timeout = parameters.timeout ?? 30_000;
  const startedAt = Date.now();
  let reached: bigint | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      const data = await queryIndexer<{
        _meta: { status: Record<string, { block?: { number?: number } | null }> | null };
      }>(client, "waitForIndexer", indexerStatusQuery);
      const blocks = Object.values(data._meta.status ?? {}).map((s) => s.block?.number ?? 0);
      reached = blocks.length > 0 ? BigInt(Math.min(...blocks)) : undefined;
      if (reached !== undefined && reached >= target) return { blockNumber: reached };
    } catch (error) {
      if (!(error instanceof GraphqlError) || !error.retryable) throw error;
      lastError = error;
    }
    if (Date.now() - startedAt > timeout)
      throw new IndexerBehindError(target, reached, timeout, lastError);
    await new Promise((resolve) => setTimeout(resolve, parameters.pollingInterval ?? 250));
  }
}
