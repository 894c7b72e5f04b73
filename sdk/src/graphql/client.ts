/**
 * A tiny GraphQL client for the indexer (Ponder): one POST per query, errors
 * surfaced with the query's name and the server's messages. No dependency.
 */
import { BaseError } from "../errors/base.js";

export type GraphqlRequestParameters = {
  url: string;
  query: string;
  variables?: Record<string, unknown> | undefined;
  /** Abort after this many milliseconds; default 10 000. */
  timeout?: number | undefined;
  fetch?: typeof fetch | undefined;
};

export type GraphqlErrorType = GraphqlError & { name: "GraphqlError" };

/** The indexer answered with errors, a bad status, or not at all. */
export class GraphqlError extends BaseError {
  override name = "GraphqlError" as const;
  readonly url: string;
  readonly status: number | undefined;
  readonly errors: readonly { message: string }[];

  constructor(parameters: {
    url: string;
    operation: string;
    message: string;
    status?: number | undefined;
    errors?: readonly { message: string }[] | undefined;
    retryable: boolean;
    cause?: unknown;
  }) {
    super(`GraphQL ${parameters.operation} at ${parameters.url} failed: ${parameters.message}`, {
      cause: parameters.cause,
      metaMessages: parameters.errors?.map((e) => `- ${e.message}`),
      // Retrying may help after a network error, a 5xx, or while the indexer is starting.
      retryable: parameters.retryable,
    });
    this.url = parameters.url;
    this.status = parameters.status;
    this.errors = parameters.errors ?? [];
  }
}

/** Runs one GraphQL query and returns its `data`, typed by the caller. */
export async function graphqlRequest<data>(parameters: GraphqlRequestParameters): Promise<data> {
  const { url, query, variables, timeout = 10_000 } = parameters;
  const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "query";
  const doFetch = parameters.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables: variables ?? {} }),
      signal: AbortSignal.timeout(timeout),
    });
  } catch (cause) {
    throw new GraphqlError({
      url,
      operation,
      message: "the indexer did not answer (is it running? `verity devnet` starts one)",
      retryable: true,
      cause,
    });
  }
  let body: { data?: data; errors?: { message: string }[] } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch (cause) {
    throw new GraphqlError({
      url,
      operation,
      message: `HTTP ${response.status} with a body that is not JSON`,
      status: response.status,
      retryable: response.status >= 500,
      cause,
    });
  }
  if (body?.errors?.length) {
    throw new GraphqlError({
      url,
      operation,
      message: body.errors[0]?.message ?? "unknown error",
      status: response.status,
      errors: body.errors,
      retryable: response.status >= 500,
    });
  }
  if (!response.ok || body?.data === undefined) {
    throw new GraphqlError({
      url,
      operation,
      message: `HTTP ${response.status}`,
      status: response.status,
      retryable: response.status >= 500 || response.status === 503,
    });
  }
  return body.data;
}
