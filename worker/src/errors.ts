/**
 * The worker's errors, on the SDK's base (viem's BaseError pattern: a
 * `shortMessage` for humans, optional `details`, the `cause` chain, `walk()` to
 * find the root cause) with the `retryable` mark that the worker's retry loops
 * and reconcilers act on. Reverts are the SDK's `VerityContractError`.
 */
import { BaseError, type BaseErrorParameters } from "@verity/sdk";

export { walk } from "@verity/sdk";

type Parameters = Omit<BaseErrorParameters, "retryable" | "name">;

export class ConfigError extends BaseError {
  override name = "ConfigError";
  constructor(shortMessage: string, parameters: Parameters = {}) {
    super(shortMessage, { ...parameters, retryable: false });
  }
}

export class KeystoreError extends BaseError {
  override name = "KeystoreError";
  constructor(shortMessage: string, parameters: Parameters = {}) {
    super(shortMessage, { ...parameters, retryable: false });
  }
}

/** A model file the worker will not serve; `reason` says why, for the log. */
export class ModelRefusedError extends BaseError {
  override name = "ModelRefusedError";
  readonly modelId: bigint;
  readonly reason: string;
  constructor(modelId: bigint, reason: string, parameters: Parameters = {}) {
    super(`Model ${modelId} refused: ${reason}`, { ...parameters, retryable: false });
    this.modelId = modelId;
    this.reason = reason;
  }
}

/** The node could not be reached or answered with a transient failure. */
export class RpcUnavailableError extends BaseError {
  override name = "RpcUnavailableError";
  constructor(shortMessage: string, parameters: Parameters = {}) {
    super(shortMessage, { ...parameters, retryable: true });
  }
}

/**
 * A call or transaction would revert, or the node refused it, without protocol
 * revert data the SDK could decode (those are the SDK's VerityContractError).
 */
export class ContractRevertError extends BaseError {
  override name = "ContractRevertError";
  readonly errorName: string | undefined;
  constructor(label: string, errorName: string | undefined, parameters: Parameters = {}) {
    super(`${label} reverted${errorName ? ` with ${errorName}` : ""}`, {
      ...parameters,
      retryable: false,
    });
    this.errorName = errorName;
  }
}

/** A mined transaction reverted. The nonce is spent; the caller re-reads the chain before trying again. */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
  readonly hash: string;
  constructor(label: string, hash: string) {
    super(`${label}: transaction ${hash} reverted`, { retryable: false });
    this.hash = hash;
  }
}

/** Another transaction used this account's nonce; the action must be re-evaluated against the chain. */
export class NonceConflictError extends BaseError {
  override name = "NonceConflictError";
  constructor(nonce: number, parameters: Parameters = {}) {
    super(`Nonce ${nonce} was used by another transaction`, { ...parameters, retryable: true });
  }
}

export class StateStoreError extends BaseError {
  override name = "StateStoreError";
  constructor(shortMessage: string, parameters: Parameters = {}) {
    super(shortMessage, { ...parameters, retryable: false });
  }
}

/** A short, secret-free description of any thrown value, for logs. */
export function describeError(error: unknown): {
  name: string;
  message: string;
  retryable?: boolean;
} {
  if (error instanceof BaseError) {
    return { name: error.name, message: error.shortMessage, retryable: error.retryable };
  }
  if (error instanceof Error) {
    const short = (error as { shortMessage?: string }).shortMessage;
    return { name: error.name, message: (short ?? error.message).split("\n")[0] ?? "" };
  }
  return { name: "Unknown", message: String(error) };
}
