import { createRequire } from "node:module";
import { join } from "node:path";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { asc, client, eq, graphql, replaceBigInts, sql } from "ponder";
import { answerCache } from "./cache.js";
import { loadServedSchema, queryChecker, queryGuard } from "./query-check.js";
import { providerRanking } from "./ranking.js";
import { runtimeReport } from "./runtime.js";

const app = new Hono();

// Read-only SQL over HTTP, for @ponder/client (and its live queries).
app.use("/sql/*", client({ db, schema }));

// Integrators select many columns at once; Apollo's default budget of 1,000
// tokens is too small for a job with its bids and its history.
const api = graphql(
  { db, schema },
  { maxOperationTokens: 10_000, maxOperationDepth: 20, maxOperationAliases: 30 },
);
// Answers are reused while the database is unchanged (see cache.ts).
const cache = answerCache({
  snapshot: async () => {
    const { rows } = await db.execute<{ snapshot: string }>(
      sql`SELECT pg_current_snapshot()::text AS snapshot`,
    );
    return rows[0]?.snapshot ?? "";
  },
});
// Bad queries get a 400 that says what to write instead (query-check.ts), checked against the
// schema as the SDK keeps it (generated from ponder.schema.ts, its freshness checked by
// `npm run check:abis`); resolved from the indexer's package, the working directory of Ponder.
const guard = queryGuard(
  queryChecker(
    loadServedSchema(
      createRequire(join(process.cwd(), "package.json")).resolve(
        "@verity/sdk/graphql/schema.graphql",
      ),
    ),
  ),
);
// VERITY_GRAPHQL_CACHE=false turns the cache off (to measure without it).
const graphqlChain =
  process.env.VERITY_GRAPHQL_CACHE === "false" ? [guard, api] : [cache, guard, api];
app.use("/graphql", ...graphqlChain);
app.use("/", ...graphqlChain);

/** Proposals open for voting at the indexed block (the Governor's state Active). */
app.get("/proposals/active", async (c) => {
  const { proposal } = schema;
  const proposals = await db
    .select()
    .from(proposal)
    .where(eq(proposal.status, "Active"))
    .orderBy(asc(proposal.voteEnd));
  return c.json(replaceBigInts({ proposals }, String));
});

/** The providers' record summed over a window of days and sorted (ranking.ts). */
app.get("/providers/ranking", providerRanking);

/** Event-loop delay and GC pauses of this process (the benchmark reads them). */
app.get("/debug/runtime", (c) =>
  runtimeReport(c, {
    answerCache: c.req.query("reset") !== undefined ? cache.takeStats() : undefined,
  }),
);

export default app;
