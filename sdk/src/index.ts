/**
 * @verity/sdk: a typed client for the Verity inference market, on viem.
 * The package entry point, and the only barrel: every action, error and type
 * is exported from here (the integer-model toolchain is the `@verity/model` package).
 */

export * from "./abis/enums.js";
export * from "./abis/generated.js";
export { askBookAddress } from "./actions/asks/askBookAddress.js";
export {
  type Ask,
  type GetAskParameters,
  getAsk,
  getProviderRecord,
  type ProviderRecord,
} from "./actions/asks/getAsk.js";
export {
  NoAskError,
  type PickAskParameters,
  type PickedAsk,
  pickAsk,
  pickAsks,
} from "./actions/asks/pickAsk.js";
export {
  type PostJobWithAskErrorType,
  type PostJobWithAskParameters,
  type PostJobWithAskReturnType,
  postJobWithAsk,
} from "./actions/asks/postJobWithAsk.js";
export {
  type SetAskErrorType,
  type SetAskParameters,
  type SetAskReturnType,
  setAsk,
} from "./actions/asks/setAsk.js";
export {
  type WithdrawAskErrorType,
  type WithdrawAskParameters,
  type WithdrawAskReturnType,
  withdrawAsk,
} from "./actions/asks/withdrawAsk.js";
export {
  type BidCommitmentParameters,
  type BidCommitmentReturnType,
  bidCommitment,
  computeBidCommitment,
} from "./actions/auction/bidCommitment.js";
export {
  type CommitBidErrorType,
  type CommitBidParameters,
  type CommitBidReturnType,
  commitBid,
} from "./actions/auction/commitBid.js";
export {
  type ForfeitUnrevealedBidErrorType,
  type ForfeitUnrevealedBidParameters,
  type ForfeitUnrevealedBidReturnType,
  forfeitUnrevealedBid,
} from "./actions/auction/forfeitUnrevealedBid.js";
export {
  type GetBidCommitmentErrorType,
  type GetBidCommitmentParameters,
  type GetBidCommitmentReturnType,
  getBidCommitment,
} from "./actions/auction/getBidCommitment.js";
export {
  type RevealBidErrorType,
  type RevealBidParameters,
  type RevealBidReturnType,
  revealBid,
} from "./actions/auction/revealBid.js";
export {
  type SettleAuctionErrorType,
  type SettleAuctionParameters,
  type SettleAuctionReturnType,
  settleAuction,
} from "./actions/auction/settleAuction.js";
export {
  type ClaimDelegationEarningsErrorType,
  type ClaimDelegationEarningsParameters,
  type ClaimDelegationEarningsReturnType,
  claimDelegationEarnings,
} from "./actions/delegation/claimDelegationEarnings.js";
export {
  type DelegateStakeErrorType,
  type DelegateStakeParameters,
  type DelegateStakeReturnType,
  delegateStake,
} from "./actions/delegation/delegateStake.js";
export {
  type GetDelegationErrorType,
  type GetDelegationParameters,
  type GetDelegationReturnType,
  getDelegation,
} from "./actions/delegation/getDelegation.js";
export {
  type GetDelegationPoolErrorType,
  type GetDelegationPoolParameters,
  type GetDelegationPoolReturnType,
  getDelegationPool,
} from "./actions/delegation/getDelegationPool.js";
export {
  type ListDelegationsErrorType,
  type ListDelegationsParameters,
  type ListDelegationsReturnType,
  listDelegations,
} from "./actions/delegation/listDelegations.js";
export {
  type SetDelegatorShareErrorType,
  type SetDelegatorShareParameters,
  type SetDelegatorShareReturnType,
  setDelegatorShare,
} from "./actions/delegation/setDelegatorShare.js";
export {
  type SyncDelegationVotesErrorType,
  type SyncDelegationVotesParameters,
  type SyncDelegationVotesReturnType,
  syncDelegationVotes,
} from "./actions/delegation/syncDelegationVotes.js";
export {
  type UndelegateStakeErrorType,
  type UndelegateStakeParameters,
  type UndelegateStakeReturnType,
  undelegateStake,
} from "./actions/delegation/undelegateStake.js";
export {
  type WithdrawDelegationErrorType,
  type WithdrawDelegationParameters,
  type WithdrawDelegationReturnType,
  withdrawDelegation,
} from "./actions/delegation/withdrawDelegation.js";
export {
  type ChallengeErrorType,
  type ChallengeParameters,
  type ChallengeReturnType,
  challenge,
} from "./actions/disputes/challenge.js";
export {
  type ClaimableBondErrorType,
  type ClaimableBondParameters,
  type ClaimableBondReturnType,
  claimableBond,
} from "./actions/disputes/claimableBond.js";
export {
  type ClaimBondErrorType,
  type ClaimBondParameters,
  type ClaimBondReturnType,
  claimBond,
} from "./actions/disputes/claimBond.js";
export {
  type CloseStaleDisputeErrorType,
  type CloseStaleDisputeParameters,
  type CloseStaleDisputeReturnType,
  closeStaleDispute,
} from "./actions/disputes/closeStaleDispute.js";
export { disputePhaseName } from "./actions/disputes/disputePhase.js";
export {
  type Dispute,
  type GetDisputeErrorType,
  type GetDisputeParameters,
  type GetDisputeReturnType,
  getDispute,
} from "./actions/disputes/getDispute.js";
export {
  type GetRewardPotErrorType,
  type GetRewardPotParameters,
  type GetRewardPotReturnType,
  getRewardPot,
} from "./actions/disputes/getRewardPot.js";
export {
  type ListDisputesErrorType,
  type ListDisputesParameters,
  type ListDisputesReturnType,
  listDisputes,
} from "./actions/disputes/listDisputes.js";
export {
  type ProveElementErrorType,
  type ProveElementParameters,
  type ProveElementReturnType,
  proveElement,
  type SpatialElementProof,
} from "./actions/disputes/proveElement.js";
export {
  type LayerFields,
  type LayerProof,
  layerProofFromWitness,
  type ProveNeuronErrorType,
  type ProveNeuronParameters,
  type ProveNeuronReturnType,
  proveNeuron,
} from "./actions/disputes/proveNeuron.js";
export {
  type RespondErrorType,
  type RespondParameters,
  type RespondReturnType,
  respond,
} from "./actions/disputes/respond.js";
export {
  type TimeoutDisputeErrorType,
  type TimeoutDisputeParameters,
  type TimeoutDisputeReturnType,
  timeoutDispute,
} from "./actions/disputes/timeoutDispute.js";
export {
  type CancelProposalErrorType,
  type CancelProposalParameters,
  type CancelProposalReturnType,
  cancelProposal,
} from "./actions/governance/cancel.js";
export {
  type CheckedProposalAction,
  type CheckProposalErrorType,
  type CheckProposalParameters,
  type CheckProposalReturnType,
  checkProposal,
  ProposalWouldFailError,
  type ProposalWouldFailErrorType,
} from "./actions/governance/checkProposal.js";
export {
  type DecodedProposalAction,
  decodeProposalAction,
  describeProposalAction,
} from "./actions/governance/decodeProposalAction.js";
export {
  type DelegateErrorType,
  type DelegateParameters,
  type DelegateReturnType,
  delegate,
} from "./actions/governance/delegate.js";
export {
  type DescribedProposalAction,
  type DescribeProposalErrorType,
  type DescribeProposalParameters,
  type DescribeProposalReturnType,
  describeProposal,
  type ProposalMoment,
} from "./actions/governance/describeProposal.js";
export {
  type ExecuteErrorType,
  type ExecuteParameters,
  type ExecuteReturnType,
  execute,
} from "./actions/governance/execute.js";
export {
  findProposal,
  type ProposalDetails,
  scanProposals,
  UnknownProposalError,
  type UnknownProposalErrorType,
} from "./actions/governance/findProposal.js";
export {
  type GetProposalErrorType,
  type GetProposalParameters,
  type GetProposalReturnType,
  getProposal,
} from "./actions/governance/getProposal.js";
export {
  type GetProposalStateErrorType,
  type GetProposalStateParameters,
  type GetProposalStateReturnType,
  getProposalState,
} from "./actions/governance/getProposalState.js";
export {
  type GetVotingPowerErrorType,
  type GetVotingPowerParameters,
  type GetVotingPowerReturnType,
  getVotingPower,
} from "./actions/governance/getVotingPower.js";
export {
  type ListProposalsErrorType,
  type ListProposalsParameters,
  type ListProposalsReturnType,
  listProposals,
} from "./actions/governance/listProposals.js";
export {
  encodeParameterChange,
  isParameterName,
  type ParameterChange,
  type ParameterName,
  type ProposalAction,
  parameterSetters,
} from "./actions/governance/parameterChange.js";
export { proposalCalls, proposalId } from "./actions/governance/proposalId.js";
export {
  proposalStateName,
  type VoteSupportName,
  voteSupport,
} from "./actions/governance/proposalState.js";
export {
  type ProposeErrorType,
  type ProposeParameters,
  type ProposeReturnType,
  propose,
} from "./actions/governance/propose.js";
export {
  type QueueErrorType,
  type QueueParameters,
  type QueueReturnType,
  queue,
} from "./actions/governance/queue.js";
export {
  type VoteErrorType,
  type VoteParameters,
  type VoteReturnType,
  vote,
} from "./actions/governance/vote.js";
export {
  IndexerBehindError,
  type IndexerBehindErrorType,
  type WaitForIndexerErrorType,
  type WaitForIndexerParameters,
  type WaitForIndexerReturnType,
  waitForIndexer,
} from "./actions/indexer/waitForIndexer.js";
export {
  type CancelJobErrorType,
  type CancelJobParameters,
  type CancelJobReturnType,
  cancelJob,
} from "./actions/jobs/cancelJob.js";
export {
  type FinalizeJobErrorType,
  type FinalizeJobParameters,
  type FinalizeJobReturnType,
  finalizeJob,
  NoResultError,
  type NoResultErrorType,
} from "./actions/jobs/finalizeJob.js";
export {
  batchFinalizerAddress,
  type FinalizeJobsParameters,
  type FinalizeJobsReturnType,
  finalizeJobs,
  MAX_FINALIZE_BATCH,
} from "./actions/jobs/finalizeJobs.js";
export {
  type GetJobErrorType,
  type GetJobParameters,
  type GetJobReturnType,
  getJob,
  type Job,
} from "./actions/jobs/getJob.js";
export {
  type GetJobHistoryErrorType,
  type GetJobHistoryParameters,
  type GetJobHistoryReturnType,
  getJobHistory,
} from "./actions/jobs/getJobHistory.js";
export {
  type GetResultErrorType,
  type GetResultParameters,
  type GetResultReturnType,
  getResult,
  type JobResult,
} from "./actions/jobs/getResult.js";
export {
  type GetSettlementErrorType,
  type GetSettlementParameters,
  type GetSettlementReturnType,
  getSettlement,
  type JobSettlement,
} from "./actions/jobs/getSettlement.js";
export {
  failedStatuses,
  jobStatusName,
  terminalStatuses,
} from "./actions/jobs/jobStatus.js";
export { type JobPostedInReceipt, jobsPostedIn } from "./actions/jobs/jobsPostedIn.js";
export {
  type ListJobsErrorType,
  type ListJobsParameters,
  type ListJobsReturnType,
  listJobs,
} from "./actions/jobs/listJobs.js";
export {
  DEFAULT_EXECUTION_WINDOW,
  InvalidJobInputError,
  type InvalidJobInputErrorType,
  type PostJobErrorType,
  type PostJobParameters,
  type PostJobReturnType,
  postJob,
} from "./actions/jobs/postJob.js";
export {
  type BatchJob,
  MAX_JOBS_PER_BATCH,
  type PostedJob,
  PostJobsError,
  type PostJobsErrorType,
  type PostJobsParameters,
  type PostJobsReturnType,
  postJobs,
} from "./actions/jobs/postJobs.js";
export {
  type ReportMissedDeadlineErrorType,
  type ReportMissedDeadlineParameters,
  type ReportMissedDeadlineReturnType,
  reportMissedDeadline,
} from "./actions/jobs/reportMissedDeadline.js";
export {
  type SubmitResultErrorType,
  type SubmitResultParameters,
  type SubmitResultReturnType,
  submitResult,
} from "./actions/jobs/submitResult.js";
export {
  JobFailedError,
  type JobFailedErrorType,
  type WaitForResultErrorType,
  type WaitForResultParameters,
  type WaitForResultReturnType,
  WaitForResultTimeoutError,
  type WaitForResultTimeoutErrorType,
  waitForResult,
} from "./actions/jobs/waitForResult.js";
export {
  type GetMarketStatsErrorType,
  type GetMarketStatsParameters,
  type GetMarketStatsReturnType,
  getMarketStats,
} from "./actions/market/getMarketStats.js";
export {
  type GetMissedDeadlinesErrorType,
  type GetMissedDeadlinesParameters,
  type GetMissedDeadlinesReturnType,
  getMissedDeadlines,
} from "./actions/market/getMissedDeadlines.js";
export {
  type GetOpenDisputesErrorType,
  type GetOpenDisputesParameters,
  type GetOpenDisputesReturnType,
  getOpenDisputes,
} from "./actions/market/getOpenDisputes.js";
export {
  type GetModelErrorType,
  type GetModelParameters,
  type GetModelReturnType,
  getModel,
  type Model,
} from "./actions/models/getModel.js";
export {
  type GetModelWidthsErrorType,
  type GetModelWidthsParameters,
  type GetModelWidthsReturnType,
  getModelWidths,
} from "./actions/models/getModelWidths.js";
export {
  type ListModelsErrorType,
  type ListModelsParameters,
  type ListModelsReturnType,
  listModels,
} from "./actions/models/listModels.js";
export { modelKindName } from "./actions/models/modelKind.js";
export {
  InvalidModelMetaError,
  type InvalidModelMetaErrorType,
  MAX_MODEL_WIDTH,
  type ModelRegistrationMeta,
  type RegisterModelErrorType,
  type RegisterModelParameters,
  type RegisterModelReturnType,
  registerModel,
} from "./actions/models/registerModel.js";
export {
  type RetireModelErrorType,
  type RetireModelParameters,
  type RetireModelReturnType,
  retireModel,
} from "./actions/models/retireModel.js";
export {
  type GetParametersErrorType,
  type GetParametersParameters,
  type GetParametersReturnType,
  getParameters,
  type ParameterBounds,
  type ProtocolParameters,
} from "./actions/parameters/getParameters.js";
export {
  type ListParameterChangesErrorType,
  type ListParameterChangesParameters,
  type ListParameterChangesReturnType,
  listParameterChanges,
} from "./actions/parameters/listParameterChanges.js";
export {
  type ClaimErrorType,
  type ClaimParameters,
  type ClaimReturnType,
  claim,
} from "./actions/payments/claim.js";
export {
  type ClaimableErrorType,
  type ClaimableParameters,
  type ClaimableReturnType,
  claimable,
} from "./actions/payments/claimable.js";
export {
  type GetStakeErrorType,
  type GetStakeParameters,
  type GetStakeReturnType,
  getStake,
} from "./actions/staking/getStake.js";
export {
  type ListProvidersErrorType,
  type ListProvidersParameters,
  type ListProvidersReturnType,
  listProviders,
} from "./actions/staking/listProviders.js";
export {
  type RegisterErrorType,
  type RegisterParameters,
  type RegisterReturnType,
  register,
} from "./actions/staking/register.js";
export {
  type RequestUnstakeErrorType,
  type RequestUnstakeParameters,
  type RequestUnstakeReturnType,
  requestUnstake,
} from "./actions/staking/requestUnstake.js";
export {
  type StakeErrorType,
  type StakeParameters,
  type StakeReturnType,
  stake,
} from "./actions/staking/stake.js";
export {
  type WithdrawErrorType,
  type WithdrawParameters,
  type WithdrawReturnType,
  withdraw,
} from "./actions/staking/withdraw.js";
export {
  type ContractWriteRequest,
  type CreateVerityClientParameters,
  createVerityClient,
  type TransactionSender,
  type VerityActions,
  type VerityClient,
  type VerityCoreClient,
  type VerityPublicClient,
  type VerityWalletClient,
} from "./client.js";
export {
  type Deployment,
  InvalidDeploymentError,
  type InvalidDeploymentErrorType,
  type LoadDeploymentErrorType,
  type LoadDeploymentParameters,
  loadDeployment,
  type ParseDeploymentErrorType,
  parseDeployment,
} from "./deployment.js";
export { protocolAbi } from "./errors/abi.js";
export {
  BaseError,
  type BaseErrorParameters,
  type BaseErrorType,
  walk,
} from "./errors/base.js";
export {
  decodeVerityError,
  formatError,
  isVerityContractError,
  type ProtocolErrorAbi,
  type ProtocolErrorArgs,
  type ProtocolErrorData,
  type ProtocolErrorName,
  protocolErrorAbi,
  revertDataOf,
  toVerityError,
  VerityContractError,
  type VerityContractErrorType,
} from "./errors/contract.js";
export {
  MissingContractError,
  type MissingContractErrorType,
} from "./errors/deployment.js";
export { bytes32Name, explain, statesOfBitmap } from "./errors/explain.js";
export {
  GraphqlUrlRequiredError,
  type GraphqlUrlRequiredErrorType,
} from "./errors/graphql.js";
export {
  TransactionRevertedError,
  type TransactionRevertedErrorType,
  WalletRequiredError,
  type WalletRequiredErrorType,
} from "./errors/wallet.js";
export {
  GraphqlError,
  type GraphqlErrorType,
  type GraphqlRequestParameters,
  graphqlRequest,
} from "./graphql/client.js";
export {
  bidFields,
  disputeFields,
  disputeMoveFields,
  indexerStatusQuery,
  jobFields,
  jobHistoryQuery,
  listDisputesQuery,
  listJobsQuery,
  listModelsQuery,
  listParameterChangesQuery,
  listProposalsQuery,
  listProvidersQuery,
  marketQuery,
  modelFields,
  parameterChangeFields,
  proposalFields,
  proposalQuery,
  providerFields,
  resultFields,
  rewardPotFields,
  stakeEventFields,
  statusChangeFields,
  voteFields,
} from "./graphql/documents.js";
export {
  type IndexedBid,
  type IndexedDelegation,
  type IndexedDispute,
  type IndexedDisputeMove,
  type IndexedJob,
  type IndexedJobHistory,
  type IndexedJobStatus,
  type IndexedJobStatusChange,
  type IndexedMarket,
  type IndexedModel,
  type IndexedParameterChange,
  type IndexedProposal,
  type IndexedProposalWithVotes,
  type IndexedProvider,
  type IndexedResult,
  type IndexedRewardPot,
  type IndexedStakeEvent,
  type IndexedVote,
  type Page,
  type PageInfo,
  parseBid,
  parseDispute,
  parseDisputeMove,
  parseJob,
  parseJobHistory,
  parseMarket,
  parseModel,
  parsePage,
  parseParameterChange,
  parseProposal,
  parseProposalWithVotes,
  parseProvider,
  parseResult,
  parseRewardPot,
  parseStakeEvent,
  parseStatusChange,
  parseVote,
} from "./graphql/types.js";
