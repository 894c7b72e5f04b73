/** Governance: proposals with their votes, the parameters now, and every change to them. */
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { time, vrt } from "../format.js";
import { usePoll } from "../poll.js";
import { governanceQuery, parseGovernance } from "../queries.js";

export function GovernancePage() {
  const { data, error, updatedAt } = usePoll(governanceQuery, {}, parseGovernance);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Governance</h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <Table
        id="proposals-table"
        caption="Proposals"
        rows={data?.proposals}
        rowKey={(p) => String(p.id)}
        empty="No proposal yet."
        columns={[
          {
            label: "Proposal",
            render: (p) => (
              <span title={String(p.id)}>{p.description.split("\n")[0] || "(no description)"}</span>
            ),
          },
          {
            label: "Status",
            render: (p) => `${p.status}${p.defeatedBecause ? ` (${p.defeatedBecause})` : ""}`,
          },
          {
            label: "Changes",
            render: (p) =>
              p.actions
                .map((a) =>
                  a.parameter
                    ? `${a.parameter}: ${a.oldValue} → ${a.newValue}`
                    : (a.functionName ?? "call"),
                )
                .join("; "),
          },
          { label: "For", render: (p) => vrt(p.forVotes), numeric: true },
          { label: "Against", render: (p) => vrt(p.againstVotes), numeric: true },
          { label: "Abstain", render: (p) => vrt(p.abstainVotes), numeric: true },
          {
            label: "Voters",
            render: (p) =>
              p.votes.map((v) => `${v.voter.slice(0, 8)}… ${v.support}`).join(", ") || "none",
          },
          { label: "Voting ends (block)", render: (p) => String(p.voteEnd), numeric: true },
        ]}
      />
      <Table
        id="parameters-table"
        caption="Parameters now"
        rows={data?.parameters}
        rowKey={(p) => p.name}
        columns={[
          { label: "Name", render: (p) => <span class="mono">{p.name}</span> },
          {
            label: "Value",
            render: (p) => <span class="mono">{p.address ?? p.value}</span>,
            numeric: true,
          },
          { label: "Changes", render: (p) => String(p.changeCount), numeric: true },
          { label: "Updated", render: (p) => time(BigInt(p.updatedAt)) },
        ]}
      />
      <Table
        caption="Parameter history"
        rows={data?.changes}
        rowKey={(c) => `${c.transactionHash}-${c.name}`}
        columns={[
          { label: "Name", render: (c) => <span class="mono">{c.name}</span> },
          {
            label: "From",
            render: (c) => <span class="mono">{c.oldAddress ?? String(c.oldValue)}</span>,
            numeric: true,
          },
          {
            label: "To",
            render: (c) => <span class="mono">{c.newAddress ?? String(c.newValue)}</span>,
            numeric: true,
          },
          { label: "By", render: (c) => <Address address={c.sender} /> },
          {
            label: "Proposal",
            render: (c) => (c.proposalId === null ? "—" : String(c.proposalId).slice(0, 10)),
          },
          { label: "When", render: (c) => time(c.timestamp) },
        ]}
      />
    </section>
  );
}
