import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { and, asc, client, eq, graphql, gte, lt, replaceBigInts } from "ponder";

const app = new Hono();

// Read-only SQL over HTTP, for @ponder/client (and its live queries).
app.use("/sql/*", client({ db, schema }));

// Integrators select many columns at once; Apollo's default budget of 1,000
// tokens is too small for a job with its bids and its history.
const api = graphql(
  { db, schema },
  { maxOperationTokens: 10_000, maxOperationDepth: 20, maxOperationAliases: 30 },
);
app.use("/graphql", api);
app.use("/", api);

/**
 * Proposals open for voting now. Whether a proposal is active depends on the
 * chain's head block, which no event reports, so it is decided here per request.
 */
app.get("/proposals/active", async (c) => {
  const head = await publicClients.devnet.getBlockNumber({ cacheTime: 0 });
  const { proposal } = schema;
  const proposals = await db
    .select()
    .from(proposal)
    .where(
      and(
        eq(proposal.status, "Created"),
        lt(proposal.voteStart, head),
        gte(proposal.voteEnd, head),
      ),
    )
    .orderBy(asc(proposal.voteEnd));
  return c.json(replaceBigInts({ block: head, proposals }, String));
});

export default app;
