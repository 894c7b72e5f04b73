/**
 * Reverts of the protocol contracts, decoded into typed errors. A call into the
 * job market can revert inside the staking contract (or a token), so the revert
 * data is decoded against the errors of every protocol ABI at once, not only
 * the ABI of the contract that was called.
 */
import { type ContractErrorArgs, type ContractErrorName, decodeErrorResult, type Hex } from "viem";
import {
  disputePhases,
  jobStatuses,
  modelKinds,
  operationStates,
  proposalStates,
} from "../abis/enums.js";
import { protocolAbi } from "./abi.js";
import { BaseError, walk } from "./base.js";
import { bytes32Name, explain, statesOfBitmap } from "./explain.js";

/** Enum arguments of errors, shown by name. */
const enums: Record<string, readonly string[]> = {
  "enum JobStatus": jobStatuses,
  "enum ModelKind": modelKinds,
  "enum IDisputeGame.DisputePhase": disputePhases,
  "enum IGovernor.ProposalState": proposalStates,
  "enum TimelockController.OperationState": operationStates,
};

type ProtocolAbiItem = (typeof protocolAbi)[number];
/** Every custom error any protocol contract can revert with (including the tokens' ERC-20 errors). */
export type ProtocolErrorAbi = readonly Extract<ProtocolAbiItem, { type: "error" }>[];

export const protocolErrorAbi = protocolAbi.filter(
  (item) => item.type === "error",
) as unknown as ProtocolErrorAbi;

export type ProtocolErrorName = ContractErrorName<ProtocolErrorAbi>;
export type ProtocolErrorArgs<name extends ProtocolErrorName> = ContractErrorArgs<
  ProtocolErrorAbi,
  name
>;

/** A decoded revert: narrow it on `errorName` to get typed `args`. */
export type ProtocolErrorData = {
  [name in ProtocolErrorName]: { errorName: name; args: ProtocolErrorArgs<name> };
}[ProtocolErrorName];

export type VerityContractErrorType = VerityContractError & { name: "VerityContractError" };

/**
 * A protocol contract reverted with one of its custom errors (or a Solidity
 * `Error(string)` / `Panic(uint256)`, then `errorName` is "Error" or "Panic").
 */
export class VerityContractError<
  name extends ProtocolErrorName | "Error" | "Panic" = ProtocolErrorName | "Error" | "Panic",
> extends BaseError {
  override name = "VerityContractError" as const;
  readonly errorName: name;
  readonly args: name extends ProtocolErrorName ? ProtocolErrorArgs<name> : readonly unknown[];
  /** The function that was called, when known. */
  readonly functionName: string | undefined;
  /** The raw revert data. */
  readonly raw: Hex;
  /** What went wrong in words (states by name, names as text, amounts in VRT), for the errors that need it. */
  readonly explanation: string | undefined;

  constructor(parameters: {
    errorName: name;
    args: name extends ProtocolErrorName ? ProtocolErrorArgs<name> : readonly unknown[];
    raw: Hex;
    functionName?: string | undefined;
    signature?: string | undefined;
    cause?: unknown;
  }) {
    const { errorName, args, functionName, raw, signature, cause } = parameters;
    const call = functionName ? `${functionName} reverted` : "The call reverted";
    const explanation = explain(errorName, args as readonly unknown[]);
    const meta = [
      ...(explanation ? [explanation] : []),
      ...(hints[errorName] ? [`Hint: ${hints[errorName]}`] : []),
    ];
    super(`${call}: ${signature ?? errorName}`, {
      cause,
      details: `revert data ${raw.length > 74 ? `${raw.slice(0, 74)}…` : raw}`,
      ...(meta.length > 0 ? { metaMessages: meta } : {}),
    });
    this.explanation = explanation;
    this.errorName = errorName;
    this.args = args;
    this.functionName = functionName;
    this.raw = raw;
  }

  /** The decoded error as a discriminated union, to narrow on `errorName`. */
  get data(): ProtocolErrorData {
    return { errorName: this.errorName, args: this.args } as ProtocolErrorData;
  }

  /** What to do about it, for the errors people run into. */
  get hint(): string | undefined {
    return hints[this.errorName];
  }
}

