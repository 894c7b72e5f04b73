/**
 * Bad GraphQL queries are refused before Ponder sees them, saying what to write instead; the
 * queries the SDK sends pass. Against the schema the indexer serves (the SDK's generated copy).
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { checkQuery, loadServedSchema } from "../src/api/query-check.js";

const schema = loadServedSchema(
  createRequire(import.meta.url).resolve("@verity/sdk/graphql/schema.graphql"),
);
const messages = (query: string, variables?: Record<string, unknown>) =>
  checkQuery(schema, query, variables).map((p) => `${p.message}${p.hint ? ` | ${p.hint}` : ""}`);

describe("GraphQL queries refused with a reason", () => {
  it("passes good queries, the SDK's own included", async () => {
    expect(
      messages(
        '{ jobs(orderBy: "postedAt", orderDirection: "desc", limit: 1000) { items { id } } }',
      ),
    ).toEqual([]);
    const documents = await import("../../sdk/src/graphql/documents.js");
    for (const [name, query] of Object.entries(documents)) {
      if (typeof query !== "string" || !/^(query|mutation)\b/.test(query)) continue;
      expect(messages(query, { limit: 10 }), name).toEqual([]);
    }
  });

  it("names the columns a list can be ordered by, and refuses two sort keys", () => {
    const [bad] = messages('{ jobs(orderBy: "cost") { items { id } } }');
    expect(bad).toContain('jobs: cannot order by "cost" | one of ');
    expect(bad).toContain("postedAt");
    expect(messages('{ jobs(orderBy: "price,postedAt") { items { id } } }')).toEqual([
      'jobs: orderBy takes one column, got "price,postedAt" | sort by one column; the id breaks ties',
    ]);
    expect(messages('{ jobs(orderBy: "price", orderDirection: "down") { items { id } } }')).toEqual(
      ['jobs: orderDirection "down" is neither "asc" nor "desc"'],
    );
  });

  it("bounds limit, literal or variable", () => {
    expect(messages("{ jobs(limit: 1001) { items { id } } }")[0]).toContain(
      "jobs: limit 1001 is out of range | a page holds 0 to 1000 items",
    );
    expect(
      messages("query Q($n: Int) { jobs(limit: $n) { items { id } } }", { n: 5000 })[0],
    ).toContain("limit 5000 is out of range");
  });

  it("translates subgraph habits", () => {
    expect(messages("{ jobs(first: 5) { items { id } } }")[0]).toContain(
      "Ponder pages with limit (at most 1000), not first",
    );
    expect(messages("{ jobs(skip: 5) { items { id } } }")[0]).toContain("offset");
    expect(messages("{ _meta { block { number } } }")[0]).toContain("_meta { status }");
  });
});
