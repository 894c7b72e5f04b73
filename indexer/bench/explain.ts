import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * The SQL that Ponder's GraphQL runs for the five benchmark queries (a list
 * query orders by the user's column then the primary key, and fetches one row
 * more than the limit to know whether there is a next page).
 */
const statements = (jobId: number, provider: string) => ({
  jobById: `SELECT * FROM job WHERE id = ${jobId}`,
  openJobs: `SELECT * FROM job WHERE model_id = 1 AND status = 'Bidding' ORDER BY posted_at DESC, id DESC LIMIT 21`,
  providerRecord: `SELECT * FROM provider WHERE address = '${provider}'`,
  jobBids: `SELECT * FROM bid WHERE job_id = ${jobId} ORDER BY job_id, round, bidder LIMIT 51`,
  dailyPrices: `SELECT * FROM daily_model_stat WHERE model_id = 1 ORDER BY day DESC, model_id DESC LIMIT 31`,
});

export type Plan = { plan: string; executionMs: number };

/**
 * EXPLAIN ANALYZE of the benchmark's queries on PostgreSQL, in the indexer's
 * schema: the top plan node of each (an index scan, or a scan and a sort)
 * and its execution time on the server.
 */
export async function explainBenchmarkQueries(
  databaseUrl: string,
  schema: string,
  jobId: number,
  provider: string,
): Promise<Record<string, Plan>> {
  const plans: Record<string, Plan> = {};
  for (const [kind, sql] of Object.entries(statements(jobId, provider))) {
    const { stdout } = await promisify(execFile)("psql", [
      databaseUrl,
      "-qAtX",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      `SET search_path TO "${schema}"`,
      "-c",
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
    ]);
    const [root] = JSON.parse(stdout) as [{ Plan: PlanNode; "Execution Time": number }];
    plans[kind] = { plan: describe(root.Plan), executionMs: root["Execution Time"] };
  }
  return plans;
}

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };

/** "Limit > Index Scan Backward (job_model_status_idx)": the plan's spine. */
function describe(node: PlanNode): string {
  const name = node["Index Name"]
    ? `${node["Node Type"]} (${node["Index Name"]})`
    : node["Node Type"];
  const child = node.Plans?.[0];
  return child === undefined ? name : `${name} > ${describe(child)}`;
}
