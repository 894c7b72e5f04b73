/**
 * The provider node: loads its models, then loops. Each tick reads the chain's
 * head, ingests confirmed events into records, and reconciles every record
 * with the chain (one task per job or dispute at a time, so that a slow
 * action on one job never holds up another). The state on disk plus the chain
 * is the whole truth: the worker can be killed at any point and restarted.
 */
import {
  getJob,
  getMissedDeadlines,
  type JobStatusName,
  loadDeployment,
  terminalStatuses,
  VerityContractError,
  walk,
} from "@verity/sdk";
import { disputeGameAbi, jobMarketAbi } from "@verity/sdk/abis";
import { isAddressEqual, type LocalAccount } from "viem";
import { AskKeeper } from "../auction/asks.js";
import { forfeitOwnCommitment, reconcileBidding } from "../auction/bidder.js";
import { createChainMetrics } from "../chain/chain-metrics.js";
import {
  createWorkerClient,
  createWorkerSdk,
  fetchChainId,
  type WorkerPublicClient,
  withDisputeGame,
  workerChain,
} from "../chain/clients.js";
import { EventIngestor, type ProtocolEvent } from "../chain/events.js";
import { type ChainStatus, ChainView, clientBlockSource, type Rollback } from "../chain/head.js";
import { cachedParameters } from "../chain/parameters.js";
import { backoffDelay, sleep } from "../chain/retry.js";
import { TxSender } from "../chain/sender.js";
import { rpcEndpoints, type WorkerConfig } from "../config/schema.js";
import { checkDeployment } from "../config/startup-checks.js";
import { claimBonds, reconcileDefense } from "../dispute/defender.js";
import { ConfigError, describeError } from "../errors.js";
import { FinalityBatcher } from "../execution/finality.js";
import { claimEarnings, reconcileOwnJob } from "../execution/provider.js";
import { loadModels } from "../inference/models.js";
import { type CreateRunner, type InferenceRunner, ModelRunner } from "../inference/runner.js";
import { type Logger, RepeatFilter } from "../log.js";
import { sampleAccount } from "../metrics/account.js";
import { healthReport, MissedPhaseWatch } from "../metrics/health.js";
import { restoreMoneyCounters } from "../metrics/money.js";
import { createRpcObserver, type RpcHealth } from "../metrics/rpc.js";
import { createMetricsApp, type RunningServer, startMetricsServer } from "../metrics/server.js";
import { createWorkerMetrics, type WorkerMetrics } from "../metrics/worker-metrics.js";
import { StateStore } from "../store/state.js";
import { reconcileChallenge } from "../watch/challenger.js";
import { reconcileWatch } from "../watch/verifier.js";
import { chainTimeNow, type WorkerContext } from "./context.js";
import { forgetJob, handleEvents } from "./handlers.js";
import { missPhase, noteFailure } from "./missed.js";

const TERMINAL: ReadonlySet<JobStatusName> = new Set(terminalStatuses);
/** Blocks the cursor stood on, kept across a restart: a reorg deeper than this re-reads from the start. */
const REMEMBERED_ACROSS_RESTARTS = 64;

export type WorkerOptions = {
  config: WorkerConfig;
  account: LocalAccount;
  log: Logger;
  /** How a held model is run; defaults to onnxruntime (`ModelRunner.create`). */
  createRunner?: CreateRunner | undefined;
};

export class Worker {
  private readonly inflight = new Set<string>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private server: RunningServer | undefined;
  private lastTickAt = 0;
  private lastClaimAt = 0;
  /**
   * Rollbacks handled so far. A job task reads the chain, then writes what it saw: when a rollback
   * was handled in between (a reorg dropped, say, our finalize after the task read "Finalized"),
   * what it read is from the old branch and must not close the job (nothing would reopen it).
   */
  private rollbacks = 0;
  /** The newest block hash written beside the cursor (keepRememberedBlocks). */
  private rememberedNewest: string | undefined;
  /** A rollback whose records are not all handled yet (the deepest, when several came). */
  private pendingRollback: Rollback | undefined;
  private failures = 0;
  private lastPruneAt = 0;
  private readonly missed = new MissedPhaseWatch();
  private readonly repeats = new RepeatFilter();
  private asks: AskKeeper | undefined;
  rpcHealth: RpcHealth = {
    consecutiveErrors: 0,
    lastSuccessAt: 0,
    lastErrorAt: 0,
    lastError: undefined,
  };

