import { createVerityClient, GraphqlError, graphqlRequest, parseJobHistory } from "@verity/sdk";
import { describe, expect, it } from "vitest";

function fakeFetch(status: number, body: unknown): typeof fetch {
  return (async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
    })) as typeof fetch;
}

describe("graphql client", () => {
  it("returns data", async () => {
    const data = await graphqlRequest<{ ok: boolean }>({
      url: "http://x/graphql",
      query: "query Ok { ok }",
      fetch: fakeFetch(200, { data: { ok: true } }),
    });
    expect(data.ok).toBe(true);
  });

  it("names the operation and the server's messages on errors", async () => {
    const error = await graphqlRequest({
      url: "http://x/graphql",
      query: "query ListJobs { jobs { items { id } } }",
      fetch: fakeFetch(200, { errors: [{ message: 'Cannot query field "nope"' }] }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlError);
    expect((error as GraphqlError).shortMessage).toBe(
      'GraphQL ListJobs at http://x/graphql failed: Cannot query field "nope"',
    );
    expect((error as GraphqlError).retryable).toBe(false);
  });

  it("marks an unreachable or starting indexer as retryable", async () => {
    const down = await graphqlRequest({
      url: "http://127.0.0.1:9/graphql",
      query: "{ a }",
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as typeof fetch,
    }).catch((e: unknown) => e);
    expect((down as GraphqlError).retryable).toBe(true);
    expect((down as GraphqlError).shortMessage).toContain("is it running?");
    const starting = await graphqlRequest({
      url: "http://x",
      query: "{ a }",
      fetch: fakeFetch(503, "not ready"),
    }).catch((e: unknown) => e);
    expect((starting as GraphqlError).retryable).toBe(true);
  });

  it("parses BigInt strings back into bigints", () => {
    const history = parseJobHistory(
      {
        id: "7",
        maxPrice: "5000000",
        price: null,
        postedAt: "1700000000",
        bids: { items: [{ jobId: "7", price: "1420000", committedAt: "1" }] },
      },
      {
        disputeMoves: {
          items: [{ disputeId: "1", jobId: "7", blockNumber: "9", timestamp: "2", kind: "Opened" }],
        },
      },
    );
    expect(history.id).toBe(7n);
    expect(history.maxPrice).toBe(5_000_000n);
    expect(history.price).toBeNull();
    expect(history.bids[0]?.price).toBe(1_420_000n);
    expect(history.disputeMoves[0]?.disputeId).toBe(1n);
    expect(history.results).toEqual([]);
  });

  it("says how to fix a missing graphqlUrl", async () => {
    const client = createVerityClient({
      publicClient: {} as never,
      deployment: { chainId: 1, startBlock: 0 } as never,
    });
    await expect(client.listJobs()).rejects.toThrow(
      "listJobs reads the indexer, but the client has no graphqlUrl.",
    );
  });
});
