/**
 * The providers' record (counts, ratios, latency, per day and per model and day), the job ids on
 * credits and the market's volumes, each recomputed from the contracts' raw logs and compared
 * with what the indexer serves.
 */
import { jobMarketAbi } from "@verity/sdk/abis";
import { jobStatuses } from "@verity/sdk/enums";
import type { Address, ContractEventName, Log } from "viem";
import { expect } from "vitest";
import { allRows } from "./graphql.js";
import type { Stack } from "./stack.js";

type Row = Record<string, string | number | boolean | null>;

type Counts = {
  bidsCommitted: number;
  bidsRevealed: number;
  jobsWon: number;
  jobsCompleted: number;
  jobsLate: number;
  disputesWon: number;
  disputesLost: number;
  earnings: bigint;
  resultsSubmitted: number;
  latencySecondsSum: bigint;
  latencyBlocksSum: bigint;
};

const zero = (): Counts => ({
  bidsCommitted: 0,
  bidsRevealed: 0,
  jobsWon: 0,
  jobsCompleted: 0,
  jobsLate: 0,
  disputesWon: 0,
  disputesLost: 0,
  earnings: 0n,
  resultsSubmitted: 0,
  latencySecondsSum: 0n,
  latencyBlocksSum: 0n,
});

/** Basis points rounded down, 0 over 0: the indexer's documented rule, written out again here. */
const bps = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.floor((part * 10_000) / whole);

/** A day or window row as served: the counts, their jobs ended and completion ratio. */
const served = (counts: Counts) => {
  const jobsEnded = counts.jobsCompleted + counts.jobsLate + counts.disputesLost;
  return {
    bidsCommitted: counts.bidsCommitted,
    bidsRevealed: counts.bidsRevealed,
    jobsWon: counts.jobsWon,
    jobsCompleted: counts.jobsCompleted,
    jobsLate: counts.jobsLate,
    disputesWon: counts.disputesWon,
    disputesLost: counts.disputesLost,
    jobsEnded,
    completionBps: bps(counts.jobsCompleted, jobsEnded),
    earnings: String(counts.earnings),
    resultsSubmitted: counts.resultsSubmitted,
    latencySecondsSum: String(counts.latencySecondsSum),
    latencyBlocksSum: String(counts.latencyBlocksSum),
  };
};

const dayFields =
  "provider day date bidsCommitted bidsRevealed jobsWon jobsCompleted jobsLate disputesWon disputesLost jobsEnded completionBps earnings resultsSubmitted latencySecondsSum latencyBlocksSum";

type Ordered = { blockNumber: bigint; logIndex: number };
const before = (a: Ordered, b: Ordered) =>
  a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex);