  private constructor(
    readonly ctx: WorkerContext,
    private readonly ingestor: EventIngestor,
  ) {}

  static async start({ config, account, log, createRunner }: WorkerOptions): Promise<Worker> {
    const store = new StateStore(config.stateDir);
    await store.lock();
    await store.load();

    const file = await loadDeployment({ source: config.deploymentFile });
    const endpoints = rpcEndpoints(config);
    const rpc = { timeoutMs: config.rpcTimeoutMs };
    const chainId = await fetchChainId(endpoints, rpc);
    if (file.chainId !== chainId) {
      throw new ConfigError(
        `The deployment file is for chain ${file.chainId}, the node serves chain ${chainId}`,
      );
    }
    // Metrics first: the RPC observer wraps every endpoint's transport.
    const metrics = createWorkerMetrics();
    restoreMoneyCounters(metrics, store.counters);
    const rpcObserver = createRpcObserver(metrics);
    const chain = workerChain(chainId, endpoints);
    const client = createWorkerClient(endpoints, chain, {
      ...rpc,
      hedgeAfterMs: config.rpcHedgeMs,
      onHedge: (method) => metrics.rpcHedged.inc({ method }),
      instrument: rpcObserver.instrument,
    });
    await checkDeployment(client, file, config);
    const deployment = await withDisputeGame(client, file);
    if (deployment.disputeGame === undefined)
      log.warn("no_dispute_game", { detail: "results can be neither defended nor challenged" });

    const chainMetrics = createChainMetrics(metrics.registry);
    const failures = new Map<string, string>();
    // The chain's clock, known once the context exists (below); the sender sizes its waits by it.
    let current: WorkerContext | undefined;
    const sender = new TxSender(client, account, chain, log, {
      onSent: () => metrics.txSent.inc(),
      onMined: (_label, receipt) => {
        if (receipt.status !== "success") metrics.txReverted.inc();
      },
      chainTime: () => (current === undefined ? Date.now() / 1000 : chainTimeNow(current.clock)),
      onFailure: (phase, label, cause) =>
        noteFailure({ failures }, phase.jobId, `${label}: ${cause}`),
      onNonceResync: () => chainMetrics.nonceResyncs.inc(),
    });
    const sdk = createWorkerSdk({
      client,
      account,
      deployment,
      sender: sender.asTransactionSender(),
    });

    const models = await loadModels(config.models, config.modelsDir, sdk, log);
    const runners = new Map<bigint, InferenceRunner>();
    for (const model of models.values()) {
      const runner = await (createRunner ?? ModelRunner.create)(model, {
        threads: config.execution.threads,
      });
      await runner.warm(config.execution.warmupRuns);
      runners.set(model.id, runner);
      log.info("model_warmed", {
        modelId: model.id,
        p50Ms: runner.latency.quantile(0.5) * 1000,
        p99Ms: runner.latency.quantile(0.99) * 1000,
      });
    }

    await sender.init();

    const view = new ChainView(clientBlockSource(client), log, {
      confirmations: config.confirmations,
      onRejected: () => chainMetrics.headsRejected.inc(),
      onRollback: (rollback) => chainMetrics.rollbacks.inc({ kind: rollback.kind }),
    });
    // The blocks the cursor stood on before this start: the first cursor check compares them with
    // the chain, so a reorg under the cursor while the worker was down is not missed.
    view.restore(store.getRememberedBlocks());
    const head = await view.refresh();
    const ctx: WorkerContext = {
      config,
      address: account.address,
      sdk,
      client,
      parameters: cachedParameters(sdk),
      sender,
      store,
      models,
      runners,
      metrics,
      log,
      clock: {
        now: head.timestamp,
        block: head.number,
        blockTime: await estimateBlockTime(client, head),
        seenAtMs: Date.now(),
      },
      skipped: new Set(),
      chain: view,
      missedPhases: [],
      failures,
      finality: new FinalityBatcher({ sdk, log, metrics }),
    };
    current = ctx;
    const ingestor = new EventIngestor(
      client,
      store,
      {
        addresses: [
          deployment.jobMarket,
          ...(deployment.disputeGame ? [deployment.disputeGame] : []),
        ],
        confirmations: config.confirmations,
        chunkSize: config.logChunkSize,
        startBlock: config.startBlock ?? BigInt(deployment.startBlock),
      },
      log,
      (events) => handleEvents(ctx, events),
    );
    const worker = new Worker(ctx, ingestor);
    const rollbackTo = store.getPendingRollback();
    if (rollbackTo !== undefined) {
      // A rollback the last run did not finish handling: handled at the first tick.
      worker.pendingRollback = { from: rollbackTo, to: rollbackTo, kind: "reorg", at: Date.now() };
      log.warn("rollback_resumed", { to: rollbackTo });
    }
    worker.rpcHealth = rpcObserver.health;
    if (config.metrics.enabled) {
      worker.server = await startMetricsServer(
        createMetricsApp(metrics.registry, () => worker.health()),
        config.metrics.host,
        config.metrics.port,
      );
      log.info("metrics_listening", { host: config.metrics.host, port: worker.server.port });
    }
    log.info("worker_started", {
      address: account.address,
      chainId,
      models: [...models.keys()],
      watch: config.watch.enabled,
      confirmations: config.confirmations,
      cursor: ingestor.cursor(),
    });
    worker.loop = worker.run();
    return worker;
  }

