/**
 * The Verity client: a viem public client (reads), an optional wallet client
 * (writes), the deployment's addresses and, optionally, the indexer's GraphQL
 * endpoint. Every action is also a function `(client, parameters)` exported
 * from the package entry point; the client binds them for convenience.
 */
import type {
  Abi,
  Account,
  Address,
  Chain,
  PublicClient,
  TransactionReceipt,
  Transport,
  WalletClient,
} from "viem";
import { getAsk, getProviderRecord } from "./actions/asks/getAsk.js";
import { pickAsk, pickAsks } from "./actions/asks/pickAsk.js";
import { postJobWithAsk } from "./actions/asks/postJobWithAsk.js";
import { setAsk } from "./actions/asks/setAsk.js";
import { withdrawAsk } from "./actions/asks/withdrawAsk.js";
import { bidCommitment } from "./actions/auction/bidCommitment.js";
import { commitBid } from "./actions/auction/commitBid.js";
import { forfeitUnrevealedBid } from "./actions/auction/forfeitUnrevealedBid.js";
import { getBidCommitment } from "./actions/auction/getBidCommitment.js";
import { revealBid } from "./actions/auction/revealBid.js";
import { settleAuction } from "./actions/auction/settleAuction.js";
import { claimDelegationEarnings } from "./actions/delegation/claimDelegationEarnings.js";
import { delegateStake } from "./actions/delegation/delegateStake.js";
import { getDelegation } from "./actions/delegation/getDelegation.js";
import { getDelegationPool } from "./actions/delegation/getDelegationPool.js";
import { listDelegations } from "./actions/delegation/listDelegations.js";
import { setDelegatorShare } from "./actions/delegation/setDelegatorShare.js";
import { syncDelegationVotes } from "./actions/delegation/syncDelegationVotes.js";
import { undelegateStake } from "./actions/delegation/undelegateStake.js";
import { withdrawDelegation } from "./actions/delegation/withdrawDelegation.js";
import { challenge } from "./actions/disputes/challenge.js";
import { claimableBond } from "./actions/disputes/claimableBond.js";
import { claimBond } from "./actions/disputes/claimBond.js";
import { closeStaleDispute } from "./actions/disputes/closeStaleDispute.js";
import { getDispute } from "./actions/disputes/getDispute.js";
import { listDisputes } from "./actions/disputes/listDisputes.js";
import { proveElement } from "./actions/disputes/proveElement.js";
import { proveNeuron } from "./actions/disputes/proveNeuron.js";
import { respond } from "./actions/disputes/respond.js";
import { timeoutDispute } from "./actions/disputes/timeoutDispute.js";
import { delegate } from "./actions/governance/delegate.js";
import { execute } from "./actions/governance/execute.js";
import { getProposal } from "./actions/governance/getProposal.js";
import { getProposalState } from "./actions/governance/getProposalState.js";
import { listProposals } from "./actions/governance/listProposals.js";
import { propose } from "./actions/governance/propose.js";
import { queue } from "./actions/governance/queue.js";
import { vote } from "./actions/governance/vote.js";
import { waitForIndexer } from "./actions/indexer/waitForIndexer.js";
import { cancelJob } from "./actions/jobs/cancelJob.js";
import { finalizeJob } from "./actions/jobs/finalizeJob.js";
import { finalizeJobs } from "./actions/jobs/finalizeJobs.js";
import { getJob } from "./actions/jobs/getJob.js";
import { getJobHistory } from "./actions/jobs/getJobHistory.js";
import { getResult } from "./actions/jobs/getResult.js";
import { getSettlement } from "./actions/jobs/getSettlement.js";
import { listJobs } from "./actions/jobs/listJobs.js";
import { postJob } from "./actions/jobs/postJob.js";
import { postJobs } from "./actions/jobs/postJobs.js";
import { reportMissedDeadline } from "./actions/jobs/reportMissedDeadline.js";
import { submitResult } from "./actions/jobs/submitResult.js";
import { waitForResult } from "./actions/jobs/waitForResult.js";
import { getMarketStats } from "./actions/market/getMarketStats.js";
import { getMissedDeadlines } from "./actions/market/getMissedDeadlines.js";
import { getModel } from "./actions/models/getModel.js";
import { getModelWidths } from "./actions/models/getModelWidths.js";
import { listModels } from "./actions/models/listModels.js";
import { registerModel } from "./actions/models/registerModel.js";
import { retireModel } from "./actions/models/retireModel.js";
import { getParameters } from "./actions/parameters/getParameters.js";
import { listParameterChanges } from "./actions/parameters/listParameterChanges.js";
import { claim } from "./actions/payments/claim.js";
import { claimable } from "./actions/payments/claimable.js";
import { getStake } from "./actions/staking/getStake.js";
import { listProviders } from "./actions/staking/listProviders.js";
import { register } from "./actions/staking/register.js";
import { requestUnstake } from "./actions/staking/requestUnstake.js";
import { stake } from "./actions/staking/stake.js";
import { withdraw } from "./actions/staking/withdraw.js";
import type { Deployment } from "./deployment.js";

