/** The market at a glance: totals, jobs per day, clearing prices per model, open disputes. */

import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import { Chart } from "../components/Chart.js";
import { Freshness, QueryError } from "../components/Feedback.js";
import { JobLink, StatusBadge } from "../components/Links.js";
import { Table } from "../components/Table.js";
import { time, usd, usdNumber, vrt } from "../format.js";
import { usePoll } from "../poll.js";
import { type Clearing, type DailyStat, overviewQuery, parseOverview } from "../queries.js";

const PALETTE = ["#1f5fbf", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f"];

/** Days (x in seconds) with the jobs posted and finalized on each, over every model. */
function jobsPerDay(daily: DailyStat[]): uPlot.AlignedData {
  const byDay = new Map<number, [number, number, number]>();
  for (const s of daily) {
    const row = byDay.get(s.day) ?? [0, 0, 0];
    row[0] += s.jobsPosted;
    row[1] += s.jobsFinalized;
    row[2] += usdNumber(s.clearingVolume);
    byDay.set(s.day, row);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  return [
    days.map((d) => d * 86_400),
    days.map((d) => byDay.get(d)?.[0] ?? 0),
    days.map((d) => byDay.get(d)?.[1] ?? 0),
  ];
}

/** Each auction's clearing price at the time it was assigned, one series per model. */
function clearingPrices(cleared: Clearing[], modelIds: string[]): uPlot.AlignedData {
  const rows = cleared
    .filter((j) => j.assignedAt !== null && j.price !== null)
    .sort((a, b) => Number(a.assignedAt) - Number(b.assignedAt));
  const xs = rows.map((j) => Number(j.assignedAt));
  return [
    xs,
    ...modelIds.map((m) => rows.map((j) => (j.modelId === m ? usdNumber(j.price) : null))),
  ];
}

export function OverviewPage() {
  const { data, error, updatedAt } = usePoll(overviewQuery, {}, parseOverview);
  const modelIds = useMemo(() => data?.models.map((m) => m.id) ?? [], [data?.models]);
  const perDay = useMemo(() => (data ? jobsPerDay(data.daily) : undefined), [data?.daily]);
  const prices = useMemo(
    () => (data ? clearingPrices(data.cleared, modelIds) : undefined),
    [data?.cleared, modelIds],
  );
  const m = data?.market;
  const dailyVolume = data?.daily.reduce((sum, s) => sum + BigInt(s.clearingVolume), 0n);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Market</h1>
      <QueryError error={error} />
      <Freshness updatedAt={updatedAt} />
      <dl class="stats" id="market-stats">
        <Stat label="Jobs posted" value={m ? String(m.jobCount) : "…"} />
        <Stat label="Jobs finalized" value={m ? String(m.jobsFinalized) : "…"} />
        <Stat label="Providers" value={m ? String(m.providerCount) : "…"} />
        <Stat label="Volume (paid to providers, net of fees)" value={m ? usd(m.volume) : "…"} />
        <Stat label="Protocol fees" value={m ? usd(m.fees) : "…"} />
        <Stat
          label="Cleared in auctions (gross)"
          value={dailyVolume === undefined ? "…" : usd(dailyVolume)}
        />
        <Stat label="Slashed" value={m ? vrt(m.slashed) : "…"} />
        <Stat label="Open disputes" value={data ? String(data.openDisputes.totalCount) : "…"} />
        <Stat label="New jobs" value={m ? (m.paused ? "paused" : "accepted") : "…"} />
      </dl>
      <div class="charts">
        {perDay && (
          <Chart
            title="Jobs per day"
            summary={`${perDay[0].length} days; ${m?.jobCount ?? 0} jobs posted in all`}
            data={perDay}
            yLabel="jobs"
            minXPad={86_400}
            series={[
              { label: "posted", color: PALETTE[0] ?? "#000", bars: true },
              { label: "finalized", color: PALETTE[2] ?? "#000", points: true },
            ]}
          />
        )}
        {prices && (
          <Chart
            title="Clearing price per job, by model"
            summary={`${prices[0].length} auctions cleared across ${modelIds.length} models`}
            data={prices}
            yLabel="USD"
            minXPad={30}
            series={modelIds.map((id, i) => ({
              label: `model ${id}`,
              color: PALETTE[i % PALETTE.length] ?? "#000",
              points: true,
            }))}
          />
        )}
      </div>
      <Table
        caption="Latest jobs"
        rows={data?.recent}
        rowKey={(j) => String(j.id)}
        columns={[
          { label: "Job", render: (j) => <JobLink id={j.id} /> },
          { label: "Model", render: (j) => String(j.modelId) },
          { label: "Status", render: (j) => <StatusBadge status={j.status} /> },
          { label: "Max price", render: (j) => usd(j.maxPrice), numeric: true },
          { label: "Price", render: (j) => usd(j.price), numeric: true },
          { label: "Posted", render: (j) => time(j.postedAt) },
        ]}
      />
      <Table
        caption="Open disputes"
        rows={data?.openDisputes.items}
        rowKey={(d) => `${d.jobId}-${d.seq}`}
        empty="No dispute is open."
        columns={[
          { label: "Job", render: (d) => <JobLink id={d.jobId} /> },
          { label: "Phase", render: (d) => d.phase ?? "—" },
          {
            label: "Layer",
            render: (d) => (d.layer === null ? "—" : String(d.layer)),
            numeric: true,
          },
          { label: "Next move by", render: (d) => time(d.moveDeadline) },
        ]}
      />
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