  get metrics(): WorkerMetrics {
    return this.ctx.metrics;
  }

  get metricsPort(): number | undefined {
    return this.server?.port;
  }

  async health() {
    const { ctx } = this;
    const nowMs = Date.now();
    const totals = new Map<string, number>();
    for (const v of (await ctx.metrics.missedPhases.get()).values)
      totals.set(String(v.labels.phase), v.value);
    const cursor = this.ingestor.cursor();
    const report = healthReport({
      nowMs,
      stopped: this.stopped,
      lastTickAt: this.lastTickAt,
      staleAfterMs: Math.max(10_000, ctx.config.pollIntervalMs * 20),
      consecutiveTickFailures: this.failures,
      models: { configured: ctx.config.models.map((m) => m.id), loaded: [...ctx.models.keys()] },
      head: ctx.clock.block,
      cursor,
      confirmations: ctx.config.confirmations,
      maxLagBlocks: Math.max(64, ctx.config.confirmations * 4),
      rpc: this.rpcHealth,
      rpcFailingAfterMs: Math.max(10_000, ctx.config.pollIntervalMs * 20),
      missedPhases: this.missed.observe(totals, nowMs),
      missedWindowMs: 10 * 60_000,
    });
    return {
      ...report,
      address: ctx.address,
      head: ctx.clock.block,
      cursor,
      lastTickMsAgo: this.lastTickAt === 0 ? null : nowMs - this.lastTickAt,
      consecutiveFailures: this.failures,
      models: [...ctx.models.keys()].map(String),
      activeJobs: ctx.store.jobs.values().filter((j) => !j.done).length,
      inflight: this.inflight.size,
      // The chain view (heads refused, the last reorg or reset) and the latest missed phases with causes.
      chain: this.getChainStatus(),
      recentMissedPhases: ctx.missedPhases.slice(-5),
    };
  }

