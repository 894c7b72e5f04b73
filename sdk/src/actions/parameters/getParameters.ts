import type { Address } from "viem";
import { parametersAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";

export type GetParametersParameters = Record<string, never> | undefined;

/** Every protocol parameter; times in seconds, shares in basis points, amounts in wei. */
export type ProtocolParameters = {
  minStake: bigint;
  collateralRatio: bigint;
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
};
export type GetParametersReturnType = ProtocolParameters;
export type GetParametersErrorType = Error;

const names = [
  "minStake",
  "collateralRatio",
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
] as const satisfies readonly (keyof ProtocolParameters)[];

/** Reads every protocol parameter from the Parameters contract. */
export async function getParameters(
  client: VerityCoreClient,
  _parameters?: GetParametersParameters,
): Promise<GetParametersReturnType> {
  const values = await Promise.all(
    names.map((functionName) =>
      client.publicClient.readContract({
        address: client.deployment.parameters,
        abi: parametersAbi,
        functionName,
      }),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, values[i]])) as ProtocolParameters;
}
