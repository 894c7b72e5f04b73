/**
 * The GraphQL documents the SDK sends to the indexer. Field lists match the
 * types in ./types.ts; Ponder names a table's queries `<table>` (by primary
 * key) and `<table>s` (a page with `where`, `orderBy`, `limit`, `after`).
 */

export const jobFields = `
  id requester modelId status round reauction maxPrice executionWindow consumer
  inputHash input inputUri commitDeadline revealDeadline commitCount revealCount
  provider price collateral minCollateral deadline executionDeadline challengeDeadline
  outputHash traceRoot payment fee refund slashed callbackSuccess disputeCount
  postedAt postedBlock postTransactionHash assignedAt assignedBlock submittedAt disputedAt
  finalizedAt cancelledAt expiredAt rejectedAt updatedAt`;

const pageInfo = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount";

export const bidFields =
  "jobId round bidder commitment committedAt collateral revealed price leading revealedAt won forfeited slashed forfeitedAt";
export const resultFields =
  "jobId round provider outputHash traceRoot output outputUri challengeDeadline status submittedAt transactionHash";
export const disputeFields = `
  jobId seq round provider challenger outcome slashed stale openedAt
  resolvedAt openTransactionHash disputeId phase layer bond moveDeadline winner reward`;
export const rewardPotFields =
  "jobId round pot shares remaining sharesLeft fundedAt transactionHash";
export const disputeMoveFields =
  "disputeId jobId kind sender deadline layer neuron layerKind computed claimed winner loser blockNumber timestamp transactionHash";
export const proposalFields = `
  id proposer targets calldatas actions description voteStart voteEnd status forVotes againstVotes
  abstainVotes voteCount quorum defeatedBecause eta createdAt queuedAt executedAt`;
export const voteFields = "proposalId voter support weight reason blockNumber timestamp";
export const parameterChangeFields =
  "name oldValue newValue oldAddress newAddress sender executor proposalId blockNumber timestamp transactionHash";
export const statusChangeFields = "round from to blockNumber timestamp transactionHash logIndex";
export const stakeEventFields =
  "provider kind amount jobId recipient bondedAfter lockedAfter blockNumber timestamp transactionHash";
export const providerFields = `
  address registered metadata endpoint status bonded locked unbonding releaseAt
  bidsCommitted bidsRevealed bidsForfeited jobsWon jobsInFlight jobsCompleted jobsLate missedInARow disputesWon disputesLost
  totalSlashed earnings jobsEnded completionBps disputeLossBps revealBps resultsSubmitted
  meanLatencySeconds meanLatencyBlocks lastLatencySeconds lastLatencyBlocks updatedAt`;
export const modelFields = `
  id publisher artifactHash kind uri widths layerCount weightCommitment computeUnits
  active jobsPosted jobsFinalized lastClearingPrice registeredAt`;

export const listJobsQuery = `query ListJobs($where: jobFilter, $orderBy: String, $orderDirection: String, $limit: Int, $after: String) {
  jobs(where: $where, orderBy: $orderBy, orderDirection: $orderDirection, limit: $limit, after: $after) {
    items { ${jobFields} }
    ${pageInfo}
  }
}`;

export const jobHistoryQuery = `query JobHistory($id: BigInt!) {
  disputeMoves(where: { jobId: $id }, orderBy: "blockNumber", limit: 1000) { items { ${disputeMoveFields} } }
  job(id: $id) {
    ${jobFields}
    bids(orderBy: "committedAt", limit: 1000) { items { ${bidFields} } }
    results(orderBy: "round", limit: 1000) { items { ${resultFields} } }
    disputes(orderBy: "seq", limit: 1000) { items { ${disputeFields} } }
    rewardPots(orderBy: "round", limit: 1000) { items { ${rewardPotFields} } }
    statusChanges(orderBy: "blockNumber", limit: 1000) { items { ${statusChangeFields} } }
    stakeEvents(orderBy: "blockNumber", limit: 1000) { items { ${stakeEventFields} } }
  }
}`;

export const listProvidersQuery = `query ListProviders($where: providerFilter, $orderBy: String, $orderDirection: String, $limit: Int, $after: String) {
  providers(where: $where, orderBy: $orderBy, orderDirection: $orderDirection, limit: $limit, after: $after) {
    items { ${providerFields} }
    ${pageInfo}
  }
}`;

export const delegationFields =
  "id provider delegator shares thawingShares thawEpoch releaseAt unclaimed votes delegated undelegated withdrawn slashed earned claimed updatedAt";

export const listDelegationsQuery = `query ListDelegations($where: delegationFilter, $limit: Int, $after: String) {
  delegations(where: $where, orderBy: "updatedAt", orderDirection: "desc", limit: $limit, after: $after) {
    items { ${delegationFields} }
    ${pageInfo}
  }
}`;

export const listDisputesQuery = `query ListDisputes($where: disputeFilter, $orderBy: String, $orderDirection: String, $limit: Int, $after: String) {
  disputes(where: $where, orderBy: $orderBy, orderDirection: $orderDirection, limit: $limit, after: $after) {
    items { ${disputeFields} }
    ${pageInfo}
  }
}`;

export const listModelsQuery = `query ListModels($where: modelFilter, $limit: Int, $after: String) {
  models(where: $where, orderBy: "id", limit: $limit, after: $after) {
    items { ${modelFields} }
    ${pageInfo}
  }
}`;

export const marketQuery = `query Market {
  market(id: "market") { paused jobCount jobsFinalized volume grossVolume fees slashed updatedAt }
}`;

export const listParameterChangesQuery = `query ParameterChanges($where: parameterChangeFilter, $limit: Int) {
  parameterChanges(where: $where, orderBy: "blockNumber", orderDirection: "desc", limit: $limit) {
    items { ${parameterChangeFields} }
    ${pageInfo}
  }
}`;

/** The block the indexer has processed up to: how to wait for it to catch up. */
export const indexerStatusQuery = `query IndexerStatus {
  _meta { status }
}`;

export const listProposalsQuery = `query ListProposals($where: proposalFilter, $limit: Int, $after: String) {
  proposals(where: $where, orderBy: "createdBlock", orderDirection: "desc", limit: $limit, after: $after) {
    items { ${proposalFields} }
    ${pageInfo}
  }
}`;

export const proposalQuery = `query Proposal($id: BigInt!) {
  proposal(id: $id) {
    ${proposalFields}
    votes(orderBy: "blockNumber", limit: 1000) { items { ${voteFields} } }
  }
  parameterChanges(where: { proposalId: $id }, orderBy: "blockNumber", limit: 100) { items { ${parameterChangeFields} } }
}`;
