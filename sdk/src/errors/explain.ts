/**
 * Reverts in words, for the errors whose arguments people cannot read as they
 * are: bytes32 names, state bitmaps, amounts in wei.
 */
import { formatUnits, type Hex, hexToString, isHex } from "viem";
import { operationStates, proposalStates } from "../abis/enums.js";

/** A bytes32 that holds a short string (a parameter's name), as that string; else the hex. */
export function bytes32Name(value: unknown): string {
  if (typeof value !== "string" || !isHex(value)) return String(value);
  try {
    const text = hexToString(value as Hex, { size: 32 });
    return /^[\x20-\x7e]+$/.test(text) ? text : value;
  } catch {
    return value;
  }
}

/** The names of the states set in an OpenZeppelin state bitmap (bit i = enum value i). */
export function statesOfBitmap(bitmap: unknown, names: readonly string[]): string[] {
  const value = typeof bitmap === "string" && isHex(bitmap) ? BigInt(bitmap) : BigInt(0);
  return names.filter((_, i) => (value >> BigInt(i)) & 1n);
}

const vrt = (value: unknown) => `${formatUnits(BigInt(value as bigint), 18)} VRT`;
const orList = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

const proposalNeeds: Record<string, string> = {
  Pending: "it is Pending: voting has not opened yet",
  Active: "voting is open",
  Succeeded: "the vote succeeded and the proposal is not queued yet",
  Queued: "it is queued in the timelock",
};

/** One sentence saying what went wrong, for the errors that need more than their signature. */
export const explanations: Record<string, (args: readonly unknown[]) => string> = {
  GovernorUnexpectedProposalState: ([, current, expected]) => {
    const state = proposalStates[Number(current)] ?? `state ${current}`;
    const wanted = statesOfBitmap(expected, proposalStates);
    if (wanted.length === 0)
      return `an identical proposal exists (it is ${state}): change the description to propose the same actions again`;
    const closed =
      state === "Defeated" || state === "Succeeded" || state === "Queued" || state === "Executed"
        ? " (voting has closed)"
        : "";
    return `the proposal is ${state}${closed}; this needs it ${orList(wanted)}${wanted.length === 1 && proposalNeeds[wanted[0] ?? ""] ? `, i.e. ${proposalNeeds[wanted[0] ?? ""]}` : ""}`;
  },
  GovernorInsufficientProposerVotes: ([proposer, votes, threshold]) =>
    `${proposer} had ${vrt(votes)} of votes at the previous block; proposing needs at least ${vrt(threshold)}`,
  GovernorAlreadyCastVote: ([voter]) => `${voter} has already voted on this proposal`,
  GovernorNonexistentProposal: ([id]) => `no proposal ${id} exists on this governor`,
  GovernorUnableToCancel: ([id, account]) =>
    `${account} cannot cancel proposal ${id}: only its proposer can, while it is Pending`,
  GovernorInvalidProposalLength: ([targets, calldatas, values]) =>
    `the proposal has ${targets} targets, ${calldatas} calldatas and ${values} values: they must match`,
  TimelockUnexpectedOperationState: ([, expected]) => {
    const wanted = statesOfBitmap(expected, operationStates);
    if (wanted.length === 1 && wanted[0] === "Ready")
      return "the timelock delay has not passed yet (or the proposal is not queued): execute once it is Ready";
    if (wanted.length === 1 && wanted[0] === "Unset")
      return "these actions are already scheduled in the timelock";
    return `the timelock operation must be ${orList(wanted)}`;
  },
  TimelockInsufficientDelay: ([delay, minDelay]) =>
    `a delay of ${delay} s is below the timelock's minimum of ${minDelay} s`,
  ParametersOutOfBounds: ([name, value, min, max]) =>
    `${bytes32Name(name)} = ${value} is outside its bounds [${min}, ${max}]`,
  ParametersBoundOutOfRange: ([name, value, min, max]) =>
    `the bound ${bytes32Name(name)} = ${value} is outside [${min}, ${max}]`,
  ParametersUnbondingTooShort: ([unbonding, challenge, dispute]) =>
    `unbondingDelay ${unbonding} s must exceed challengeWindow ${challenge} s plus the longest dispute ${dispute} s`,
  ParametersSharesExceedTotal: ([challenger, requester]) =>
    `slash shares ${challenger} + ${requester} bps add up to more than 10000`,
  ParametersPenaltyBelowFloor: ([fraud, challenger, requester, floor]) =>
    `with fraudSlashBps ${fraud} and shares ${challenger}/${requester} bps the treasury's part of a fraud slash falls below its floor of ${floor} bps`,
  ParametersZeroTreasury: () => "the treasury cannot be the zero address",
  AskBookWindowTooShort: ([provider, modelId, window, minWindow]) =>
    `${provider}'s ask for model ${modelId} needs an execution window of at least ${minWindow} s; the job gives ${window} s: post with at least ${minWindow} s or pick another ask`,
  AskBookCallbackGasAboveMax: ([provider, modelId, gas, maxGas]) =>
    `${provider}'s ask for model ${modelId} allows at most ${maxGas} gas of consumer callback; the job asks for ${gas}: lower callbackGasLimit to ${maxGas} or pick another ask`,
  AskBookBadTerms: ([minWindow, maxGas]) =>
    `minExecutionWindow ${minWindow} and maxCallbackGas ${maxGas} must each be at most 4294967295 (32 bits)`,
};

export function explain(errorName: string, args: readonly unknown[]): string | undefined {
  try {
    return explanations[errorName]?.(args);
  } catch {
    return undefined;
  }
}