export type VerityPublicClient = PublicClient<Transport, Chain | undefined>;
export type VerityWalletClient = WalletClient<Transport, Chain | undefined, Account | undefined>;

/** A contract call that passed its simulation, ready to be signed and sent. */
export type ContractWriteRequest = {
  /** The SDK action sending it (e.g. "commitBid"), for logs and errors. */
  action: string;
  account: Account;
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[] | undefined;
  value?: bigint | undefined;
};

/**
 * Sends simulated contract calls in place of the wallet client's
 * `writeContract`, and resolves to the mined receipt: for a service that keeps
 * its own nonces, signing and rebroadcasting (the worker's serialized sender).
 * It throws what it likes; reverts carrying protocol revert data are decoded.
 */
export type TransactionSender = (request: ContractWriteRequest) => Promise<TransactionReceipt>;

/** What every action needs: the clients, the addresses and the GraphQL endpoint. */
export type VerityCoreClient = {
  readonly publicClient: VerityPublicClient;
  readonly walletClient: VerityWalletClient | undefined;
  /** Sends writes instead of `walletClient.writeContract` (whose account still signs nothing else). */
  readonly sender?: TransactionSender | undefined;
  readonly deployment: Deployment;
  /** The indexer's GraphQL endpoint, e.g. http://localhost:42069/graphql. */
  readonly graphqlUrl: string | undefined;
};

export type CreateVerityClientParameters = {
  publicClient: VerityPublicClient;
  walletClient?: VerityWalletClient | undefined;
  /** See VerityCoreClient.sender. */
  sender?: TransactionSender | undefined;
  deployment: Deployment;
  graphqlUrl?: string | undefined;
};

type Bound<action> = action extends (client: VerityCoreClient, ...rest: infer rest) => infer result
  ? (...rest: rest) => result
  : never;

const actions = {
  postJob,
  postJobs,
  postJobWithAsk,
  pickAsk,
  pickAsks,
  setAsk,
  withdrawAsk,
  getAsk,
  getProviderRecord,
  waitForResult,
  getResult,
  getSettlement,
  cancelJob,
  finalizeJob,
  finalizeJobs,
  submitResult,
  reportMissedDeadline,
  getJob,
  listJobs,
  getJobHistory,
  bidCommitment,
  commitBid,
  getBidCommitment,
  revealBid,
  settleAuction,
  forfeitUnrevealedBid,
  register,
  stake,
  requestUnstake,
  withdraw,
  getStake,
  listProviders,
  delegateStake,
  undelegateStake,
  withdrawDelegation,
  claimDelegationEarnings,
  setDelegatorShare,
  syncDelegationVotes,
  getDelegationPool,
  getDelegation,
  listDelegations,
  registerModel,
  retireModel,
  getModel,
  getModelWidths,
  listModels,
  claim,
  claimable,
  challenge,
  respond,
  proveNeuron,
  proveElement,
  timeoutDispute,
  closeStaleDispute,
  claimBond,
  claimableBond,
  getDispute,
  listDisputes,
  getParameters,
  listParameterChanges,
  getMarketStats,
  getMissedDeadlines,
  waitForIndexer,
  delegate,
  propose,
  vote,
  queue,
  execute,
  getProposalState,
  getProposal,
  listProposals,
};

export type VerityActions = { [name in keyof typeof actions]: Bound<(typeof actions)[name]> };

export type VerityClient = VerityCoreClient & VerityActions;

export function createVerityClient(parameters: CreateVerityClientParameters): VerityClient {
  const core: VerityCoreClient = {
    publicClient: parameters.publicClient,
    walletClient: parameters.walletClient,
    sender: parameters.sender,
    deployment: parameters.deployment,
    graphqlUrl: parameters.graphqlUrl,
  };
  const bound = Object.fromEntries(
    Object.entries(actions).map(([name, action]) => [
      name,
      (...rest: unknown[]) => (action as (...args: unknown[]) => unknown)(core, ...rest),
    ]),
  ) as VerityActions;
  return { ...core, ...bound };
}
