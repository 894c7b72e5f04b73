import { parametersAbi } from "@verity/sdk/abis";
import { type Address, encodeFunctionData, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allRows } from "./harness/graphql.js";
import { type Stack, startStack } from "./harness/stack.js";
import { expectIndexMatchesChain } from "./harness/verify.js";

const VRT = (amount: number) => parseUnits(String(amount), 18);
const USD = (amount: number) => parseUnits(String(amount), 6);

let stack: Stack;
let deployer: Address;
let requester: Address;
let alice: Address;
let bob: Address;
let publisher: Address;
let game: Address;
let challenger: Address;
let carol: Address;
let actors: Address[];

/** Runs a one-round auction where every bidder commits and reveals; settles it. */
async function auction(jobId: bigint, bids: [Address, bigint][]) {
  const v = stack.verity;
  for (const [bidder, price] of bids) await v.commit(jobId, bidder, price);
  await v.passTimestamp((await v.job(jobId)).commitDeadline);
  for (const [bidder, price] of bids) await v.reveal(jobId, bidder, price);
  await v.passTimestamp((await v.job(jobId)).revealDeadline);
  await v.settle(jobId, deployer);
}

beforeAll(async () => {
  stack = await startStack("lifecycle");
  [deployer, requester, alice, bob, publisher, game, challenger, carol] = stack.anvil.clients
    .accounts as [Address, Address, Address, Address, Address, Address, Address, Address];
  actors = [deployer, requester, alice, bob, publisher, game, challenger, carol];
});

afterAll(async () => {
  await stack?.stop();
});

