import { createVerityClient, getParameters } from "@verity/sdk";
import {
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  parametersAbi,
  stakingAbi,
  verityGovernorAbi,
  verityTokenAbi,
} from "@verity/sdk/abis";
import { disputePhases, jobStatuses, modelKinds, proposalStates } from "@verity/sdk/enums";
import {
  type Address,
  type ContractEventName,
  encodePacked,
  getAddress,
  type Hex,
  hexToString,
  keccak256,
} from "viem";
import { expect } from "vitest";
import { allRows, big } from "./graphql.js";
import type { Stack } from "./stack.js";
import { expectRecordMatchesLogs } from "./verify-record.js";

const ZERO = "0x0000000000000000000000000000000000000000";
const ZERO32 = `0x${"00".repeat(32)}` as const;

const lower = (address: string | null) => (address === null ? null : address.toLowerCase());
const orNull = (address: string) => (address === ZERO ? null : address.toLowerCase());
const day = (timestamp: bigint) => Number(timestamp / 86_400n);

type Row = Record<string, string | number | boolean | null | unknown[]>;

/**
 * Asserts that every table of the indexer equals what the chain says: contract
 * views for state, and the contracts' own logs for history and statistics.
 * `accounts` are the addresses that acted, since the chain cannot list them.
 */
export async function expectIndexMatchesChain(stack: Stack, accounts: Address[]) {
  const { ponder, deployment: d } = stack;
  const client = stack.anvil.clients.public;
  const market = { address: d.jobMarket, abi: jobMarketAbi } as const;
  const staking = { address: d.staking, abi: stakingAbi } as const;
  const logs = {
    market: <name extends ContractEventName<typeof jobMarketAbi>>(eventName: name) =>
      client.getContractEvents({
        address: d.jobMarket,
        abi: jobMarketAbi,
        eventName,
        fromBlock: 0n,
        strict: true,
      }),
    staking: <name extends ContractEventName<typeof stakingAbi>>(eventName: name) =>
      client.getContractEvents({
        address: d.staking,
        abi: stakingAbi,
        eventName,
        fromBlock: 0n,
        strict: true,
      }),
  };

  /* jobs: every field of getJob */
  const jobCount = await client.readContract({ ...market, functionName: "jobCount" });
  const jobs = await allRows<Row>(
    ponder,
    "jobs",
    "id requester modelId status round reauction outputInline commitCount maxPrice collateral commitDeadline revealDeadline provider price consumer callbackGasLimit deadline executionWindow inputHash outputHash traceRoot openDisputes",
  );
  expect(jobs.length).toBe(Number(jobCount));
  // The collateral and the assurance level asked for, as posted.
  const postedJobs = await logs.market("JobPosted");
  expect(postedJobs.length).toBe(Number(jobCount));
  const posts = await allRows<Row>(ponder, "jobs", "id collateral minCollateral");
  for (const log of postedJobs) {
    expect(
      posts.find((row) => BigInt(row.id as string) === log.args.jobId),
      `post of job ${log.args.jobId}`,
    ).toEqual({
      id: String(log.args.jobId),
      collateral: String(log.args.collateral),
      minCollateral: String(log.args.request.minCollateral),
    });
  }
  const jobsById = new Map(jobs.map((job) => [BigInt(job.id as string), job]));
  for (let id = 1n; id <= jobCount; id++) {
    const chain = await client.readContract({ ...market, functionName: "getJob", args: [id] });
    const row = jobsById.get(id);
    const resultHash =
      row?.outputHash === null || row?.outputHash === undefined
        ? ZERO32
        : keccak256(
            encodePacked(["bytes32", "bytes32"], [row.outputHash as Hex, row.traceRoot as Hex]),
          );
    expect({ id, ...row, resultHash }, `job ${id}`).toEqual({
      id,
      ...row,
      requester: lower(chain.requester),
      modelId: String(chain.modelId),
      status: jobStatuses[chain.status],
      round: chain.round,
      reauction: chain.reauction,
      outputInline: chain.outputInline,
      commitCount: chain.commitCount,
      maxPrice: String(chain.maxPrice),
      collateral: String(chain.collateral),
      commitDeadline: String(chain.commitDeadline),
      revealDeadline: String(chain.revealDeadline),
      provider: orNull(chain.provider),
      price: String(chain.price),
      consumer: lower(chain.consumer),
      callbackGasLimit: String(chain.callbackGasLimit),
      deadline: String(chain.deadline),
      executionWindow: String(chain.executionWindow),
      inputHash: chain.inputHash,
      resultHash: chain.resultHash,
      openDisputes: Number(
        await client.readContract({ ...market, functionName: "openDisputes", args: [id] }),
      ),
    });
  }

  /* job history: the last transition of each job is its status */
  const changes = await allRows<Row>(ponder, "jobStatusChanges", "jobId to blockNumber logIndex");
  for (const job of jobs) {
    const own = changes
      .filter((change) => change.jobId === job.id)
      .sort(
        (a, b) =>
          Number(BigInt(a.blockNumber as string) - BigInt(b.blockNumber as string)) ||
          (a.logIndex as number) - (b.logIndex as number),
      );
    expect(own[0]?.to, `job ${job.id} starts bidding`).toBe("Bidding");
    expect(own.at(-1)?.to, `job ${job.id} history ends in its status`).toBe(job.status);
  }

  /* bids: one row per commit log; the current round's open commitments as the contract holds them
     (a revealed or forfeited one is cleared) */
  const bids = await allRows<Row>(
    ponder,
    "bids",
    "jobId round bidder commitment collateral revealed price won forfeited slashed",
  );
  const commits = await logs.market("BidCommitted");
  expect(bids.length).toBe(commits.length);
  // Every commitment locked its job's collateral; forfeited ones as the market's BidForfeited.
  for (const bid of bids) {
    expect(bid.collateral, `collateral of ${bid.bidder} on job ${bid.jobId}`).toBe(
      jobsById.get(BigInt(bid.jobId as string))?.collateral,
    );
  }
  const forfeits = await logs.market("BidForfeited");
  expect(
    bids
      .filter((bid) => bid.forfeited)
      .map((bid) => `${bid.jobId}:${bid.round}:${bid.bidder}:${bid.slashed}`)
      .sort(),
  ).toEqual(
    forfeits
      .map(
        (log) =>
          `${log.args.jobId}:${log.args.round}:${log.args.bidder.toLowerCase()}:${log.args.slashed}`,
      )
      .sort(),
  );
  for (const bid of bids) {
    const job = jobsById.get(BigInt(bid.jobId as string));
    if (job === undefined || job.round !== bid.round) continue;
    const held = await client.readContract({
      ...market,
      functionName: "commitmentOf",
      args: [BigInt(bid.jobId as string), bid.bidder as Address],
    });
    expect(held, `commitment of ${bid.bidder} on job ${bid.jobId}`).toBe(
      bid.revealed || bid.forfeited ? ZERO32 : bid.commitment,
    );
  }
  const reveals = await logs.market("BidRevealed");
  expect(bids.filter((bid) => bid.revealed).length).toBe(reveals.length);

  /* results: one per submission; the live one hashes to the job's result hash */
  const results = await allRows<Row>(
    ponder,
    "results",
    "jobId round outputHash traceRoot output status",
  );
  expect(results.length).toBe((await logs.market("ResultSubmitted")).length);
  for (const result of results) {
    if (result.output !== null) expect(keccak256(result.output as Hex)).toBe(result.outputHash);
  }

  /* disputes: one per JobDisputed */
  const disputes = await allRows<Row>(
    ponder,
    "disputes",
    "jobId seq round outcome stale disputeId challenger provider layer phase agreedHash disputedHash bond moveDeadline reward",
  );
  expect(disputes.length).toBe((await logs.market("JobDisputed")).length);
  // A stale dispute ended after its round did: the market applied nothing.
  const applied = disputes.filter((dispute) => dispute.stale === false);
  expect(applied.filter((dispute) => dispute.outcome === "ProviderWon").length).toBe(
    (await logs.market("DisputeRejected")).length,
  );
  expect(applied.filter((dispute) => dispute.outcome === "ChallengerWon").length).toBe(
    (await logs.market("ResultRejected")).length,
  );
  if (d.disputeGame !== undefined) {
    const game = { address: d.disputeGame, abi: disputeGameAbi } as const;
    const count = await client.readContract({ ...game, functionName: "disputeCount" });
    const fromGame = disputes.filter((dispute) => dispute.disputeId !== null);
    expect(fromGame.length).toBe(Number(count));
    for (const row of fromGame) {
      const chain = await client.readContract({
        ...game,
        functionName: "getDispute",
        args: [BigInt(row.disputeId as string)],
      });
      expect(row, `dispute ${row.disputeId}`).toMatchObject({
        jobId: String(chain.jobId),
        challenger: lower(chain.challenger),
        provider: lower(chain.provider),
        layer: chain.layer,
        phase: disputePhases[chain.phase],
        agreedHash: chain.agreedHash,
        disputedHash: chain.disputedHash,
        bond: String(chain.bond),
        moveDeadline: String(chain.deadline),
      });
    }
    /* reward pots: as rewardPot(jobId, round); each dispute's reward as its RewardCredited */
    const gameLogs = <name extends ContractEventName<typeof disputeGameAbi>>(eventName: name) =>
      client.getContractEvents({ ...game, eventName, fromBlock: 0n, strict: true });
    const funded = await gameLogs("RewardPotFunded");
    const pots = await allRows<Row>(
      ponder,
      "rewardPots",
      "jobId round pot shares remaining sharesLeft",
    );
    expect(pots.length).toBe(funded.length);
    for (const log of funded) {
      const [remaining, sharesLeft] = await client.readContract({
        ...game,
        functionName: "rewardPot",
        args: [log.args.jobId, log.args.round],
      });
      expect(
        pots.find(
          (row) => BigInt(row.jobId as string) === log.args.jobId && row.round === log.args.round,
        ),
        `reward pot of job ${log.args.jobId} round ${log.args.round}`,
      ).toEqual({
        jobId: String(log.args.jobId),
        round: log.args.round,
        pot: String(log.args.pot),
        shares: Number(log.args.shares),
        remaining: String(remaining),
        sharesLeft: Number(sharesLeft),
      });
    }
    const rewards = await gameLogs("RewardCredited");
    expect(
      fromGame
        .filter((row) => row.reward !== null)
        .map((row) => `${row.disputeId}:${row.challenger}:${row.reward}`)
        .sort(),
    ).toEqual(
      rewards
        .map((log) => `${log.args.disputeId}:${log.args.account.toLowerCase()}:${log.args.amount}`)
        .sort(),
    );
  }

  /* providers: stake as stakeOf, status as isEligible */
  const providers = await allRows<Row>(
    ponder,
    "providers",
    "address registered bonded locked unbonding releaseAt status totalSlashed jobsWon jobsCompleted missedInARow bidsForfeited",
  );
  const providerByAddress = new Map(providers.map((row) => [row.address as string, row]));
  for (const address of accounts) {
    const stake = await client.readContract({
      ...staking,
      functionName: "stakeOf",
      args: [address],
    });
    const row = providerByAddress.get(address.toLowerCase());
    if (!stake.registered && stake.bonded === 0n && stake.unbonding === 0n && row === undefined)
      continue;
    const eligible = await client.readContract({
      ...staking,
      functionName: "isEligible",
      args: [address],
    });
    expect(row, `provider ${address}`).toMatchObject({
      registered: stake.registered,
      bonded: String(stake.bonded),
      locked: String(stake.locked),
      unbonding: String(stake.unbonding),
      releaseAt: String(stake.releaseAt),
    });
    expect(row?.status === "Active", `eligibility of ${address}`).toBe(eligible);
    const missed = await client.readContract({
      ...market,
      functionName: "missedDeadlines",
      args: [address],
    });
    expect(row?.missedInARow, `missed deadlines of ${address}`).toBe(Number(missed));
  }
  const wins = await logs.market("JobAssigned");
  const slashes = await logs.staking("Slashed");
  for (const row of providers) {
    const address = getAddress(row.address as string);
    expect(row.jobsWon, `wins of ${address}`).toBe(
      wins.filter((log) => log.args.provider === address).length,
    );
    expect(row.bidsForfeited, `forfeits of ${address}`).toBe(
      forfeits.filter((log) => log.args.bidder === address).length,
    );
    expect(big(row.totalSlashed as string), `slashed from ${address}`).toBe(
      slashes
        .filter((log) => log.args.provider === address)
        .reduce((sum, log) => sum + (log.args.amount as bigint), 0n),
    );
  }

  /* stake events: one per movement log */
  const stakeEvents = await allRows<Row>(
    ponder,
    "stakeEvents",
    "kind amount transactionHash logIndex",
  );
  const movements = [
    ...(await logs.staking("Staked")),
    ...(await logs.staking("UnstakeRequested")),
    ...(await logs.staking("Withdrawn")),
    ...(await logs.staking("StakeLocked")),
    ...(await logs.staking("StakeUnlocked")),
    ...(await logs.staking("Slashed")),
  ];
  const key = (hash: string, index: number, amount: bigint) => `${hash}:${index}:${amount}`;
  expect(
    stakeEvents
      .map((row) =>
        key(row.transactionHash as string, row.logIndex as number, BigInt(row.amount as string)),
      )
      .sort(),
  ).toEqual(movements.map((log) => key(log.transactionHash, log.logIndex, log.args.amount)).sort());

  /* models: every field of getModel */
  const modelCount = await client.readContract({
    address: d.modelRegistry,
    abi: modelRegistryAbi,
    functionName: "modelCount",
  });
  const models = await allRows<Row>(
    ponder,
    "models",
    "id publisher kind layerCount active computeUnits artifactHash weightCommitment bond jobsPosted",
  );
  expect(models.length).toBe(Number(modelCount));
  for (const row of models) {
    const chain = await client.readContract({
      address: d.modelRegistry,
      abi: modelRegistryAbi,
      functionName: "getModel",
      args: [BigInt(row.id as string)],
    });
    expect(row).toMatchObject({
      publisher: lower(chain.publisher),
      kind: modelKinds[chain.kind],
      layerCount: chain.layerCount,
      active: chain.active,
      computeUnits: String(chain.computeUnits),
      artifactHash: chain.artifactHash,
      weightCommitment: chain.weightCommitment,
      bond: String(chain.bond),
      jobsPosted: jobs.filter((job) => job.modelId === row.id).length,
    });
  }

  /* accounts: claimable as the market's (and the game's) */
  const accountRows = await allRows<Row>(ponder, "accounts", "address claimable bondClaimable");
  const accountByAddress = new Map(accountRows.map((row) => [row.address as string, row]));
  const treasury = await client.readContract({
    address: d.parameters,
    abi: parametersAbi,
    functionName: "treasury",
  });
  for (const address of new Set([
    ...accounts,
    treasury,
    ...accountRows.map((row) => getAddress(row.address as string)),
  ])) {
    if (d.disputeGame !== undefined) {
      const bonds = await client.readContract({
        address: d.disputeGame,
        abi: disputeGameAbi,
        functionName: "claimable",
        args: [address],
      });
      const bondRow = accountByAddress.get(address.toLowerCase());
      expect(big(bondRow?.bondClaimable as string | undefined) ?? 0n, `bonds of ${address}`).toBe(
        bonds,
      );
    }
    const claimable = await client.readContract({
      ...market,
      functionName: "claimable",
      args: [address],
    });
    const row = accountByAddress.get(address.toLowerCase());
    expect(big(row?.claimable as string | undefined) ?? 0n, `claimable of ${address}`).toBe(
      claimable,
    );
  }
  const ledger = await allRows<Row>(ponder, "balanceChanges", "kind asset amount");
  const credited = await logs.market("Credited");
  const claimed = await logs.market("Claimed");
  expect(ledger.filter((e) => e.asset === "Payment" && e.kind === "Credited").length).toBe(
    credited.length,
  );
  expect(ledger.filter((e) => e.asset === "Payment" && e.kind === "Claimed").length).toBe(
    claimed.length,
  );

  /* market */
  const marketRow = (
    await ponder.graphql<{ market: Row }>(`{ market(id: "market") { paused guardian jobCount } }`)
  ).market;
  expect(marketRow).toEqual({
    paused: await client.readContract({ ...market, functionName: "paused" }),
    guardian: lower(await client.readContract({ ...market, functionName: "guardian" })),
    jobCount: Number(jobCount),
  });

  /* parameters: each current value as its getter */
  const parameters = await allRows<Row>(ponder, "parameters", "name value");
  const names = new Set(parameters.map((row) => row.name as string));
  // Every parameter the SDK reads (bounds aside) has a row, with the contract's current value.
  const { bounds: _bounds, ...current } = await getParameters(
    createVerityClient({ publicClient: client as never, deployment: d }),
  );
  for (const name of Object.keys(current)) expect(names.has(name), name).toBe(true);
  for (const row of parameters) {
    const name = row.name as string;
    let value: bigint;
    if (name.startsWith("governor.")) {
      if (d.governor === undefined) throw new Error("governor parameters without a governor");
      const getter = name.slice("governor.".length) as
        | "votingDelay"
        | "votingPeriod"
        | "proposalThreshold"
        | "quorumNumerator"
        | "timelock";
      const read = await client.readContract({
        address: d.governor,
        abi: verityGovernorAbi,
        functionName: getter,
      });
      value = typeof read === "string" ? BigInt(read) : BigInt(read);
    } else {
      const read = current[name as keyof typeof current];
      if (read === undefined) throw new Error(`unknown parameter ${name}`);
      value = BigInt(read);
    }
    expect(BigInt(row.value as string), name).toBe(value);
  }
  const parameterLogs = await client.getContractEvents({
    address: d.parameters,
    abi: parametersAbi,
    eventName: "ParameterChanged",
    fromBlock: 0n,
    strict: true,
  });
  const parameterChanges = await allRows<Row>(ponder, "parameterChanges", "name newValue");
  expect(
    parameterChanges
      .filter((row) => !(row.name as string).startsWith("governor."))
      .map((row) => `${row.name}=${row.newValue}`)
      .sort(),
  ).toEqual(
    parameterLogs
      .map((log) => `${hexToString(log.args.name, { size: 32 })}=${log.args.newValue}`)
      .sort(),
  );

  /* voting power: both sources */
  const power = await allRows<Row>(
    ponder,
    "votingPowers",
    "account tokenVotes stakingVotes votes tokenDelegate stakingDelegate",
  );
  for (const row of power) {
    const account = row.account as Address;
    const tokenVotes = await client.readContract({
      address: d.token,
      abi: verityTokenAbi,
      functionName: "getVotes",
      args: [account],
    });
    const stakingVotes = await client.readContract({
      ...staking,
      functionName: "getVotes",
      args: [account],
    });
    const tokenDelegate = await client.readContract({
      address: d.token,
      abi: verityTokenAbi,
      functionName: "delegates",
      args: [account],
    });
    const stakingDelegate = await client.readContract({
      ...staking,
      functionName: "delegates",
      args: [account],
    });
    expect(row, `votes of ${account}`).toEqual({
      account,
      tokenVotes: String(tokenVotes),
      stakingVotes: String(stakingVotes),
      votes: String(tokenVotes + stakingVotes),
      tokenDelegate: orNull(tokenDelegate),
      stakingDelegate: orNull(stakingDelegate),
    });
  }

  /* proposals and votes */
  if (d.governor !== undefined) {
    const governor = { address: d.governor, abi: verityGovernorAbi } as const;
    const proposals = await allRows<Row>(
      ponder,
      "proposals",
      "id proposer status voteStart voteEnd forVotes againstVotes abstainVotes eta",
    );
    const governorLogs = <name extends ContractEventName<typeof verityGovernorAbi>>(
      eventName: name,
    ) => client.getContractEvents({ ...governor, eventName, fromBlock: 0n, strict: true });
    const created = await governorLogs("ProposalCreated");
    expect(proposals.length).toBe(created.length);
    for (const row of proposals) {
      const id = BigInt(row.id as string);
      const [against, forVotes, abstain] = await client.readContract({
        ...governor,
        functionName: "proposalVotes",
        args: [id],
      });
      const state =
        proposalStates[
          await client.readContract({ ...governor, functionName: "state", args: [id] })
        ];
      const eta = await client.readContract({
        ...governor,
        functionName: "proposalEta",
        args: [id],
      });
      expect(row).toEqual({
        id: String(id),
        proposer: lower(
          await client.readContract({ ...governor, functionName: "proposalProposer", args: [id] }),
        ),
        status: state,
        voteStart: String(
          await client.readContract({ ...governor, functionName: "proposalSnapshot", args: [id] }),
        ),
        voteEnd: String(
          await client.readContract({ ...governor, functionName: "proposalDeadline", args: [id] }),
        ),
        forVotes: String(forVotes),
        againstVotes: String(against),
        abstainVotes: String(abstain),
        eta: eta === 0n ? null : String(eta),
      });
      // The indexer keeps the Governor's own state (the check runs with the indexer at the head).
      expect(row.status, `state of proposal ${id}`).toBe(state);
    }
    const votes = await allRows<Row>(ponder, "votes", "proposalId voter support weight");
    const cast = [
      ...(await governorLogs("VoteCast")),
      ...(await governorLogs("VoteCastWithParams")),
    ];
    expect(votes.length).toBe(cast.length);
    for (const row of votes) {
      expect(
        await client.readContract({
          ...governor,
          functionName: "hasVoted",
          args: [BigInt(row.proposalId as string), row.voter as Address],
        }),
      ).toBe(true);
    }
  }

  /* daily statistics, recomputed from the market's logs */
  const posted = await logs.market("JobPosted");
  const finalized = await logs.market("JobFinalized");
  const blockTime = new Map<bigint, bigint>();
  const timeOf = async (blockNumber: bigint) => {
    const known = blockTime.get(blockNumber);
    if (known !== undefined) return known;
    const { timestamp } = await client.getBlock({ blockNumber });
    blockTime.set(blockNumber, timestamp);
    return timestamp;
  };
  type Expected = { posted: number; assigned: bigint[]; finalized: number };
  const expected = new Map<string, Expected>();
  const at = (modelId: bigint, timestamp: bigint) => {
    const k = `${modelId}:${day(timestamp)}`;
    const entry = expected.get(k) ?? { posted: 0, assigned: [], finalized: 0 };
    expected.set(k, entry);
    return entry;
  };
  const modelOfJob = new Map<bigint, bigint>(
    posted.map((log) => [log.args.jobId, log.args.modelId]),
  );
  for (const log of posted) at(log.args.modelId, await timeOf(log.blockNumber)).posted++;
  for (const log of wins) {
    at(modelOfJob.get(log.args.jobId) ?? 0n, await timeOf(log.blockNumber)).assigned.push(
      log.args.price,
    );
  }
  for (const log of finalized)
    at(modelOfJob.get(log.args.jobId) ?? 0n, await timeOf(log.blockNumber)).finalized++;
  const stats = await allRows<Row>(
    ponder,
    "dailyModelStats",
    "modelId day jobsPosted jobsAssigned jobsFinalized clearingCount clearingVolume lastClearingPrice minClearingPrice maxClearingPrice medianClearingPrice",
  );
  expect(stats.length).toBe(expected.size);
  for (const row of stats) {
    const entry = expected.get(`${row.modelId}:${row.day}`);
    expect(entry, `stats of model ${row.modelId} on day ${row.day}`).toBeDefined();
    if (entry === undefined) continue;
    const sorted = [...entry.assigned].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const n = sorted.length;
    const median =
      n === 0 ? null : ((sorted[(n - 1) >> 1] as bigint) + (sorted[n >> 1] as bigint)) / 2n;
    const text = (value: bigint | null | undefined) =>
      value === null || value === undefined ? null : String(value);
    expect(row).toEqual({
      modelId: row.modelId,
      day: row.day,
      jobsPosted: entry.posted,
      jobsAssigned: n,
      jobsFinalized: entry.finalized,
      clearingCount: n,
      clearingVolume: String(sorted.reduce((sum, price) => sum + price, 0n)),
      lastClearingPrice: text(entry.assigned.at(-1)),
      minClearingPrice: text(sorted[0]),
      maxClearingPrice: text(sorted.at(-1)),
      medianClearingPrice: text(median),
    });
  }

  /* the providers' record, credits' jobs and volumes, recomputed from the logs */
  await expectRecordMatchesLogs(stack);
}
