/**
 * Proposal actions that change protocol parameters: each names a Parameters
 * setter and its value, encoded against the generated ABI.
 */
import { type Address, encodeFunctionData, type Hex } from "viem";
import { parametersAbi } from "../../abis/generated.js";
import type { Deployment } from "../../deployment.js";

/** The parameters one setter with one value changes (slash shares take two values, below). */
export const parameterSetters = {
  minStake: "setMinStake",
  collateralRatio: "setCollateralRatio",
  minBidBps: "setMinBidBps",
  minJobCollateral: "setMinJobCollateral",
  livenessSlashBps: "setLivenessSlashBps",
  fraudSlashBps: "setFraudSlashBps",
  commitWindow: "setCommitWindow",
  revealWindow: "setRevealWindow",
  maxExecutionWindow: "setMaxExecutionWindow",
  challengeWindow: "setChallengeWindow",
  disputeMoveTimeout: "setDisputeMoveTimeout",
  unbondingDelay: "setUnbondingDelay",
  challengerBond: "setChallengerBond",
  protocolFeeBps: "setProtocolFeeBps",
  modelRegistrationBond: "setModelRegistrationBond",
  maxDelegationRatio: "setMaxDelegationRatio",
  treasury: "setTreasury",
} as const;

export type ParameterName = keyof typeof parameterSetters;

export type ParameterChange =
  | { name: Exclude<ParameterName, "treasury">; value: bigint | number }
  | { name: "treasury"; value: Address }
  | {
      name: "slashShares";
      value: readonly [challengerShareBps: number, requesterShareBps: number];
    };

/** A call the timelock makes when a proposal executes. */
export type ProposalAction = { target: Address; value?: bigint | undefined; calldata: Hex };

export function isParameterName(name: string): name is ParameterName | "slashShares" {
  return name === "slashShares" || Object.hasOwn(parameterSetters, name);
}

/** Encodes a parameter change as a call to the Parameters contract. */
export function encodeParameterChange(
  deployment: Pick<Deployment, "parameters">,
  change: ParameterChange,
): ProposalAction {
  const calldata =
    change.name === "slashShares"
      ? encodeFunctionData({
          abi: parametersAbi,
          functionName: "setSlashShares",
          args: [change.value[0], change.value[1]],
        })
      : change.name === "treasury"
        ? encodeFunctionData({
            abi: parametersAbi,
            functionName: "setTreasury",
            args: [change.value],
          })
        : encodeSetter(change.name, change.value);
  return { target: deployment.parameters, value: 0n, calldata };
}

function encodeSetter(name: Exclude<ParameterName, "treasury">, value: bigint | number): Hex {
  const functionName = parameterSetters[name];
  switch (functionName) {
    case "setMinStake":
    case "setCollateralRatio":
    case "setChallengerBond":
    case "setModelRegistrationBond":
      return encodeFunctionData({ abi: parametersAbi, functionName, args: [BigInt(value)] });
    default:
      return encodeFunctionData({ abi: parametersAbi, functionName, args: [Number(value)] });
  }
}