describe("the indexer follows a whole market", () => {
  let modelId: bigint;

  test("setup: models, providers, requester", async () => {
    const v = stack.verity;
    await v.transferVrt(deployer, publisher, VRT(100));
    ({ modelId } = await v.registerModel(publisher, "model-1"));
    const { modelId: floatModel } = await v.registerModel(publisher, "model-float", { kind: 0 });
    await v.retireModel(publisher, floatModel);
    for (const provider of [alice, bob, carol]) {
      await v.transferVrt(deployer, provider, VRT(10_000));
      await v.registerProvider(
        provider,
        provider === carol
          ? "not json"
          : JSON.stringify({ endpoint: `http://${provider}`, models: [String(modelId)] }),
      );
      await v.stake(provider, VRT(10_000));
    }
    await v.updateMetadata(bob, JSON.stringify({ endpoint: "http://bob", models: ["1", "2"] }));
    await v.mintUsd(requester, USD(1_000_000));
    await stack.synced();

    const { provider } = await stack.ponder.graphql<{
      provider: {
        registered: boolean;
        metadata: string;
        models: string[];
        endpoint: string;
        status: string;
      };
    }>(
      `query($a: String!) { provider(address: $a) { registered metadata models endpoint status } }`,
      {
        a: bob.toLowerCase(),
      },
    );
    expect(provider).toEqual({
      registered: true,
      metadata: JSON.stringify({ endpoint: "http://bob", models: ["1", "2"] }),
      models: ["1", "2"],
      endpoint: "http://bob",
      status: "Active",
    });
  });

  test("a full lifecycle: post, two sealed bids, settle, submit, finalize, claim", async () => {
    const v = stack.verity;
    const { jobId } = await v.post(requester, v.request(modelId));
    await auction(jobId, [
      [alice, USD(60)],
      [bob, USD(50)],
    ]);
    await v.submit(jobId, bob);
    await v.passTimestamp((await v.job(jobId)).deadline);
    await v.finalize(jobId, deployer);
    await v.claim(bob);
    await v.claim(requester);
    await stack.synced();

    const { job } = await stack.ponder.graphql<{ job: Record<string, unknown> }>(
      `query($id: BigInt!) { job(id: $id) {
        status provider price payment fee refund
        bids { items { bidder price revealed won } }
        statusChanges(orderBy: "blockNumber") { items { from to } }
        results { items { status output } }
      } }`,
      { id: String(jobId) },
    );
    expect(job).toMatchObject({
      status: "Finalized",
      provider: bob.toLowerCase(),
      price: String(USD(50)),
      payment: String(USD(50) - USD(0.5)),
      fee: String(USD(0.5)),
      refund: String(USD(50)),
      statusChanges: {
        items: [
          { from: null, to: "Bidding" },
          { from: "Bidding", to: "Assigned" },
          { from: "Assigned", to: "Submitted" },
          { from: "Submitted", to: "Finalized" },
        ],
      },
      results: { items: [{ status: "Accepted", output: "0x0a0b0c0d" }] },
    });
    const bids = (job.bids as { items: { bidder: string; won: boolean }[] }).items;
    expect(bids.map((bid) => [bid.bidder, bid.won]).sort()).toEqual(
      [
        [alice.toLowerCase(), false],
        [bob.toLowerCase(), true],
      ].sort(),
    );
  });

  test("a missed deadline slashes and expires; a re-auction opens round 1", async () => {
    const v = stack.verity;
    const { jobId: late } = await v.post(requester, v.request(modelId));
    await auction(late, [[alice, USD(70)]]);
    await v.passTimestamp((await v.job(late)).deadline);
    await v.reportMissedDeadline(late, requester);

    const { jobId: again } = await v.post(requester, v.request(modelId, { reauction: true }));
    await auction(again, [[alice, USD(40)]]);
    await v.passTimestamp((await v.job(again)).deadline);
    await v.reportMissedDeadline(again, requester);
    await auction(again, [[bob, USD(45)]]);
    await v.submitUri(again, bob, "ipfs://output");
    await v.passTimestamp((await v.job(again)).deadline);
    await v.finalizeUri(again, requester, "ipfs://output");
    await stack.synced();

    const {
      late: lateJob,
      again: againJob,
      alice: record,
    } = await stack.ponder.graphql<Record<string, Record<string, unknown>>>(
      `query($late: BigInt!, $again: BigInt!, $alice: String!) {
        late: job(id: $late) { status slashed expiredAt }
        again: job(id: $again) { status round provider results { items { round outputUri status } } }
        alice: provider(address: $alice) { jobsWon jobsLate jobsCompleted missedInARow }
      }`,
      { late: String(late), again: String(again), alice: alice.toLowerCase() },
    );
    expect(lateJob?.status).toBe("Expired");
    expect(BigInt(lateJob?.slashed as string)).toBeGreaterThan(0n);
    expect(againJob).toMatchObject({
      status: "Finalized",
      round: 1,
      provider: bob.toLowerCase(),
      results: { items: [{ round: 1, outputUri: "ipfs://output", status: "Accepted" }] },
    });
    expect(record).toEqual({ jobsWon: 2, jobsLate: 2, jobsCompleted: 0, missedInARow: 2 });

    // A finalized job resets the count of deadlines missed in a row.
    const { jobId: onTime } = await v.post(requester, v.request(modelId));
    await auction(onTime, [[alice, USD(20)]]);
    await v.submit(onTime, alice);
    await v.passTimestamp((await v.job(onTime)).deadline);
    await v.finalize(onTime, requester);
    await stack.synced();
    const { provider } = await stack.ponder.graphql<{ provider: Record<string, unknown> }>(
      "query($a: String!) { provider(address: $a) { jobsCompleted missedInARow } }",
      { a: alice.toLowerCase() },
    );
    expect(provider).toEqual({ jobsCompleted: 1, missedInARow: 0 });
  });

  test("a cancel, a failed auction, and a job left open", async () => {
    const v = stack.verity;
    const { jobId: cancelled } = await v.post(requester, v.request(modelId));
    await v.cancel(requester, cancelled);
    const { jobId: failed } = await v.post(requester, v.request(modelId));
    await v.commit(failed, bob, USD(10));
    await v.passTimestamp((await v.job(failed)).revealDeadline);
    await v.settle(failed, requester);
    // Bob never revealed: anyone may forfeit his commitment, which pays the requester.
    await v.forfeit(failed, 0, bob, requester);
    const open = await v.postWithUri(
      requester,
      v.request(modelId, { maxPrice: USD(5) }),
      "ipfs://input",
    );
    await v.commit(open, alice, USD(4));
    await stack.synced();

    const data = await stack.ponder.graphql<{
      jobs: { items: { id: string; inputUri: string }[] };
    }>(
      `query($model: BigInt!) { jobs(where: { modelId: $model, status: Bidding }) { items { id inputUri } } }`,
      { model: String(modelId) },
    );
    expect(data.jobs.items).toEqual([{ id: String(open), inputUri: "ipfs://input" }]);
    const { c, f } = await stack.ponder.graphql<Record<string, { status: string; refund: string }>>(
      `query($c: BigInt!, $f: BigInt!) { c: job(id: $c) { status refund } f: job(id: $f) { status refund } }`,
      { c: String(cancelled), f: String(failed) },
    );
    expect(c).toEqual({ status: "Cancelled", refund: String(USD(100)) });
    expect(f).toEqual({ status: "Expired", refund: String(USD(100)) });
    const forfeited = await stack.ponder.graphql<{
      job: { collateral: string; bids: { items: Record<string, unknown>[] } };
      provider: { bidsForfeited: number };
    }>(
      `query($f: BigInt!, $bob: String!) {
        job(id: $f) { collateral bids { items { bidder collateral revealed forfeited slashed } } }
        provider(address: $bob) { bidsForfeited }
      }`,
      { f: String(failed), bob: bob.toLowerCase() },
    );
    const [bid] = forfeited.job.bids.items;
    expect(bid).toMatchObject({
      bidder: bob.toLowerCase(),
      collateral: forfeited.job.collateral,
      revealed: false,
      forfeited: true,
    });
    expect(BigInt(bid?.slashed as string)).toBeGreaterThan(0n);
    expect(forfeited.provider.bidsForfeited).toBe(1);
  });

  test("disputes side by side: a result proven wrong, a result defended twice", async () => {
    const v = stack.verity;
    const second = game; // another challenger
    const query = `query($id: BigInt!) { job(id: $id) {
      status disputeCount openDisputes
      disputes(orderBy: "seq") { items { seq outcome stale challenger phase winner activation reward moves(orderBy: "logIndex") { items { kind } } } }
      rewardPots { items { round pot shares remaining sharesLeft } }
      results { items { status } }
    } }`;
    for (const who of [challenger, second]) await v.transferVrt(deployer, who, VRT(100));

    // Two challenges; the provider answers neither. The first timeout proves the result
    // wrong and funds the round's reward pot; the second dispute is then closed as stale at
    // once (by anyone), with its bond and the other half of the pot.
    const { jobId: lost } = await v.post(requester, v.request(modelId));
    await auction(lost, [[alice, USD(30)]]);
    await v.submit(lost, alice);
    const a = await v.challenge(challenger, lost, 2);
    const b = await v.challenge(second, lost, 2);
    await v.timeout(requester, a);
    await v.closeStale(requester, b);
    await v.claimBond(challenger);

    // Two challenges; the provider answers both and nobody proves anything: the provider
    // wins both, the job is Submitted again and is paid.
    const { jobId: won } = await v.post(requester, v.request(modelId));
    await auction(won, [[bob, USD(35)]]);
    await v.submit(won, bob);
    const c = await v.challenge(challenger, won, 2);
    const d = await v.challenge(second, won, 2);
    await stack.synced();
    const open = await stack.ponder.graphql<{ job: { status: string; openDisputes: number } }>(
      "query($id: BigInt!) { job(id: $id) { status openDisputes } }",
      { id: String(won) },
    );
    expect(open.job).toEqual({ status: "Disputed", openDisputes: 2 });
    await v.respond(bob, c);
    await v.respond(bob, d);
    await v.timeout(requester, c);
    await v.timeout(requester, d);
    await v.passTimestamp((await v.job(won)).deadline);
    await v.finalize(won, requester);
    await stack.synced();

    const { job: lostJob } = await stack.ponder.graphql<{ job: Record<string, unknown> }>(query, {
      id: String(lost),
    });
    expect(lostJob).toMatchObject({
      status: "Rejected",
      disputeCount: 2,
      openDisputes: 0,
      disputes: {
        items: [
          {
            seq: 0,
            outcome: "ChallengerWon",
            stale: false,
            challenger: challenger.toLowerCase(),
            winner: challenger.toLowerCase(),
            moves: { items: [{ kind: "Opened" }, { kind: "TimedOut" }, { kind: "Resolved" }] },
          },
          {
            seq: 1,
            outcome: "ChallengerWon",
            stale: true,
            challenger: second.toLowerCase(),
            winner: second.toLowerCase(),
            moves: { items: [{ kind: "Opened" }, { kind: "Resolved" }, { kind: "Stale" }] },
          },
        ],
      },
      rewardPots: { items: [{ round: 0, shares: 2, remaining: "0", sharesLeft: 0 }] },
      results: { items: [{ status: "Rejected" }] },
    });
    // The pot is split between the two challengers that were open at the conviction.
    const pot = BigInt((lostJob.rewardPots as { items: { pot: string }[] }).items[0]?.pot ?? "0");
    const rewards = (lostJob.disputes as { items: { reward: string }[] }).items.map((d) =>
      BigInt(d.reward),
    );
    expect(pot).toBeGreaterThan(0n);
    expect(rewards).toEqual([pot / 2n, pot - pot / 2n]);
    const defended = {
      outcome: "ProviderWon",
      phase: "ProviderWon",
      stale: false,
      winner: bob.toLowerCase(),
      activation: "0x0a0b0c0d",
      moves: {
        items: [
          { kind: "Opened" },
          { kind: "Responded" },
          { kind: "TimedOut" },
          { kind: "Resolved" },
        ],
      },
    };
    const { job: wonJob } = await stack.ponder.graphql<{ job: Record<string, unknown> }>(query, {
      id: String(won),
    });
    expect(wonJob).toMatchObject({
      status: "Finalized",
      disputeCount: 2,
      openDisputes: 0,
      disputes: {
        items: [
          { seq: 0, ...defended },
          { seq: 1, ...defended },
        ],
      },
      results: { items: [{ status: "Accepted" }] },
    });
  });

  test("stake leaves through unbonding; the guardian pauses and unpauses", async () => {
    const v = stack.verity;
    await v.requestUnstake(carol, VRT(9_950));
    await v.advance(3_601);
    await v.withdraw(carol);
    await v.setPaused(deployer, true);
    await v.setPaused(deployer, false);
    await v.delegateVrt(requester, alice);
    await stack.synced();
    const { provider } = await stack.ponder.graphql<{ provider: Record<string, unknown> }>(
      `query($a: String!) { provider(address: $a) { status bonded unbonding metadata models stakeEvents { totalCount } } }`,
      { a: carol.toLowerCase() },
    );
    expect(provider).toEqual({
      status: "Underbonded",
      bonded: String(VRT(50)),
      unbonding: "0",
      metadata: "not json",
      models: null,
      stakeEvents: { totalCount: 3 },
    });
  });

  test("a parameter change through governance, with its votes", async () => {
    const v = stack.verity;
    const proposalId = await v.govern(
      deployer,
      [
        { voter: deployer, support: 1, reason: "longer windows" },
        { voter: alice, support: 0, reason: "too slow" },
        { voter: bob, support: 2 },
      ],
      [
        v.parametersCall(
          encodeFunctionData({
            abi: parametersAbi,
            functionName: "setChallengeWindow",
            args: [120],
          }),
        ),
        v.parametersCall(
          encodeFunctionData({
            abi: parametersAbi,
            functionName: "setMinStake",
            args: [VRT(20_000)],
          }),
        ),
      ],
      "Raise the challenge window and the minimum stake",
    );
    // A job posted after the change, to see the new windows at work.
    await v.post(requester, v.request(modelId, { maxPrice: USD(7) }));
    await stack.synced();

    const { proposal, parameter, providers } = await stack.ponder.graphql<Record<string, unknown>>(
      `query($id: BigInt!) {
        proposal(id: $id) {
          status description quorum defeatedBecause
          actions
          votes { items { support reason } }
          parameterChanges { items { name newValue sender executor } }
        }
        parameter(name: "challengeWindow") { value changeCount }
        providers(where: { status: Active }) { totalCount }
      }`,
      { id: String(proposalId) },
    );
    expect(proposal).toMatchObject({
      status: "Executed",
      description: "Raise the challenge window and the minimum stake",
    });
    const { votes, parameterChanges, actions, quorum } = proposal as {
      votes: { items: { support: string; reason: string }[] };
      parameterChanges: {
        items: { name: string; newValue: string; sender: string; executor: string }[];
      };
      actions: { parameter: string; oldValue: string; newValue: string; functionName: string }[];
      quorum: string;
    };
    // The calls in words, with the values they replaced.
    expect(actions.map((a) => [a.functionName, a.parameter, a.oldValue, a.newValue])).toEqual([
      ["setChallengeWindow", "challengeWindow", "60", "120"],
      ["setMinStake", "minStake", String(VRT(100)), String(VRT(20_000))],
    ]);
    expect(BigInt(quorum)).toBeGreaterThan(0n);
    // The timelock made the changes; the deployer only sent the `execute`.
    for (const change of parameterChanges.items) {
      expect(change.sender).toBe(stack.deployment.timelock?.toLowerCase());
      expect(change.executor).toBe(deployer.toLowerCase());
    }
    expect(votes.items.map((vote) => vote.support).sort()).toEqual(["Abstain", "Against", "For"]);
    expect(parameterChanges.items.map((change) => change.name).sort()).toEqual([
      "challengeWindow",
      "minStake",
    ]);
    expect(parameter).toEqual({ value: "120", changeCount: 2 });
    // Nobody holds 20,000 VRT of stake: every provider is re-graded at once.
    expect(providers).toEqual({ totalCount: 0 });
  });

  test("every table equals the chain", async () => {
    await stack.synced();
    await expectIndexMatchesChain(stack, actors);
  });

  test("a bad GraphQL query is a 400 that says what to write instead", async () => {
    const post = (query: string) =>
      fetch(`${stack.ponder.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
    const bad = await post('{ jobs(orderBy: "cost", limit: 1001) { items { id } } }');
    expect(bad.status).toBe(400);
    const { errors } = (await bad.json()) as {
      errors: { message: string; extensions?: { hint?: string } }[];
    };
    expect(errors.map((e) => e.message)).toEqual([
      'jobs: cannot order by "cost"',
      "jobs: limit 1001 is out of range",
    ]);
    expect(errors[0]?.extensions?.hint).toContain("maxPrice");
    const subgraph = await post("{ jobs(first: 2) { items { id } } }");
    expect(subgraph.status).toBe(400);
    expect(JSON.stringify(await subgraph.json())).toContain("Ponder pages with limit");
    const good = await post('{ jobs(orderBy: "maxPrice", limit: 2) { items { id } } }');
    expect(good.status).toBe(200);
  });

  test("prices sort without empty ones first; credits name their jobs; the record sorts by its ratios", async () => {
    const { ponder } = stack;
    type Job = { id: string; price: string; provider: string | null };
    const { byPrice } = await ponder.graphql<{ byPrice: { items: Job[] } }>(
      `{ byPrice: jobs(orderBy: "price", orderDirection: "desc", limit: 1000) { items { id price provider } } }`,
    );
    // Jobs with no leading bid (price 0, as getJob) exist, and come after every priced job.
    const unpriced = byPrice.items.findIndex((job) => job.provider === null);
    expect(unpriced).toBeGreaterThan(0);
    expect(byPrice.items.slice(unpriced).every((job) => job.price === "0")).toBe(true);
    expect(byPrice.items.slice(0, unpriced).every((job) => BigInt(job.price) > 0n)).toBe(true);

    // A finalized job's credits: provider (net), treasury (fee), requester (the unspent escrow).
    const { jobs } = await ponder.graphql<{
      jobs: { items: { id: string; payment: string; fee: string; refund: string }[] };
    }>(`{ jobs(where: { status: Finalized }, limit: 1) { items { id payment fee refund } } }`);
    const finalized = jobs.items[0];
    if (finalized === undefined) throw new Error("no finalized job");
    const { job } = await ponder.graphql<{
      job: { balanceChanges: { items: { amount: string; jobId: string }[] } };
    }>(`{ job(id: "${finalized.id}") { balanceChanges { items { amount jobId } } } }`);
    expect(job.balanceChanges.items.map((c) => BigInt(c.amount)).sort()).toEqual(
      [finalized.payment, finalized.fee, finalized.refund]
        .map(BigInt)
        .filter((amount) => amount > 0n)
        .sort(),
    );

    // The record's ratios and latency are columns: sortable, and every provider with a result
    // has a latency.
    type Record = {
      address: string;
      jobsEnded: number;
      completionBps: number;
      disputeLossBps: number;
      resultsSubmitted: number;
      meanLatencySeconds: string | null;
      meanLatencyBlocks: string | null;
    };
    const { providers } = await ponder.graphql<{ providers: { items: Record[] } }>(
      `{ providers(where: { jobsEnded_gt: 0 }, orderBy: "completionBps", orderDirection: "desc") {
        items { address jobsEnded completionBps disputeLossBps resultsSubmitted meanLatencySeconds meanLatencyBlocks }
      } }`,
    );
    const ratios = providers.items.map((p) => p.completionBps);
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    // The scenarios above end jobs every way: some provider completed all, some not.
    expect(ratios[0]).toBe(10_000);
    expect(ratios.at(-1)).toBeLessThan(10_000);
    expect(providers.items.some((p) => p.disputeLossBps > 0)).toBe(true);
    for (const p of providers.items.filter((p) => p.resultsSubmitted > 0)) {
      expect(p.meanLatencySeconds, p.address).not.toBeNull();
      expect(BigInt(p.meanLatencyBlocks ?? "0"), p.address).toBeGreaterThan(0n);
    }

    // The last 7 days, sorted by completion ratio (docs/indexer.md, the worked query), with the
    // chain's clock for "today".
    const head = await stack.anvil.clients.public.getBlock();
    const today = Number(head.timestamp / 86_400n);
    const week = (await (
      await fetch(
        `${ponder.url}/providers/ranking?since=${today - 6}&orderBy=completionBps&minEnded=1`,
      )
    ).json()) as { providers: { provider: string; completionBps: number; jobsEnded: number }[] };
    expect(week.providers.length).toBeGreaterThan(0);
    const weekly = week.providers.map((p) => p.completionBps);
    expect(weekly).toEqual([...weekly].sort((a, b) => b - a));
    expect(week.providers.every((p) => p.jobsEnded >= 1)).toBe(true);
  });

  test("SQL over HTTP answers read-only queries and refuses writes", async () => {
    const query = (sql: string) =>
      fetch(
        `${stack.ponder.url}/sql/db?sql=${encodeURIComponent(JSON.stringify({ json: { sql, params: [] } }))}`,
      );
    const answer = await query("select count(*) as n from job");
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { rows: { n: string | number }[] };
    const jobs = await allRows(stack.ponder, "jobs", "id");
    expect(Number(body.rows[0]?.n)).toBe(jobs.length);
    expect((await query("delete from job")).status).not.toBe(200);
  });

  test("integrators' queries: open jobs, a provider's record, clearing prices, active proposals", async () => {
    const { ponder } = stack;
    const data = await ponder.graphql<Record<string, { items: unknown[] }>>(`{
      openJobs: jobs(where: { modelId: "1", status_in: [Bidding] }, orderBy: "postedAt", orderDirection: "desc") { items { id maxPrice revealDeadline } }
      record: providers(orderBy: "jobsCompleted", orderDirection: "desc", limit: 5) { items { address jobsWon jobsCompleted jobsLate disputesLost totalSlashed earnings } }
      prices: dailyModelStats(where: { modelId: "1" }, orderBy: "day") { items { date medianClearingPrice lastClearingPrice clearingCount } }
    }`);
    expect(data.openJobs?.items.length).toBe(2);
    expect(data.record?.items.length).toBeGreaterThan(0);
    expect(data.prices?.items.length).toBeGreaterThan(0);
    const none = await fetch(`${ponder.url}/proposals/active`);
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({ proposals: [] });

    // A proposal left open: active once its snapshot block has passed.
    const v = stack.verity;
    const proposalId = await v.propose(
      deployer,
      [
        v.parametersCall(
          encodeFunctionData({
            abi: parametersAbi,
            functionName: "setProtocolFeeBps",
            args: [200],
          }),
        ),
      ],
      "Raise the protocol fee",
    );
    await stack.anvil.clients.test.mine({ blocks: 2 });
    await stack.synced();
    const { proposals } = await ponder.graphql<{ proposals: { items: { id: string }[] } }>(
      `{ proposals(where: { status: Active }) { items { id } } }`,
    );
    expect(proposals.items).toEqual([{ id: String(proposalId) }]);
    const active = (await (await fetch(`${ponder.url}/proposals/active`)).json()) as {
      proposals: { id: string; description: string }[];
    };
    expect(active.proposals.map((p) => [p.id, p.description])).toEqual([
      [String(proposalId), "Raise the protocol fee"],
    ]);
    await expectIndexMatchesChain(stack, actors);
  });
});
