/**
 * Every protocol ABI in one list, so that revert data from any contract in a
 * call chain (governor -> timelock -> parameters, market -> staking -> token)
 * can be decoded.
 */
import {
  askBookAbi,
  batchFinalizerAbi,
  delegationPoolAbi,
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  parametersAbi,
  stakingAbi,
  testStablecoinAbi,
  verityGovernorAbi,
  verityTimelockAbi,
  verityTokenAbi,
} from "../abis/generated.js";

export const protocolAbi = [
  ...jobMarketAbi,
  ...stakingAbi,
  ...delegationPoolAbi,
  ...askBookAbi,
  ...batchFinalizerAbi,
  ...modelRegistryAbi,
  ...parametersAbi,
  ...disputeGameAbi,
  ...verityGovernorAbi,
  ...verityTimelockAbi,
  ...verityTokenAbi,
  ...testStablecoinAbi,
] as const;
