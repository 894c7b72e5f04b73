/**
 * The explorer's GraphQL documents, built from the SDK's field lists (one list per table, shared
 * with every other client) and parsed with the SDK's parsers, so rows carry bigints and the
 * SDK's types. Ponder names a table's queries `<table>` (by key) and `<table>s` (a page).
 */
import {
  bidFields,
  disputeFields,
  disputeMoveFields,
  type IndexedDispute,
  type IndexedJob,
  type IndexedJobHistory,
  type IndexedModel,
  type IndexedParameterChange,
  type IndexedProposalWithVotes,
  type IndexedProvider,
  type IndexedStakeEvent,
  jobFields,
  modelFields,
  type Page,
  type PageInfo,
  parameterChangeFields,
  parseDispute,
  parseJob,
  parseJobHistory,
  parseMarket,
  parseModel,
  parsePage,
  parseParameterChange,
  parseProposalWithVotes,
  parseProvider,
  parseStakeEvent,
  proposalFields,
  providerFields,
  resultFields,
  rewardPotFields,
  stakeEventFields,
  statusChangeFields,
  voteFields,
} from "@verity/sdk";

type Raw = Record<string, unknown>;
type RawPage = { items: Raw[]; pageInfo: PageInfo; totalCount: number };
const pageInfo = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount";

/* OVERVIEW */

export const overviewQuery = `query ExplorerOverview {
  market(id: "market") { paused jobCount providerCount jobsFinalized volume fees slashed updatedAt }
  models(orderBy: "id", limit: 100) { items { id uri widths } }
  dailyModelStats(orderBy: "day", orderDirection: "desc", limit: 1000) {
    items { modelId day jobsPosted jobsAssigned jobsFinalized clearingCount clearingVolume medianClearingPrice }
  }
  cleared: jobs(where: { status_in: [Assigned, Submitted, Disputed, Finalized, Rejected] }, orderBy: "assignedAt", orderDirection: "desc", limit: 500) {
    items { id modelId price assignedAt }
  }
  openDisputes: disputes(where: { outcome: Open }, orderBy: "openedAt", orderDirection: "desc", limit: 20) {
    items { ${disputeFields} } totalCount
  }
  recent: jobs(orderBy: "postedAt", orderDirection: "desc", limit: 8) { items { ${jobFields} } }
}`;

export type DailyStat = {
  modelId: string;
  day: number;
  jobsPosted: number;
  jobsAssigned: number;
  jobsFinalized: number;
  clearingCount: number;
  clearingVolume: string;
  medianClearingPrice: string | null;
};
export type Clearing = {
  id: string;
  modelId: string;
  price: string | null;
  assignedAt: string | null;
};

export const parseOverview = (raw: Raw) => ({
  market: raw.market
    ? {
        ...parseMarket(raw.market as Raw),
        providerCount: (raw.market as Raw).providerCount as number,
      }
    : null,
  models: (raw.models as { items: { id: string; uri: string; widths: unknown }[] }).items,
  daily: (raw.dailyModelStats as { items: DailyStat[] }).items,
  cleared: (raw.cleared as { items: Clearing[] }).items,
  openDisputes: parsePage(raw.openDisputes as RawPage, parseDispute),
  recent: (raw.recent as { items: Raw[] }).items.map(parseJob),
});
export type Overview = ReturnType<typeof parseOverview>;

/* JOBS */

export const jobsQuery = `query ExplorerJobs($where: jobFilter, $limit: Int, $after: String, $before: String) {
  jobs(where: $where, orderBy: "postedAt", orderDirection: "desc", limit: $limit, after: $after, before: $before) {
    items { ${jobFields} }
    ${pageInfo}
  }
  models(orderBy: "id", limit: 100) { items { id } }
}`;
export const parseJobs = (raw: Raw) => ({
  page: parsePage((raw.jobs as RawPage) ?? { items: [] }, parseJob) as Page<IndexedJob>,
  modelIds: (raw.models as { items: { id: string }[] }).items.map((m) => m.id),
});

export const jobQuery = `query ExplorerJob($id: BigInt!) {
  disputeMoves(where: { jobId: $id }, orderBy: "blockNumber", limit: 1000) { items { ${disputeMoveFields} } }
  job(id: $id) {
    ${jobFields}
    model { id uri widths kind }
    bids(orderBy: "committedAt", limit: 1000) { items { ${bidFields} } }
    results(orderBy: "round", limit: 1000) { items { ${resultFields} } }
    disputes(orderBy: "seq", limit: 1000) { items { ${disputeFields} } }
    rewardPots(orderBy: "round", limit: 1000) { items { ${rewardPotFields} } }
    statusChanges(orderBy: "blockNumber", limit: 1000) { items { ${statusChangeFields} } }
    stakeEvents(orderBy: "blockNumber", limit: 1000) { items { ${stakeEventFields} } }
  }
}`;
export type JobModel = { id: string; uri: string; widths: unknown; kind: string };
export const parseJobPage = (
  raw: Raw,
): { job: IndexedJobHistory; model: JobModel | null } | null => {
  const job = raw.job as Raw | null;
  if (!job) return null;
  return { job: parseJobHistory(job, raw), model: (job.model as JobModel | null) ?? null };
};

