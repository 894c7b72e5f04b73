/**
 * Providers: stake, standing asks, delegation, and their record as ratios and latency, sortable
 * by any stored column (a header click; the indexer sorts, so the order holds past one page).
 */
import type { IndexedProvider } from "@verity/sdk";
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address } from "../components/Links.js";
import { type SortDirection, Table } from "../components/Table.js";
import { bpsRatio, latency, usd, vrt } from "../format.js";
import { usePoll } from "../poll.js";
import { parseProviders, providersQuery } from "../queries.js";
import { href, useRoute } from "../route.js";

/** The record's ratios (stored in basis points), "—" for a provider with nothing to divide. */
export const completion = (p: IndexedProvider) => bpsRatio(p.completionBps, p.jobsEnded);
export const revealRate = (p: IndexedProvider) => bpsRatio(p.revealBps, p.bidsCommitted);
export const disputeLoss = (p: IndexedProvider) =>
  bpsRatio(p.disputeLossBps, p.disputesWon + p.disputesLost);

const DEFAULT_SORT = "bonded";

/** The columns the table sorts by, as the indexer stores them. */
export const SORTABLE = [
  "bonded",
  "locked",
  "jobsWon",
  "jobsInFlight",
  "completionBps",
  "revealBps",
  "disputeLossBps",
  "meanLatencySeconds",
  "earnings",
  "totalSlashed",
] as const;

/** The sort a route asks for, or the default (stake, largest first). */
export function providerSort(query: URLSearchParams): { by: string; direction: SortDirection } {
  const by = query.get("sort") ?? DEFAULT_SORT;
  const direction = query.get("dir") === "asc" ? "asc" : "desc";
  return (SORTABLE as readonly string[]).includes(by)
    ? { by, direction }
    : { by: DEFAULT_SORT, direction: "desc" };
}

export function ProvidersPage() {
  const sort = providerSort(useRoute().query);
  const { data, error, updatedAt } = usePoll(
    providersQuery,
    { orderBy: sort.by, orderDirection: sort.direction },
    parseProviders,
  );
  const pools = new Map(data?.pools.map((p) => [p.provider, p]));
  const asks = new Map<string, number>();
  for (const a of data?.asks ?? []) asks.set(a.provider, (asks.get(a.provider) ?? 0) + 1);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Providers</h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <p>
        Ratios are of jobs ended (completed, late or lost to a dispute), commitments and decided
        disputes; latency is from assignment to result. Click a column to sort by it.
      </p>
      <Table
        id="providers-table"
        caption="Providers"
        rows={data?.providers}
        rowKey={(p) => p.address}
        sort={{
          ...sort,
          link: (by, dir) => href("providers", { sort: by, dir }),
        }}
        columns={[
          { label: "Provider", render: (p) => <Address address={p.address} provider /> },
          { label: "Status", render: (p) => p.status },
          { label: "Bonded", render: (p) => vrt(p.bonded), numeric: true, sortKey: "bonded" },
          { label: "Locked", render: (p) => vrt(p.locked), numeric: true, sortKey: "locked" },
          {
            label: "Delegated",
            render: (p) =>
              vrt(pools.has(p.address) ? BigInt(pools.get(p.address)?.tokens ?? 0) : 0n),
            numeric: true,
          },
          { label: "Asks", render: (p) => String(asks.get(p.address) ?? 0), numeric: true },
          {
            label: "Jobs won",
            render: (p) => String(p.jobsWon),
            numeric: true,
            sortKey: "jobsWon",
          },
          {
            label: "In flight",
            render: (p) => String(p.jobsInFlight),
            numeric: true,
            sortKey: "jobsInFlight",
          },
          { label: "Completed", render: completion, numeric: true, sortKey: "completionBps" },
          { label: "Revealed", render: revealRate, numeric: true, sortKey: "revealBps" },
          { label: "Disputes lost", render: disputeLoss, numeric: true, sortKey: "disputeLossBps" },
          {
            label: "Mean latency",
            render: (p) => latency(p.meanLatencySeconds, p.meanLatencyBlocks),
            numeric: true,
            sortKey: "meanLatencySeconds",
          },
          { label: "Earnings", render: (p) => usd(p.earnings), numeric: true, sortKey: "earnings" },
          {
            label: "Slashed",
            render: (p) => vrt(p.totalSlashed),
            numeric: true,
            sortKey: "totalSlashed",
          },
        ]}
      />
    </section>
  );
}
