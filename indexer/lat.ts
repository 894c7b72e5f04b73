import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
const { url } = JSON.parse(readFileSync("/tmp/exp.json", "utf8"));
for (;;) { const r = await fetch(`${url}/ready`); if (r.ok) break; await new Promise((r) => setTimeout(r, 200)); }
const time = async (name: string, f: () => Promise<unknown>) => {
  const t: number[] = [];
  for (let i = 0; i < 200; i++) { const b = performance.now(); await f(); t.push(performance.now() - b); }
  t.sort((a, b) => a - b);
  console.log(name.padEnd(14), "p50", t[100]!.toFixed(2), "p90", t[180]!.toFixed(2));
};
const gql = (query: string, variables = {}) => () => fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }).then((r) => r.text());
await time("health", () => fetch(`${url}/health`).then((r) => r.text()));
await time("status", () => fetch(`${url}/status`).then((r) => r.text()));
await time("typename", gql("{ __typename }"));
await time("job by id", gql("query($id: BigInt!) { job(id: $id) { id status price provider } }", { id: "5" }));
await time("bids by job", gql("query($id: BigInt!) { bids(where: { jobId: $id }) { items { bidder price revealed } } }", { id: "5" }));
await time("open jobs", gql(`{ jobs(where: { modelId: "1", status: Bidding }, orderBy: "postedAt", orderDirection: "desc", limit: 20) { items { id maxPrice revealDeadline } } }`));
