/**
 * Every protocol ABI in one list, so that revert data from any contract in a
 * call chain (governor -> timelock -> parameters, market -> staking -> token)
 * can be decoded.
 */
import {
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
  ...modelRegistryAbi,
  ...parametersAbi,
  ...disputeGameAbi,
  ...verityGovernorAbi,
  ...verityTimelockAbi,
  ...verityTokenAbi,
  ...testStablecoinAbi,
] as const;
