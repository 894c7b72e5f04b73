import type { Shot } from "./open-loop.js";

/**
 * The five benchmark queries, what integrators and the explorer ask most: a job
 * by id, open jobs for a model, a provider's record, a job's bids, 30 days of
 * prices. Ids are drawn at random over the chain's jobs.
 */
export function benchmarkQueries(jobs: number, provider: string) {
  const jobId = () => String(1 + Math.floor(Math.random() * jobs));
  return [
    {
      kind: "jobById",
      query: "query($id: BigInt!) { job(id: $id) { id status price provider } }",
      variables: () => ({ id: jobId() }),
    },
    {
      kind: "openJobs",
      query: `{ jobs(where: { modelId: "1", status: Bidding }, orderBy: "postedAt", orderDirection: "desc", limit: 20) { items { id maxPrice revealDeadline } } }`,
      variables: () => ({}),
    },
    {
      kind: "providerRecord",
      query:
        "query($a: String!) { provider(address: $a) { jobsWon jobsCompleted jobsLate earnings bonded locked status } }",
      variables: () => ({ a: provider }),
    },
    {
      kind: "jobBids",
      query:
        "query($id: BigInt!) { bids(where: { jobId: $id }) { items { bidder price revealed } } }",
      variables: () => ({ id: jobId() }),
    },
    {
      kind: "dailyPrices",
      query: `{ dailyModelStats(where: { modelId: "1" }, orderBy: "day", orderDirection: "desc", limit: 30) { items { date medianClearingPrice clearingCount } } }`,
      variables: () => ({}),
    },
  ];
}

/** The i-th request of the rotating mix, as an open-loop shot. */
export function rotatingMix(queries: ReturnType<typeof benchmarkQueries>): (i: number) => Shot {
  return (i) => {
    const q = queries[i % queries.length] as (typeof queries)[number];
    return { kind: q.kind, body: JSON.stringify({ query: q.query, variables: q.variables() }) };
  };
}