/** Whether `error` is a decoded protocol revert, optionally of one given name. */
export function isVerityContractError<name extends ProtocolErrorName | "Error" | "Panic">(
  error: unknown,
  errorName?: name,
): error is VerityContractError<name> {
  return (
    error instanceof VerityContractError &&
    (errorName === undefined || error.errorName === errorName)
  );
}

/** Decodes revert data against every protocol ABI; undefined when the selector is unknown. */
export function decodeVerityError(
  raw: Hex,
  context: { functionName?: string | undefined; cause?: unknown } = {},
): VerityContractError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: protocolErrorAbi, data: raw }) as {
      errorName: string;
      args: readonly unknown[] | undefined;
      abiItem: { inputs?: readonly { name?: string; internalType?: string }[] } | undefined;
    };
    const args = decoded.args ?? [];
    return new VerityContractError({
      errorName: decoded.errorName as ProtocolErrorName,
      args: args as never,
      raw,
      functionName: context.functionName,
      signature: formatError(
        decoded.errorName,
        decoded.abiItem?.inputs ?? [],
        args,
        decoded.errorName,
      ),
      cause: context.cause,
    });
  } catch {
    return undefined;
  }
}

/** `Name(arg: value, ...)`, with bigints and strings written as Solidity would. */
export function formatError(
  errorName: string,
  inputs: readonly { name?: string; internalType?: string }[],
  args: readonly unknown[],
  errorNameForBitmaps?: string,
): string {
  const parts = args.map((arg, i) => {
    const name = inputs[i]?.name;
    const enumNames = enums[inputs[i]?.internalType ?? ""];
    // OpenZeppelin encodes "expected states" as a bitmap over the state enum.
    const bitmapOf =
      name === "expectedStates"
        ? errorNameForBitmaps?.startsWith("Timelock")
          ? operationStates
          : proposalStates
        : undefined;
    const value =
      enumNames && typeof arg === "number"
        ? `${enumNames[arg] ?? "?"}(${arg})`
        : bitmapOf
          ? `[${statesOfBitmap(arg, bitmapOf).join(", ")}]`
          : name === "name" && inputs[i]?.internalType === "bytes32"
            ? JSON.stringify(bytes32Name(arg))
            : typeof arg === "string" && !arg.startsWith("0x")
              ? JSON.stringify(arg)
              : String(arg);
    return name ? `${name}: ${value}` : value;
  });
  return `${errorName}(${parts.join(", ")})`;
}

/** The revert data inside an error thrown by viem (simulate, call, estimateGas, write), if any. */
export function revertDataOf(error: unknown): Hex | undefined {
  let found: Hex | undefined;
  walk(error, (e) => {
    if (typeof e !== "object" || e === null) return false;
    const record = e as { raw?: unknown; data?: unknown };
    for (const candidate of [record.raw, record.data, (record.data as { data?: unknown })?.data]) {
      if (typeof candidate === "string" && /^0x[0-9a-fA-F]{8}/.test(candidate)) {
        found = candidate as Hex;
        return true;
      }
    }
    return false;
  });
  return found;
}

/**
 * Turns what viem threw into a `VerityContractError` when it carries protocol
 * revert data; anything else (network, wallet, unknown selector) is returned unchanged.
 */
export function toVerityError(error: unknown, functionName?: string): unknown {
  if (error instanceof VerityContractError) return error;
  const raw = revertDataOf(error);
  if (raw === undefined) return error;
  return decodeVerityError(raw, { functionName, cause: error }) ?? error;
}