export async function expectRecordMatchesLogs(stack: Stack) {
  const { ponder, deployment: d } = stack;
  const client = stack.anvil.clients.public;
  const market = <name extends ContractEventName<typeof jobMarketAbi>>(eventName: name) =>
    client.getContractEvents({
      address: d.jobMarket,
      abi: jobMarketAbi,
      eventName,
      fromBlock: 0n,
      strict: true,
    });
  const blockTimes = new Map<bigint, bigint>();
  const timeOf = async (log: Log) => {
    const number = log.blockNumber as bigint;
    let time = blockTimes.get(number);
    if (time === undefined) {
      time = (await client.getBlock({ blockNumber: number })).timestamp;
      blockTimes.set(number, time);
    }
    return time;
  };

  const modelOf = new Map((await market("JobPosted")).map((l) => [l.args.jobId, l.args.modelId]));
  const assignments = await market("JobAssigned");
  /** Who held the job at a log: the provider of its latest assignment before it. */
  const assignmentAt = (jobId: bigint, at: Ordered) =>
    assignments
      .filter((a) => a.args.jobId === jobId && before(a as Ordered, at))
      .sort((a, b) => (before(a as Ordered, b as Ordered) ? -1 : 1))
      .at(-1);

  const total = new Map<string, Counts>();
  const days = new Map<string, Counts>();
  const modelDays = new Map<string, Counts>();
  const last = new Map<string, { at: Ordered; seconds: bigint; blocks: bigint }>();
  const count = async (
    provider: Address,
    jobId: bigint,
    log: Log,
    change: (counts: Counts) => void,
  ) => {
    const p = provider.toLowerCase();
    const day = Number((await timeOf(log)) / 86_400n);
    const model = modelOf.get(jobId);
    if (model === undefined) throw new Error(`job ${jobId} was never posted`);
    for (const [map, key] of [
      [total, p],
      [days, `${p}:${day}`],
      [modelDays, `${p}:${model}:${day}`],
    ] as const) {
      const counts = map.get(key) ?? zero();
      change(counts);
      map.set(key, counts);
    }
  };

  for (const l of await market("BidCommitted"))
    await count(l.args.bidder, l.args.jobId, l, (c) => void c.bidsCommitted++);
  for (const l of await market("BidRevealed"))
    await count(l.args.bidder, l.args.jobId, l, (c) => void c.bidsRevealed++);
  for (const l of assignments)
    await count(l.args.provider, l.args.jobId, l, (c) => void c.jobsWon++);
  for (const l of await market("JobFinalized")) {
    await count(l.args.provider, l.args.jobId, l, (c) => {
      c.jobsCompleted++;
      c.earnings += l.args.payment;
    });
  }
  for (const l of await market("DeadlineMissed"))
    await count(l.args.provider, l.args.jobId, l, (c) => void c.jobsLate++);
  for (const l of await market("ResultRejected"))
    await count(l.args.provider, l.args.jobId, l, (c) => void c.disputesLost++);
  for (const l of await market("DisputeRejected")) {
    const holder = assignmentAt(l.args.jobId, l as Ordered);
    if (holder === undefined) throw new Error(`dispute on job ${l.args.jobId} never assigned`);
    await count(holder.args.provider, l.args.jobId, l, (c) => void c.disputesWon++);
  }
  for (const l of await market("ResultSubmitted")) {
    const assigned = assignmentAt(l.args.jobId, l as Ordered);
    if (assigned === undefined) throw new Error(`result of job ${l.args.jobId} never assigned`);
    const seconds = (await timeOf(l)) - (await timeOf(assigned));
    const blocks = (l.blockNumber as bigint) - (assigned.blockNumber as bigint);
    await count(l.args.provider, l.args.jobId, l, (c) => {
      c.resultsSubmitted++;
      c.latencySecondsSum += seconds;
      c.latencyBlocksSum += blocks;
    });
    const p = l.args.provider.toLowerCase();
    const previous = last.get(p);
    if (previous === undefined || before(previous.at, l as Ordered))
      last.set(p, { at: l as Ordered, seconds, blocks });
  }

  /* the provider rows: counts, ratios, latency, and jobs in flight as the chain holds them */
  const providers = await allRows<Row>(
    ponder,
    "providers",
    "address bidsCommitted bidsRevealed jobsWon jobsInFlight jobsCompleted jobsLate disputesWon disputesLost jobsEnded completionBps disputeLossBps revealBps earnings resultsSubmitted latencySecondsSum latencyBlocksSum meanLatencySeconds meanLatencyBlocks lastLatencySeconds lastLatencyBlocks",
  );
  const jobCount = await client.readContract({
    address: d.jobMarket,
    abi: jobMarketAbi,
    functionName: "jobCount",
  });
  const inFlight = new Map<string, number>();
  for (let id = 1n; id <= jobCount; id++) {
    const job = await client.readContract({
      address: d.jobMarket,
      abi: jobMarketAbi,
      functionName: "getJob",
      args: [id],
    });
    const status = jobStatuses[job.status];
    if (status === "Assigned" || status === "Submitted" || status === "Disputed") {
      const p = job.provider.toLowerCase();
      inFlight.set(p, (inFlight.get(p) ?? 0) + 1);
    }
  }
  for (const row of providers) {
    const p = row.address as string;
    const counts = total.get(p) ?? zero();
    const n = BigInt(counts.resultsSubmitted);
    const latest = last.get(p);
    const { jobsEnded, completionBps, ...rest } = served(counts);
    expect(row, `record of ${p}`).toEqual({
      address: p,
      ...rest,
      jobsEnded,
      completionBps,
      jobsInFlight: inFlight.get(p) ?? 0,
      disputeLossBps: bps(counts.disputesLost, counts.disputesWon + counts.disputesLost),
      revealBps: bps(counts.bidsRevealed, counts.bidsCommitted),
      meanLatencySeconds: n === 0n ? null : String(counts.latencySecondsSum / n),
      meanLatencyBlocks: n === 0n ? null : String(counts.latencyBlocksSum / n),
      lastLatencySeconds: latest === undefined ? null : String(latest.seconds),
      lastLatencyBlocks: latest === undefined ? null : String(latest.blocks),
    });
    expect(row.jobsWon, `jobs won by ${p}: in flight or ended`).toBe(
      (row.jobsInFlight as number) + jobsEnded,
    );
  }

  /* the windows: one row per provider and day, and per provider, model and day */
  const dayRows = await allRows<Row>(ponder, "providerDays", dayFields);
  expect(dayRows.length).toBe(days.size);
  for (const row of dayRows) {
    const key = `${row.provider}:${row.day}`;
    const { provider: _p, day: _d, date, ...rest } = row;
    expect(rest, `day ${key}`).toEqual(served(days.get(key) ?? zero()));
    expect(date).toBe(new Date((row.day as number) * 86_400_000).toISOString().slice(0, 10));
  }
  const modelDayRows = await allRows<Row>(ponder, "providerModelDays", `${dayFields} modelId`);
  expect(modelDayRows.length).toBe(modelDays.size);
  for (const row of modelDayRows) {
    const key = `${row.provider}:${row.modelId}:${row.day}`;
    const { provider: _p, day: _d, date: _date, modelId: _m, ...rest } = row;
    expect(rest, `model day ${key}`).toEqual(served(modelDays.get(key) ?? zero()));
  }

  /* the ranking over a window: the days' sums, sorted (the whole history, then the last day) */
  const ranking = async (query: string) => {
    const response = await fetch(`${ponder.url}/providers/ranking?${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const windowOf = (from: number) => {
    const sums = new Map<string, Counts>();
    for (const [key, counts] of days) {
      const [p = "", day = ""] = key.split(":");
      if (Number(day) < from) continue;
      const sum = sums.get(p) ?? zero();
      for (const name of Object.keys(counts) as (keyof Counts)[]) {
        (sum[name] as number | bigint) = (sum[name] as bigint) + (counts[name] as bigint);
      }
      sums.set(p, sum);
    }
    return [...sums].map(([p, c]) => {
      const { latencySecondsSum: _s, latencyBlocksSum: _b, ...rest } = served(c);
      const n = BigInt(c.resultsSubmitted);
      return {
        provider: p,
        ...rest,
        disputeLossBps: bps(c.disputesLost, c.disputesWon + c.disputesLost),
        revealBps: bps(c.bidsRevealed, c.bidsCommitted),
        meanLatencySeconds: n === 0n ? null : String(c.latencySecondsSum / n),
        meanLatencyBlocks: n === 0n ? null : String(c.latencyBlocksSum / n),
      };
    });
  };
  const byCompletion = (a: { completionBps: number; provider: string }, b: typeof a) =>
    b.completionBps - a.completionBps || (a.provider < b.provider ? -1 : 1);
  const allDays = await ranking("since=0&orderBy=completionBps");
  expect(allDays.status).toBe(200);
  expect(allDays.body.providers).toEqual(windowOf(0).sort(byCompletion));
  if (days.size > 0) {
    const lastDay = Math.max(...[...days.keys()].map((key) => Number(key.split(":")[1])));
    const lastDayRanking = await ranking(`since=${lastDay}&orderBy=jobsWon&orderDirection=asc`);
    expect(lastDayRanking.body.providers).toEqual(
      windowOf(lastDay).sort((a, b) => a.jobsWon - b.jobsWon || (a.provider < b.provider ? -1 : 1)),
    );
  }
  const bad = await ranking("days=7&orderBy=cost");
  expect(bad).toEqual({
    status: 400,
    body: { error: expect.stringContaining('cannot order by "cost": one of completionBps') },
  });

  /* credits: each names the job whose payout or refund (in the same transaction) made it */
  const credits = await market("Credited");
  const payouts = [...(await market("JobFinalized")), ...(await market("JobRefunded"))];
  const ledger = await allRows<Row>(
    ponder,
    "balanceChanges",
    "transactionHash logIndex jobId job { id }",
    "{ asset: Payment, kind: Credited }",
  );
  expect(ledger.length).toBe(credits.length);
  for (const credit of credits) {
    const row = ledger.find(
      (r) => r.transactionHash === credit.transactionHash && r.logIndex === credit.logIndex,
    );
    expect(row, `credit ${credit.transactionHash}:${credit.logIndex}`).toMatchObject({
      jobId: String(credit.args.jobId),
      job: { id: String(credit.args.jobId) },
    });
    expect(
      payouts.some(
        (p) => p.transactionHash === credit.transactionHash && p.args.jobId === credit.args.jobId,
      ),
      `credit to ${credit.args.account} for job ${credit.args.jobId} has its payout`,
    ).toBe(true);
  }

  /* the market's volumes: net (to providers), fees, gross (what requesters paid) */
  const finalized = await market("JobFinalized");
  const net = finalized.reduce((sum, l) => sum + l.args.payment, 0n);
  const fees = finalized.reduce((sum, l) => sum + l.args.fee, 0n);
  const { market: row } = await ponder.graphql<{ market: Row }>(
    `{ market(id: "market") { volume grossVolume fees } }`,
  );
  expect(row).toEqual({
    volume: String(net),
    grossVolume: String(net + fees),
    fees: String(fees),
  });
}
