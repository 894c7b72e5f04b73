/** One provider: stake, record with ratios and latency, asks, delegation, jobs, stake events. */
import { Freshness, QueryError } from "../components/Feedback.js";
import { JobLink, StatusBadge } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { latency, time, usd, vrt } from "../format.js";
import { usePoll } from "../poll.js";
import { parseProviderPage, providerQuery } from "../queries.js";
import { completion, disputeLoss, revealRate } from "./Providers.js";

export function ProviderPage({ address }: { address: string }) {
  const { data, error, updatedAt } = usePoll(
    providerQuery,
    { address: address.toLowerCase() },
    parseProviderPage,
  );
  if (data === null)
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title">Provider not found</h1>
        <p>No provider {address} is indexed.</p>
      </section>
    );
  const p = data?.provider;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">
        Provider <span class="mono">{address}</span>
      </h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      {p && data && (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>{p.status}</dd>
            <dt>Endpoint</dt>
            <dd>{p.endpoint ?? "—"}</dd>
            <dt>Bonded / locked / unbonding</dt>
            <dd>
              {vrt(p.bonded)} / {vrt(p.locked)} / {vrt(p.unbonding)}
            </dd>
            <dt>Jobs won / in flight / completed / late / lost to disputes</dt>
            <dd>
              {p.jobsWon} / {p.jobsInFlight} / {p.jobsCompleted} / {p.jobsLate} / {p.disputesLost}
            </dd>
            <dt>Completion (of {p.jobsEnded} jobs ended)</dt>
            <dd id="provider-completion">{completion(p)}</dd>
            <dt>Bids committed / revealed / forfeited</dt>
            <dd>
              {p.bidsCommitted} / {p.bidsRevealed} ({revealRate(p)}) / {p.bidsForfeited}
            </dd>
            <dt>Disputes won / lost</dt>
            <dd>
              {p.disputesWon} / {p.disputesLost} ({disputeLoss(p)} lost)
            </dd>
            <dt>Latency, assignment to result (mean over {p.resultsSubmitted} results)</dt>
            <dd id="provider-latency">{latency(p.meanLatencySeconds, p.meanLatencyBlocks)}</dd>
            <dt>Latency of the last result</dt>
            <dd>{latency(p.lastLatencySeconds, p.lastLatencyBlocks)}</dd>
            <dt>Earnings</dt>
            <dd>{usd(p.earnings)}</dd>
            <dt>Slashed</dt>
            <dd>{vrt(p.totalSlashed)}</dd>
            <dt>Delegation</dt>
            <dd>
              {data.pool
                ? `${vrt(BigInt(data.pool.tokens))} from ${data.pool.delegatorCount} delegators, ${data.pool.delegatorShareBps / 100}% of earnings shared`
                : "none"}
            </dd>
          </dl>
          <Table
            caption="Standing asks"
            rows={data.asks}
            rowKey={(a) => a.modelId}
            empty="No standing ask."
            columns={[
              { label: "Model", render: (a) => a.modelId },
              { label: "Price", render: (a) => usd(BigInt(a.price)), numeric: true },
              { label: "Capacity", render: (a) => String(a.capacity), numeric: true },
              {
                label: "Min window",
                render: (a) => `${a.minExecutionWindow} s`,
                numeric: true,
              },
              {
                label: "Max callback gas",
                render: (a) => (a.maxCallbackGas === "0" ? "none" : a.maxCallbackGas),
                numeric: true,
              },
              { label: "Expires", render: (a) => time(BigInt(a.expiry)) },
            ]}
          />
          <Table
            caption="Latest jobs"
            rows={data.jobs}
            rowKey={(j) => String(j.id)}
            columns={[
              { label: "Job", render: (j) => <JobLink id={j.id} /> },
              { label: "Status", render: (j) => <StatusBadge status={j.status} /> },
              { label: "Price", render: (j) => usd(j.price), numeric: true },
              { label: "Assigned", render: (j) => time(j.assignedAt) },
            ]}
          />
          <Table
            caption="Stake events"
            rows={data.stakeEvents}
            rowKey={(e) => `${e.transactionHash}-${e.kind}-${e.jobId}`}
            columns={[
              { label: "Kind", render: (e) => e.kind },
              { label: "Amount", render: (e) => vrt(e.amount), numeric: true },
              { label: "Job", render: (e) => (e.jobId === null ? "—" : <JobLink id={e.jobId} />) },
              { label: "Bonded after", render: (e) => vrt(e.bondedAfter), numeric: true },
              { label: "When", render: (e) => time(e.timestamp) },
            ]}
          />
        </>
      )}
    </section>
  );
}
