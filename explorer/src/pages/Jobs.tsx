/**
 * Every job, newest first, filtered by status, model, requester and provider; pages by cursor.
 * The filters and the page live in the address (`#/jobs?status=Bidding&after=…`), so a view can
 * be shared and the back button works.
 */
import { jobStatuses } from "@verity/sdk";
import { Freshness, QueryError } from "../components/Feedback.js";
import { Address, JobLink, StatusBadge } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { jobPrice, time, usd } from "../format.js";
import { usePoll } from "../poll.js";
import { jobsQuery, parseJobs } from "../queries.js";
import { href, type Route } from "../route.js";

/** Rows per page unless the address says `limit=` (1..100). */
export const JOBS_PAGE_SIZE = 20;
const FILTERS = ["status", "model", "requester", "provider"] as const;
const statuses = jobStatuses.filter((s) => s !== "None");
const isAddress = (s: string) => /^0x[0-9a-fA-F]{40}$/.test(s);

function whereOf(query: URLSearchParams): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  const status = query.get("status");
  if (status && (statuses as readonly string[]).includes(status)) where.status = status;
  const model = query.get("model");
  if (model && /^\d+$/.test(model)) where.modelId = model;
  const requester = query.get("requester");
  if (requester && isAddress(requester)) where.requester = requester.toLowerCase();
  const provider = query.get("provider");
  if (provider && isAddress(provider)) where.provider = provider.toLowerCase();
  return where;
}

export function JobsPage({ route }: { route: Route }) {
  const q = route.query;
  const filters = Object.fromEntries(FILTERS.map((f) => [f, q.get(f) ?? ""])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const badAddress = (["requester", "provider"] as const).filter(
    (f) => filters[f] !== "" && !isAddress(filters[f]),
  );
  const asked = Number(q.get("limit"));
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : JOBS_PAGE_SIZE;
  const keep = limit === JOBS_PAGE_SIZE ? {} : { limit: String(limit) };
  const variables: Record<string, unknown> = { where: whereOf(q), limit };
  if (q.get("after")) variables.after = q.get("after");
  if (q.get("before")) variables.before = q.get("before");
  const { data, error, updatedAt } = usePoll(jobsQuery, variables, parseJobs);
  const page = data?.page;

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    window.location.hash = href(
      "jobs",
      Object.fromEntries(FILTERS.map((f) => [f, String(form.get(f) ?? "").trim()])),
    );
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Jobs</h1>
      {/* Uncontrolled fields (a poll re-renders every second), made afresh when the address changes. */}
      <form
        key={FILTERS.map((f) => filters[f]).join("|")}
        class="filters"
        onSubmit={onSubmit}
        aria-label="Filter jobs"
      >
        <label>
          Status
          <select name="status">
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s} value={s} selected={s === filters.status}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model
          <select name="model">
            <option value="">any</option>
            {(data?.modelIds ?? (filters.model ? [filters.model] : [])).map((id) => (
              <option key={id} value={id} selected={id === filters.model}>
                model {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Requester
          <input
            name="requester"
            defaultValue={filters.requester}
            placeholder="0x…"
            spellcheck={false}
          />
        </label>
        <label>
          Provider
          <input
            name="provider"
            defaultValue={filters.provider}
            placeholder="0x…"
            spellcheck={false}
          />
        </label>
        <button type="submit">Filter</button>
        <a href={href("jobs")}>Clear</a>
      </form>
      {badAddress.length > 0 && (
        <p class="error" role="alert">
          {badAddress.join(" and ")}: not an address (0x and 40 hex digits); ignored.
        </p>
      )}
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <Table
        id="jobs-table"
        caption={page ? `${page.totalCount} jobs` : "Jobs"}
        rows={page?.items}
        rowKey={(j) => String(j.id)}
        empty="No job matches these filters."
        columns={[
          { label: "Job", render: (j) => <JobLink id={j.id} /> },
          { label: "Status", render: (j) => <StatusBadge status={j.status} /> },
          { label: "Model", render: (j) => String(j.modelId) },
          { label: "Requester", render: (j) => <Address address={j.requester} /> },
          { label: "Provider", render: (j) => <Address address={j.provider} provider /> },
          { label: "Max price", render: (j) => usd(j.maxPrice), numeric: true },
          { label: "Price", render: jobPrice, numeric: true },
          { label: "Posted", render: (j) => time(j.postedAt) },
        ]}
      />
      <nav class="pager" aria-label="Pages of jobs">
        {page?.pageInfo.hasPreviousPage && page.pageInfo.startCursor && (
          <a href={href("jobs", { ...filters, ...keep, before: page.pageInfo.startCursor })}>
            ← Newer
          </a>
        )}
        {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
          <a href={href("jobs", { ...filters, ...keep, after: page.pageInfo.endCursor })}>
            Older →
          </a>
        )}
      </nav>
    </section>
  );
}
