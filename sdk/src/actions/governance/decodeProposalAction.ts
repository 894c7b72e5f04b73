/**
 * A proposal's calls in words: which contract, which function, and for a
 * parameter change the parameter's name and new value.
 */
import { type Address, decodeFunctionData, type Hex, isAddressEqual } from "viem";
import { parametersAbi, verityGovernorAbi, verityTimelockAbi } from "../../abis/generated.js";
import type { Deployment } from "../../deployment.js";
import { type ParameterName, parameterSetters } from "./parameterChange.js";

export type DecodedProposalAction = {
  target: Address;
  value: bigint;
  calldata: Hex;
  /** The deployment's contract at `target`, if it is one that proposals call. */
  contract: "parameters" | "governor" | "timelock" | undefined;
  /** Undefined when the calldata does not decode against that contract's ABI. */
  functionName: string | undefined;
  args: readonly unknown[];
  /** For a Parameters setter: the parameter and its new value ("a,b" for slashShares, an address for treasury). */
  parameter: ParameterName | "slashShares" | undefined;
  newValue: string | undefined;
};

const setterToParameter: Record<string, ParameterName | "slashShares"> = {
  ...Object.fromEntries(Object.entries(parameterSetters).map(([name, fn]) => [fn, name])),
  setSlashShares: "slashShares",
};

const abis = {
  parameters: parametersAbi,
  governor: verityGovernorAbi,
  timelock: verityTimelockAbi,
} as const;

export function decodeProposalAction(
  deployment: Pick<Deployment, "parameters" | "governor" | "timelock">,
  action: { target: Address; value?: bigint | undefined; calldata: Hex },
): DecodedProposalAction {
  const contract = (["parameters", "governor", "timelock"] as const).find((name) => {
    const address = deployment[name];
    return address !== undefined && isAddressEqual(address, action.target);
  });
  let functionName: string | undefined;
  let args: readonly unknown[] = [];
  if (contract !== undefined) {
    try {
      const decoded = decodeFunctionData({ abi: abis[contract], data: action.calldata });
      functionName = decoded.functionName;
      args = decoded.args ?? [];
    } catch {
      functionName = undefined;
    }
  }
  const parameter =
    contract === "parameters" && functionName ? setterToParameter[functionName] : undefined;
  return {
    target: action.target,
    value: action.value ?? 0n,
    calldata: action.calldata,
    contract,
    functionName,
    args,
    parameter,
    newValue: parameter === undefined ? undefined : args.map(String).join(","),
  };
}

/** "protocolFeeBps 100 -> 250", or "governor.setVotingPeriod(60)", or the raw call. */
export function describeProposalAction(
  action: DecodedProposalAction,
  oldValue?: string | undefined,
): string {
  if (action.parameter !== undefined)
    return `${action.parameter} ${oldValue ?? "?"} -> ${action.newValue}`;
  if (action.functionName !== undefined)
    return `${action.contract}.${action.functionName}(${action.args.map(String).join(", ")})`;
  return `call ${action.target} with ${action.calldata.slice(0, 10)}…${action.value > 0n ? ` and ${action.value} wei` : ""}`;
}