/** Keyed by the protocol's error names, so that a hint for an error the contracts dropped fails the typecheck. */
const hints: Partial<Record<ProtocolErrorName | "Error" | "Panic", string>> = {
  MarketPaused: "the guardian paused new jobs and bids; try again once the market is unpaused.",
  MarketModelInactive: "the model id is unknown or retired; list models with `verity model show`.",
  MarketBadPrice: "the maximum price must be positive (in payment-token wei) and fit 96 bits.",
  MarketBadExecutionWindow: "choose an execution window between 1 second and the maximum shown.",
  AskBookWindowTooShort:
    "the ask needs a longer execution window than the job gives: post with at least the ask's minExecutionWindow seconds (`getAsk`, `verity ask show`), or pick another ask.",
  AskBookCallbackGasAboveMax:
    "the ask allows less consumer callback gas than the job asks for (its provider pays for the callback when it finalizes): lower callbackGasLimit to the ask's maxCallbackGas, pick another ask, or post through the auction.",
  AskBookBadTerms:
    "an ask's minExecutionWindow (seconds) and maxCallbackGas must each fit 32 bits (at most 4294967295).",
  MarketBadInputLength:
    "an integer model's inline input must have exactly the model's input width in bytes (int8 each); see `getModelWidths`.",
  MarketBadOutputLength:
    "an integer model's inline output must have exactly the model's output width in bytes (int8 each).",
  MarketCollateralTooLarge:
    "the collateral (max of escrow × collateral ratio, the per-job floor and minCollateral) must fit 96 bits: lower minCollateral or the maximum price.",
  MarketPaymentTokenShortfall:
    "the market received less payment token than the maximum price: fee-on-transfer and rebasing tokens are not supported.",
  MarketNoCommitment:
    "this bidder has no unrevealed commitment in that round (revealed, forfeited already, or never committed).",
  MarketRevealStillOpen:
    "an unrevealed bid can be forfeited only after the round's reveal deadline.",
  MarketHasBids: "a job can only be cancelled before the first bid.",
  MarketNothingToClaim: "nothing is credited to this account yet.",
  MarketUnknownJob: "no job has this id; check the id and the network.",
  StakingInsufficientFreeStake:
    "every commitment locks the job's whole collateral (fixed at post, `getJob().collateral`) until it loses, is forfeited or the job ends: stake more, or wait until bids and jobs in flight unlock theirs.",
  StakingBelowMinimumStake: "stake at least the minimum stake before bidding.",
  StakingOwnStakeBelowFloor:
    "delegation adds capacity, but the provider's own stake must cover the treasury's part of a fraud slash of everything it locks: stake more of your own, or take a smaller job.",
  StakingDelegationBacksCollateral:
    "these delegated tokens back collateral of the provider's jobs in flight: undelegate less, or wait until its jobs end.",
  DelegationStillThawing: "the unbonding delay has not passed yet; withdraw after `releaseAt`.",
  DelegationNothingThawing: "undelegate first, then withdraw after the unbonding delay.",
  DelegationNothingToClaim: "no earnings have accrued to this delegation yet.",
  DelegationPoolWiped:
    "a slash took all of this provider's pool while shares remain: its shares are worthless, delegate to another provider.",
  DelegationProviderNotRegistered: "only registered providers take delegation; check the address.",
  StakingNotRegistered: "register first (`verity provider stake` registers when needed).",
  StakingStillUnbonding: "the unbonding delay has not passed yet; withdraw after `releaseAt`.",
  StakingNothingUnbonding: "request an unstake first, then withdraw after the unbonding delay.",
  ModelRegistryDuplicate: "this model file is already registered under the id shown.",
  ERC20InsufficientBalance: "the account does not hold enough tokens for this.",
  GovernorInsufficientProposerVotes:
    "votes count once delegated (liquid VRT with the token, staked VRT with Staking) and from the next block: see `verity gov power`, then `verity gov delegate`.",
  GovernorUnexpectedProposalState: "see the proposal's state with `verity gov show <id>`.",
  GovernorAlreadyCastVote: "this account already voted on the proposal.",
  GovernorNonexistentProposal: "no proposal has this id on this network.",
  TimelockUnexpectedOperationState:
    "a queued proposal can be executed from its eta: see `verity gov show <id>`.",
  ParametersOutOfBounds:
    "each parameter has hard bounds set at deployment (`getParameters().bounds`): propose a value inside them.",
  DisputeJobNotSubmitted:
    "only a Submitted result, within its challenge window, can be challenged.",
  DisputeMoveTooLate: "the move's deadline passed; anyone may now call timeout on the dispute.",
  DisputeNotStale:
    "only a running dispute whose round another dispute already proved wrong can be closed as stale.",
  ParametersPenaltyBelowFloor:
    "the treasury's part of a fraud slash would fall below the penalty floor: raise fraudSlashBps or lower the challenger/requester shares.",
  ParametersBoundBelowProductionMinimum:
    "devnet bounds are refused on a public chain: deploy with the production profile.",
  ERC20InsufficientAllowance:
    "approve the contract to spend the token first (the SDK does it with `approve: true`).",
};
