/** Providers: stake, standing asks, delegation, and their record as ratios. */
import type { IndexedProvider } from "@verity/sdk";
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { ratio, usd, vrt } from "../format.js";
import { usePoll } from "../poll.js";
import { parseProviders, providersQuery } from "../queries.js";

/** Won jobs completed on time, revealed commitments, disputes won: what a requester checks. */
export const completion = (p: IndexedProvider) => ratio(p.jobsCompleted, p.jobsWon);
export const revealRate = (p: IndexedProvider) => ratio(p.bidsRevealed, p.bidsCommitted);
export const disputeWinRate = (p: IndexedProvider) =>
  ratio(p.disputesWon, p.disputesWon + p.disputesLost);

export function ProvidersPage() {
  const { data, error, updatedAt } = usePoll(providersQuery, {}, parseProviders);
  const pools = new Map(data?.pools.map((p) => [p.provider, p]));
  const asks = new Map<string, number>();
  for (const a of data?.asks ?? []) asks.set(a.provider, (asks.get(a.provider) ?? 0) + 1);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Providers</h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <Table
        id="providers-table"
        caption="Providers by stake"
        rows={data?.providers}
        rowKey={(p) => p.address}
        columns={[
          { label: "Provider", render: (p) => <Address address={p.address} provider /> },
          { label: "Status", render: (p) => p.status },
          { label: "Bonded", render: (p) => vrt(p.bonded), numeric: true },
          { label: "Locked", render: (p) => vrt(p.locked), numeric: true },
          {
            label: "Delegated",
            render: (p) =>
              vrt(pools.has(p.address) ? BigInt(pools.get(p.address)?.tokens ?? 0) : 0n),
            numeric: true,
          },
          { label: "Asks", render: (p) => String(asks.get(p.address) ?? 0), numeric: true },
          { label: "Jobs won", render: (p) => String(p.jobsWon), numeric: true },
          { label: "Completed", render: completion, numeric: true },
          { label: "Revealed", render: revealRate, numeric: true },
          { label: "Disputes won", render: disputeWinRate, numeric: true },
          { label: "Earnings", render: (p) => usd(p.earnings), numeric: true },
          { label: "Slashed", render: (p) => vrt(p.totalSlashed), numeric: true },
        ]}
      />
    </section>
  );
}