  /** The chain view's status (head, cursor, confirmed head, RPC, last reorg), for health. */
  getChainStatus(): ChainStatus {
    return { ...this.ctx.chain.status(), cursor: this.ingestor.cursor() };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Before the sender stops: an ask left up would assign jobs to a worker that is gone.
    await this.asks?.withdrawAll();
    this.ctx.sender.stop();
    await this.loop;
    await this.server?.close();
    for (const runner of this.ctx.runners.values()) await runner.release();
    await this.ctx.store.unlock();
    this.ctx.log.info("worker_stopped");
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.tick();
        this.repeats.clear("tick");
        this.failures = 0;
        this.lastTickAt = Date.now();
        await sleep(this.ctx.config.pollIntervalMs);
      } catch (error) {
        this.failures++;
        const delay = backoffDelay(
          Math.min(this.failures, 8),
          this.ctx.config.pollIntervalMs,
          30_000,
        );
        this.recordError("tick", error, { delayMs: delay });
        await sleep(delay);
      }
    }
  }

  private async tick(): Promise<void> {
    const { ctx } = this;
    const head = await ctx.chain.refresh();
    if (head.number !== ctx.clock.block || head.timestamp !== ctx.clock.now) {
      ctx.clock = { ...ctx.clock, now: head.timestamp, block: head.number, seenAtMs: Date.now() };
    }
    ctx.metrics.headBlock.set(Number(head.number));
    const { cursor: safe, rollback } = await ctx.chain.safeCursor(
      this.ingestor.cursor(),
      this.ingestor.floor(),
    );
    // The chain view reports a rollback once: it is kept, on disk before the cursor goes back,
    // until its records are all handled, so that neither a failed RPC call midway nor a crash
    // forgets it (a restarted worker has no block hashes left to see it again).
    if (
      rollback !== undefined &&
      (this.pendingRollback === undefined || rollback.to < this.pendingRollback.to)
    ) {
      this.pendingRollback = rollback;
      await ctx.store.setPendingRollback(rollback.to);
    }
    if (safe !== this.ingestor.cursor()) await this.ingestor.rewind(safe);
    if (this.pendingRollback !== undefined) {
      await this.forgetRolledBack(this.pendingRollback);
      this.pendingRollback = undefined;
      await ctx.store.setPendingRollback(undefined);
    }
    // Reading new events can fail for a while (a range the provider refuses, an endpoint down):
    // the jobs, defenses and challenges already known still move meanwhile, and the failure is
    // thrown (logged, with the tick's pause) once they are spawned.
    let ingestFailure: { error: unknown } | undefined;
    try {
      const cursor = await this.ingestor.poll(head.number);
      await ctx.chain.noteCursor(cursor);
      await this.keepRememberedBlocks();
      ctx.metrics.cursorBlock.set(Number(cursor));
      await this.lookForDisputes(cursor, head.number);
      await this.lookForFastJobs(cursor, head.number);
    } catch (error) {
      ingestFailure = { error };
    }

    // The jobs found due for finality since the last tick, in one transaction.
    if (ctx.finality.size > 0) this.spawn("finality", () => ctx.finality.flush());
    const active = ctx.store.jobs.values().filter((j) => !j.done);
    ctx.metrics.activeJobs.set(active.length);
    for (const job of active) this.spawn(`job:${job.jobId}`, () => this.reconcileJob(job.jobId));
    for (const d of ctx.store.defenses.values()) {
      if (d.state !== "resolved")
        this.spawn(`defense:${d.disputeId}`, () => this.reconcileDefenseById(d.disputeId));
    }
    for (const c of ctx.store.challenges.values()) {
      if (c.state !== "resolved" && c.state !== "abandoned") {
        this.spawn(`challenge:${c.jobId}`, () => this.reconcileChallengeById(c.jobId));
      }
    }
    if (ctx.config.asks.enabled) {
      this.asks ??= new AskKeeper(ctx);
      const asks = this.asks;
      this.spawn("asks", () => asks.maintain());
    }
    if (Date.now() - this.lastClaimAt >= ctx.config.claimIntervalMs) {
      this.lastClaimAt = Date.now();
      this.spawn("claim", async () => {
        await claimEarnings(ctx);
        await claimBonds(ctx);
        const [, missed] = await Promise.all([
          sampleAccount(ctx, ctx.clock.now),
          getMissedDeadlines(ctx.sdk, { provider: ctx.address }),
        ]);
        ctx.metrics.missedDeadlinesInARow.set(Number(missed));
        if (Date.now() - this.lastPruneAt >= 3_600_000) {
          this.lastPruneAt = Date.now();
          const pruned = await ctx.store.prune(ctx.config.retentionDays * 86_400_000);
          if (pruned > 0) ctx.log.info("records_pruned", { jobs: pruned });
        }
      });
    }
    if (ingestFailure !== undefined) throw ingestFailure.error;
  }

  /** Writes the newest blocks the cursor stood on beside it, when they changed (see `restore`). */
  private async keepRememberedBlocks(): Promise<void> {
    const blocks = this.ctx.chain.remembered(REMEMBERED_ACROSS_RESTARTS);
    const newest = blocks.at(-1)?.hash;
    if (newest === undefined || newest === this.rememberedNewest) return;
    await this.ctx.store.setRememberedBlocks(blocks);
    this.rememberedNewest = newest;
  }

  /**
   * Jobs taken from this worker's asks, in the blocks not yet confirmed: the execution deadline runs
   * from the post, so the worker starts at once rather than after `confirmations` blocks. Only jobs
   * assigned to it are read early (an auction job waits for confirmations, as its bids need), and
   * a job a reorg then drops costs at most a reverted submission; the confirmed JobPosted later
   * finds its record already written.
   */
  private async lookForFastJobs(cursor: bigint, head: bigint): Promise<void> {
    const { ctx } = this;
    if (!ctx.config.asks.enabled || head <= cursor) return;
    const market = { address: ctx.sdk.deployment.jobMarket, abi: jobMarketAbi } as const;
    const range = { fromBlock: cursor + 1n, toBlock: head } as const;
    const assigned = await ctx.client.getContractEvents({
      ...market,
      ...range,
      eventName: "JobAssigned",
      args: { provider: ctx.address },
    });
    if (assigned.length === 0) return;
    const ids = assigned.map((log) => (log.args as { jobId: bigint }).jobId);
    const posted = await ctx.client.getContractEvents({
      ...market,
      ...range,
      eventName: "JobPosted",
      args: { jobId: ids },
    });
    if (posted.length > 0) await handleEvents(ctx, posted as unknown as ProtocolEvent[]);
  }

  /**
   * Disputes against this worker in the blocks not yet confirmed: the response
   * deadline runs from the challenge, so the defense does not wait for
   * confirmations (acting early on an event that a reorg then drops costs at
   * most a reverted respond). The handler is idempotent: the confirmed copy of
   * the event later finds its record already written.
   */
  private async lookForDisputes(cursor: bigint, head: bigint): Promise<void> {
    const game = this.ctx.sdk.deployment.disputeGame;
    if (game === undefined || head <= cursor) return;
    const logs = await this.ctx.client.getContractEvents({
      address: game,
      abi: disputeGameAbi,
      eventName: "DisputeOpened",
      args: { provider: this.ctx.address },
      fromBlock: cursor + 1n,
      toBlock: head,
    });
    if (logs.length > 0) await handleEvents(this.ctx, logs as unknown as ProtocolEvent[]);
  }

  /**
   * After the cursor went back: a job posted after the safe block may be gone from the chain, or
   * (after a reset) its id may now name another job. Such a job's records are dropped, to be
   * written again if its JobPosted is read again; a job the chain still holds as it was keeps
   * every record (its salts above all).
   */
  private async forgetRolledBack(rollback: Rollback): Promise<void> {
    const { ctx } = this;
    this.rollbacks++;
    // Reopen first, all at once (a row is visible when put): a failure further down must not
    // leave a job done whose terminal state the rollback took away.
    for (const job of ctx.store.jobs.values()) {
      // What made it terminal (our finalize, say) may be gone: read it from the chain again.
      if (job.done && (job.doneAtBlock ?? 0n) > rollback.to) {
        await ctx.store.jobs.put({ ...job, done: false });
        ctx.log.warn("job_reopened", { jobId: job.jobId, doneAtBlock: job.doneAtBlock });
      }
    }
    // Read at the accepted head: a node behind it (a replica) fails the read rather than answer
    // from before the post, and the rollback stays pending until a node that has the head answers.
    const head = ctx.chain.head?.number;
    const at = head !== undefined ? { blockNumber: head } : {};
    for (const job of ctx.store.jobs.values()) {
      if (job.postedBlock <= rollback.to) continue;
      let same = false;
      try {
        const onchain = await getJob(ctx.sdk, { jobId: job.jobId, ...at });
        same = onchain.inputHash === job.inputHash && onchain.modelId === job.modelId;
      } catch (error) {
        if (!unknownJob(error)) throw error;
      }
      if (same) continue;
      // Gone or another job at this head; the head itself may still lose to another branch, on
      // which the post and our commit are mined again. So the bids that may be on chain stay
      // (a re-mined commit is revealed or forfeited by us, never left without its salt), and so
      // do the results: a submission may be mined again too, and only its trace answers a
      // dispute (a kept result is never sent for another input: provider.ts checks its a_0).
      // A JobPosted read again brings the record back; prune sweeps what is left.
      await forgetJob(ctx, job.jobId, { keepLiveBids: true, keepResults: true });
      ctx.log.warn("job_rolled_back", { jobId: job.jobId, postedBlock: job.postedBlock });
    }
  }

  private spawn(key: string, task: () => Promise<void>): void {
    if (this.stopped || this.inflight.has(key)) return;
    this.inflight.add(key);
    task()
      .then(() => this.repeats.clear(key))
      .catch((error) => this.recordError(key, error))
      .finally(() => this.inflight.delete(key));
  }

  private recordError(task: string, error: unknown, fields: Record<string, unknown> = {}): void {
    const described = describeError(error);
    const job = /^job:(\d+)$/.exec(task);
    if (job?.[1] !== undefined) noteFailure(this.ctx, BigInt(job[1]), described.message);
    this.ctx.metrics.errors.inc({
      kind: described.name,
      retryable: String(described.retryable ?? false),
    });
    // The same task failing for the same cause every tick is logged with a doubling pause.
    const suppressed = this.repeats.check(task, `${described.name}: ${described.message}`);
    if (suppressed === undefined) return;
    this.ctx.log.warn("task_failed", {
      task,
      error: described,
      ...fields,
      ...(suppressed > 0 ? { repeatedSinceLastLog: suppressed } : {}),
    });
  }

  private async reconcileJob(jobId: bigint): Promise<void> {
    const { ctx } = this;
    let job = ctx.store.jobs.get(jobId.toString());
    if (job === undefined || job.done) return;
    const rollbacksBefore = this.rollbacks;
    const sameBranch = () => this.rollbacks === rollbacksBefore;
    let onchain: Awaited<ReturnType<typeof getJob>>;
    try {
      onchain = await getJob(ctx.sdk, { jobId });
    } catch (error) {
      // Gone with a reorg or a chain reset: the cursor went back, its JobPosted decides again.
      if (unknownJob(error)) return;
      throw error;
    }
    if (onchain.inputHash !== job.inputHash || onchain.modelId !== job.modelId) {
      // The id names another job on the chain this read came from (a reorg re-ordered the posts,
      // or one endpoint is on another fork): never act on the record. Nor is it dropped on one
      // read, which would lose a bid's salt to a node on a losing fork: the confirmed JobPosted
      // of the new job replaces it (loop/handlers.ts). Logged with a doubling pause.
      throw new Error(
        `job ${jobId}: the chain holds another job under this id (input hash ${onchain.inputHash}, the record's ${job.inputHash}); nothing is sent for it until its records are replaced`,
      );
    }
    const mine = onchain.provider !== undefined && isAddressEqual(onchain.provider, ctx.address);

    if (TERMINAL.has(onchain.status)) {
      // Done only once the terminal state is as deep as the confirmations: a shallow reorg can
      // still drop the transaction that made it so (our own finalize), and then we send it again.
      const since = job.terminalSince ?? ctx.clock.block;
      if (job.terminalSince === undefined)
        await ctx.store.jobs.put({ ...job, terminalSince: since });
      if (ctx.clock.block - since < BigInt(ctx.config.confirmations)) return;
      await this.closeStaleBids(jobId);
      await ctx.store.dropInput(jobId);
      const result = ctx.store.result(jobId, onchain.round);
      if (result !== undefined && onchain.status === "Rejected" && result.state !== "rejected") {
        await ctx.store.results.put({ ...result, state: "rejected" });
      }
      if (!sameBranch()) return; // read again at the next tick, on the branch the chain holds now
      await ctx.store.jobs.put({ ...job, done: true, doneAtBlock: ctx.clock.block });
      return;
    }
    if (job.terminalSince !== undefined) {
      // A reorg undid the terminal state seen before: wait for it again from the start.
      const { terminalSince: _, ...open } = job;
      job = open;
      await ctx.store.jobs.put(job);
    }
    if (onchain.status === "Bidding") {
      await this.closeStaleBids(jobId, onchain.round);
      return reconcileBidding(ctx, job, onchain);
    }
    await this.closeStaleBids(jobId);
    if (mine) return reconcileOwnJob(ctx, job, onchain);
    const underReview = onchain.status === "Submitted" || onchain.status === "Disputed";
    if (underReview) await reconcileWatch(ctx, job, onchain);
    // Another provider holds the job: nothing more to do unless watch mode still has to check it.
    const fresh = ctx.store.jobs.get(jobId.toString()) ?? job;
    const watching = ctx.config.watch.enabled && ctx.sdk.deployment.disputeGame !== undefined;
    const checked = fresh.observed?.verdict !== undefined;
    if ((!watching || (underReview && checked)) && sameBranch()) {
      await ctx.store.jobs.put({ ...fresh, done: true, doneAtBlock: ctx.clock.block });
    }
  }

  /**
   * Bids of an auction round that is over and never got to `revealed`. A commitment that was
   * mined and never revealed keeps the job's collateral locked until it is forfeited: the worker
   * forfeits its own (the market says whether one exists: `MarketNoCommitment` means it was
   * revealed, or never mined), so that the rest of its stake is free again.
   */
  private async closeStaleBids(jobId: bigint, biddingRound?: number): Promise<void> {
    for (const bid of this.ctx.store.bids.values()) {
      if (bid.jobId !== jobId || bid.round === biddingRound) continue;
      if (bid.state !== "salted" && bid.state !== "committed" && bid.state !== "unrevealed")
        continue;
      const outcome = await forfeitOwnCommitment(this.ctx, bid);
      // `unrevealed` was counted when the reveal deadline passed; a `committed` one is news.
      if (outcome === "forfeited" && bid.state === "committed") {
        this.ctx.log.error("bid_never_revealed", { jobId, round: bid.round });
        missPhase(this.ctx, {
          phase: "reveal",
          jobId,
          cause:
            this.ctx.failures.get(jobId.toString()) ?? "the auction round ended before the reveal",
        });
      }
    }
  }

  private async reconcileDefenseById(disputeId: bigint): Promise<void> {
    const record = this.ctx.store.defenses.get(disputeId.toString());
    if (record !== undefined && record.state !== "resolved")
      await reconcileDefense(this.ctx, record);
  }

  private async reconcileChallengeById(jobId: bigint): Promise<void> {
    const record = this.ctx.store.challenges.get(jobId.toString());
    const job = this.ctx.store.jobs.get(jobId.toString());
    if (record === undefined || job === undefined) return;
    await reconcileChallenge(this.ctx, record, job.modelId);
  }
}

function unknownJob(error: unknown): boolean {
  const found = walk(error, (e) => e instanceof VerityContractError);
  return found instanceof VerityContractError && found.errorName === "MarketUnknownJob";
}

async function estimateBlockTime(
  client: WorkerPublicClient,
  head: { number: bigint; timestamp: number },
): Promise<number> {
  const span = head.number < 20n ? head.number : 20n;
  if (span === 0n) return 2;
  const old = await client.getBlock({ blockNumber: head.number - span });
  const seconds = (head.timestamp - Number(old.timestamp)) / Number(span);
  return Math.min(30, Math.max(1, seconds));
}
