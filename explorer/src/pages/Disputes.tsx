/** Every dispute, newest first; the job's page shows each one's moves. */
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address, JobLink } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { time, usd, vrt } from "../format.js";
import { usePoll } from "../poll.js";
import { disputesQuery, parseDisputes } from "../queries.js";

export function DisputesPage() {
  const { data, error, updatedAt } = usePoll(disputesQuery, {}, parseDisputes);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Disputes</h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <Table
        id="disputes-table"
        caption={data ? `${data.totalCount} disputes` : "Disputes"}
        rows={data?.items}
        rowKey={(d) => `${d.jobId}-${d.seq}`}
        empty="No dispute has been opened."
        columns={[
          { label: "Job", render: (d) => <JobLink id={d.jobId} /> },
          { label: "Provider", render: (d) => <Address address={d.provider} provider /> },
          { label: "Challenger", render: (d) => <Address address={d.challenger} /> },
          { label: "Outcome", render: (d) => `${d.outcome}${d.stale ? " (stale)" : ""}` },
          { label: "Phase", render: (d) => d.phase ?? "—" },
          {
            label: "Layer",
            render: (d) => (d.layer === null ? "—" : String(d.layer)),
            numeric: true,
          },
          { label: "Bond", render: (d) => usd(d.bond), numeric: true },
          { label: "Slashed", render: (d) => vrt(d.slashed), numeric: true },
          { label: "Opened", render: (d) => time(d.openedAt) },
          { label: "Resolved", render: (d) => time(d.resolvedAt) },
        ]}
      />
    </section>
  );
}
