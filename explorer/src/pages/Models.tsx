/** Registered models: kind (only integer models have fraud proofs), shape, use and last price. */
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { time, usd } from "../format.js";
import { usePoll } from "../poll.js";
import { modelsQuery, parseModels } from "../queries.js";
import { href } from "../route.js";

export function ModelsPage() {
  const { data, error, updatedAt } = usePoll(modelsQuery, {}, parseModels);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Models</h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <Table
        id="models-table"
        caption="Registered models"
        rows={data}
        rowKey={(m) => String(m.id)}
        columns={[
          {
            label: "Model",
            render: (m) => <a href={href("jobs", { model: String(m.id) })}>model {String(m.id)}</a>,
          },
          {
            label: "Kind",
            render: (m) =>
              m.kind === "IntegerDense" ? "integer (fraud-provable)" : "float (no fraud proofs)",
          },
          {
            label: "Layer widths",
            render: (m) => (Array.isArray(m.widths) ? m.widths.join(" → ") : "—"),
          },
          { label: "URI", render: (m) => <span class="mono">{m.uri}</span> },
          { label: "Publisher", render: (m) => <Address address={m.publisher} /> },
          { label: "Active", render: (m) => (m.active ? "yes" : "retired") },
          { label: "Jobs posted", render: (m) => String(m.jobsPosted), numeric: true },
          { label: "Finalized", render: (m) => String(m.jobsFinalized), numeric: true },
          { label: "Last clearing price", render: (m) => usd(m.lastClearingPrice), numeric: true },
          { label: "Registered", render: (m) => time(m.registeredAt) },
        ]}
      />
    </section>
  );
}
