import type { Address } from "viem";
import { parametersAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

export type GetParametersParameters = Record<string, never> | undefined;

/**
 * The bounds of one deployment, fixed at construction: governance moves each parameter between
 * its floor here (or the absolute floor) and its ceiling here (or the absolute ceiling). Times in
 * seconds, amounts in wei.
 */
export type ParameterBounds = {
  commitWindowFloor: number;
  revealWindowFloor: number;
  maxExecutionWindowFloor: number;
  challengeWindowFloor: number;
  disputeMoveTimeoutFloor: number;
  unbondingDelayFloor: number;
  /** Protocol-token wei per payment-token wei, scaled by 1e18. */
  collateralRatioFloor: bigint;
  minJobCollateralFloor: bigint;
  minStakeCeiling: bigint;
  challengerBondCeiling: bigint;
  /** The protocol token's fixed supply, which the two ceilings stay far below. */
  stakeTokenSupply: bigint;
  paymentTokenDecimals: number;
};

/** Every protocol parameter; times in seconds, shares in basis points, amounts in wei. */
export type ProtocolParameters = {
  minStake: bigint;
  /** Protocol-token wei of collateral per payment-token wei of a job's maximum price, scaled by 1e18. */
  collateralRatio: bigint;
  /** The bid floor: no bid below this share of a job's maximum price. */
  minBidBps: number;
  /** The least collateral (protocol-token wei) any job takes, whatever its price. */
  minJobCollateral: bigint;
  livenessSlashBps: number;
  fraudSlashBps: number;
  challengerShareBps: number;
  requesterShareBps: number;
  commitWindow: number;
  revealWindow: number;
  maxExecutionWindow: number;
  challengeWindow: number;
  disputeMoveTimeout: number;
  unbondingDelay: number;
  challengerBond: bigint;
  protocolFeeBps: number;
  modelRegistrationBond: bigint;
  treasury: Address;
  /** The most delegated VRT per unit of a provider's own stake that adds to its capacity (0: none). */
  maxDelegationRatio: number;
  /** The deployment's bounds on the values above. */
  bounds: ParameterBounds;
};
export type GetParametersReturnType = ProtocolParameters;
export type GetParametersErrorType = Error;

const names = [
  "minStake",
  "collateralRatio",
  "minBidBps",
  "minJobCollateral",
  "livenessSlashBps",
  "fraudSlashBps",
  "challengerShareBps",
  "requesterShareBps",
  "commitWindow",
  "revealWindow",
  "maxExecutionWindow",
  "challengeWindow",
  "disputeMoveTimeout",
  "unbondingDelay",
  "challengerBond",
  "protocolFeeBps",
  "modelRegistrationBond",
  "treasury",
  "maxDelegationRatio",
] as const satisfies readonly Exclude<keyof ProtocolParameters, "bounds">[];

/** Reads every protocol parameter, and the deployment's bounds, from the Parameters contract. */
export async function getParameters(
  client: VerityCoreClient,
  _parameters?: GetParametersParameters,
): Promise<GetParametersReturnType> {
  const contract = { address: client.deployment.parameters, abi: parametersAbi } as const;
  const [values, bounds] = await Promise.all([
    Promise.all(
      names.map((functionName) => client.publicClient.readContract({ ...contract, functionName })),
    ),
    client.publicClient.readContract({ ...contract, functionName: "bounds" }),
  ]);
  return {
    ...(Object.fromEntries(names.map((name, i) => [name, values[i]])) as Omit<
      ProtocolParameters,
      "bounds"
    >),
    bounds: { ...bounds },
  };
}