/* PROVIDERS */

export const providersQuery = `query ExplorerProviders($orderBy: String, $orderDirection: String) {
  providers(orderBy: $orderBy, orderDirection: $orderDirection, limit: 200) { items { ${providerFields} } totalCount }
  delegationPools(limit: 200) { items { provider tokens delegatorCount delegatorShareBps } }
  asks(where: { published: true }, limit: 1000) { items { provider modelId price capacity expiry minExecutionWindow maxCallbackGas } }
}`;
export type Ask = {
  provider: string;
  modelId: string;
  price: string;
  capacity: number;
  expiry: string;
  /** Shortest execution window (seconds) a job taking the ask may give. */
  minExecutionWindow: string;
  /** Most consumer callback gas a job taking the ask may ask for ("0": no consumer). */
  maxCallbackGas: string;
};
export type Pool = {
  provider: string;
  tokens: string;
  delegatorCount: number;
  delegatorShareBps: number;
};
export const parseProviders = (raw: Raw) => ({
  providers: (raw.providers as RawPage).items.map(parseProvider) as IndexedProvider[],
  pools: (raw.delegationPools as { items: Pool[] }).items,
  asks: (raw.asks as { items: Ask[] }).items,
});

export const providerQuery = `query ExplorerProvider($address: String!) {
  provider(address: $address) {
    ${providerFields}
    jobs(orderBy: "assignedAt", orderDirection: "desc", limit: 50) { items { ${jobFields} } }
    stakeEvents(orderBy: "blockNumber", orderDirection: "desc", limit: 50) { items { ${stakeEventFields} } }
  }
  delegationPool(provider: $address) { tokens shares delegatorCount delegatorShareBps totalEarningsShared totalSlashed }
  asks(where: { provider: $address }, limit: 100) { items { provider modelId price capacity expiry minExecutionWindow maxCallbackGas } }
}`;
export const parseProviderPage = (raw: Raw) => {
  const p = raw.provider as Raw | null;
  if (!p) return null;
  return {
    provider: parseProvider(p),
    jobs: (p.jobs as { items: Raw[] }).items.map(parseJob),
    stakeEvents: (p.stakeEvents as { items: Raw[] }).items.map(
      parseStakeEvent,
    ) as IndexedStakeEvent[],
    pool: raw.delegationPool as
      | (Pool & { shares: string; totalEarningsShared: string; totalSlashed: string })
      | null,
    asks: (raw.asks as { items: Ask[] }).items,
  };
};

/* MODELS, DISPUTES */

export const modelsQuery = `query ExplorerModels {
  models(orderBy: "id", limit: 200) { items { ${modelFields} } totalCount }
}`;
export const parseModels = (raw: Raw): IndexedModel[] =>
  (raw.models as RawPage).items.map(parseModel);

export const disputesQuery = `query ExplorerDisputes {
  disputes(orderBy: "openedAt", orderDirection: "desc", limit: 200) { items { ${disputeFields} } totalCount }
}`;
export const parseDisputes = (raw: Raw): Page<IndexedDispute> =>
  parsePage(raw.disputes as RawPage, parseDispute);

/* GOVERNANCE */

export const governanceQuery = `query ExplorerGovernance {
  proposals(orderBy: "createdBlock", orderDirection: "desc", limit: 50) {
    items { ${proposalFields} votes(orderBy: "blockNumber", limit: 1000) { items { ${voteFields} } } }
  }
  parameters(orderBy: "name", limit: 200) { items { name value address changeCount updatedAt } }
  parameterChanges(orderBy: "blockNumber", orderDirection: "desc", limit: 100) { items { ${parameterChangeFields} } }
}`;
export type Parameter = {
  name: string;
  value: string;
  address: string | null;
  changeCount: number;
  updatedAt: string;
};
export const parseGovernance = (raw: Raw) => ({
  proposals: (raw.proposals as { items: Raw[] }).items.map((p) =>
    parseProposalWithVotes(p, null),
  ) as IndexedProposalWithVotes[],
  parameters: (raw.parameters as { items: Parameter[] }).items,
  changes: (raw.parameterChanges as { items: Raw[] }).items.map(
    parseParameterChange,
  ) as IndexedParameterChange[],
});
