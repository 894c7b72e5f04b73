/**
 * `verity-worker status`: what the state directory holds (bids, results,
 * disputes) and, when the node answers, the account's stake and earnings.
 */

import {
  claimable,
  createVerityClient,
  getJob,
  getStake,
  loadDeployment,
  type VerityClient,
} from "@verity/sdk";
import { type Address, formatUnits, getAddress } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { createWorkerClient, fetchChainId, workerChain } from "../chain/clients.js";
import { KEY_ENV, parsePrivateKey } from "../config/account.js";
import { readKeystore } from "../config/keystore.js";
import { rpcEndpoints, type WorkerConfig } from "../config/schema.js";
import { describeError } from "../errors.js";
import { StateStore } from "../store/state.js";

export type StatusReport = {
  address: Address | undefined;
  cursor: string | undefined;
  chain?:
    | { head: string; bonded: string; locked: string; free: string; claimable: string }
    | { error: string };
  jobs: {
    jobId: string;
    modelId: string;
    round: string;
    bid: string;
    price: string;
    result: string;
    onchain: string;
  }[];
  disputes: { disputeId: string; jobId: string; role: string; state: string; outcome: string }[];
};

async function accountAddress(
  config: WorkerConfig,
  env: Record<string, string | undefined>,
): Promise<Address | undefined> {
  const raw = env[KEY_ENV.privateKey];
  if (raw) return privateKeyToAddress(parsePrivateKey(raw));
  if (config.keystoreFile === undefined) return undefined;
  // The keystore names its address in clear: no password needed for a status.
  const keystore = await readKeystore(config.keystoreFile);
  return getAddress(`0x${keystore.address.replace(/^0x/, "")}`);
}

export async function collectStatus(
  config: WorkerConfig,
  env: Record<string, string | undefined> = process.env,
): Promise<StatusReport> {
  const store = new StateStore(config.stateDir);
  await store.load();
  const address = await accountAddress(config, env);
  let sdk: VerityClient | undefined;
  const report: StatusReport = {
    address,
    cursor: store.getCursor()?.toString(),
    jobs: [],
    disputes: [],
  };
  try {
    const deployment = await loadDeployment({ source: config.deploymentFile });
    const endpoints = rpcEndpoints(config);
    const chainId = await fetchChainId(endpoints, { timeoutMs: config.rpcTimeoutMs });
    const client = createWorkerClient(endpoints, workerChain(chainId, endpoints), {
      timeoutMs: config.rpcTimeoutMs,
      hedgeAfterMs: config.rpcHedgeMs,
    });
    sdk = createVerityClient({ publicClient: client, deployment });
    if (address !== undefined) {
      const [head, stake, owed] = await Promise.all([
        client.getBlockNumber(),
        getStake(sdk, { provider: address }),
        claimable(sdk, { account: address }),
      ]);
      report.chain = {
        head: head.toString(),
        bonded: formatUnits(stake.bonded, 18),
        locked: formatUnits(stake.locked, 18),
        free: formatUnits(stake.free, 18),
        claimable: formatUnits(owed, 6),
      };
    }
  } catch (error) {
    report.chain = { error: describeError(error).message };
    sdk = undefined;
  }
  const jobs = store.jobs.values().sort((a, b) => (a.jobId < b.jobId ? -1 : 1));
  for (const job of jobs) {
    const bids = store.bids.values().filter((b) => b.jobId === job.jobId);
    const bid = bids[bids.length - 1];
    const result = store.results
      .values()
      .filter((r) => r.jobId === job.jobId)
      .pop();
    let onchain = "-";
    if (sdk !== undefined) {
      try {
        onchain = (await getJob(sdk, { jobId: job.jobId })).status;
      } catch {
        onchain = "?";
      }
    }
    report.jobs.push({
      jobId: job.jobId.toString(),
      modelId: job.modelId.toString(),
      round: bid ? String(bid.round) : "-",
      bid: bid?.state ?? (job.observed ? `watched:${job.observed.verdict ?? "pending"}` : "-"),
      price: bid ? bid.price.toString() : "-",
      result: result?.state ?? "-",
      onchain,
    });
  }
  for (const d of store.defenses.values()) {
    report.disputes.push({
      disputeId: d.disputeId.toString(),
      jobId: d.jobId.toString(),
      role: "provider",
      state: d.state,
      outcome: d.outcome ?? "-",
    });
  }
  for (const c of store.challenges.values()) {
    report.disputes.push({
      disputeId: c.disputeId?.toString() ?? "-",
      jobId: c.jobId.toString(),
      role: "challenger",
      state: c.state,
      outcome: c.outcome ?? "-",
    });
  }
  return report;
}

function table(rows: Record<string, string>[]): string {
  if (rows.length === 0) return "  (none)";
  const keys = Object.keys(rows[0] as Record<string, string>);
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => (r[k] ?? "").length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}`;
  return [
    line(keys),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(keys.map((k) => r[k] ?? ""))),
  ].join("\n");
}

export function formatStatus(report: StatusReport): string {
  const lines = [
    `account  ${report.address ?? "(no key configured)"}`,
    `cursor   block ${report.cursor ?? "-"}`,
  ];
  if (report.chain && "error" in report.chain)
    lines.push(`chain    unreachable: ${report.chain.error}`);
  else if (report.chain) {
    lines.push(
      `chain    head ${report.chain.head}`,
      `stake    bonded ${report.chain.bonded} VRT, locked ${report.chain.locked}, free ${report.chain.free}`,
      `payments claimable ${report.chain.claimable} tUSD`,
    );
  }
  lines.push("", "jobs", table(report.jobs), "", "disputes", table(report.disputes));
  return lines.join("\n");
}
