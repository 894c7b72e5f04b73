/**
 * Errors on viem's BaseError pattern: a `shortMessage` for humans, optional
 * `details`, the `cause` chain, `walk()` to find the root cause, and a
 * `retryable` mark that the worker's retry loops and reconcilers act on.
 */

export type WorkerErrorParameters = {
  cause?: unknown;
  details?: string;
  /** Whether trying the same thing again later can succeed. */
  retryable?: boolean;
  metaMessages?: string[];
};

export type WorkerErrorType = WorkerError & { name: "WorkerError" };

export class WorkerError extends Error {
  override name = "WorkerError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;
  readonly retryable: boolean;

  constructor(shortMessage: string, parameters: WorkerErrorParameters = {}) {
    const details =
      parameters.details ??
      (parameters.cause instanceof Error
        ? ((parameters.cause as { shortMessage?: string }).shortMessage ?? parameters.cause.message)
        : undefined);
    const message = [
      shortMessage,
      ...(parameters.metaMessages ?? []),
      ...(details !== undefined ? [`Details: ${details}`] : []),
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = parameters.metaMessages;
    this.retryable = parameters.retryable ?? false;
  }

  /** The deepest cause, or the first cause (this included) for which `fn` is true. */
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn);
  }
}

export function walk(error: unknown, fn?: (error: unknown) => boolean): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 32; depth++) {
    if (fn?.(current)) return current;
    const next = current instanceof Error ? current.cause : undefined;
    if (next === undefined || next === null) return fn ? null : current;
    current = next;
  }
  return fn ? null : current;
}

export class ConfigError extends WorkerError {
  override name = "ConfigError";
  constructor(shortMessage: string, parameters: Omit<WorkerErrorParameters, "retryable"> = {}) {
    super(shortMessage, { ...parameters, retryable: false });
  }
}

export class KeystoreError extends WorkerError {
  override name = "KeystoreError";
  constructor(shortMessage: string, parameters: Omit<WorkerErrorParameters, "retryable"> = {}) {
    super(shortMessage, { ...parameters, retryable: false });
  }
}

/** A model file the worker will not serve; `reason` says why, for the log. */
export class ModelRefusedError extends WorkerError {
  override name = "ModelRefusedError";
  readonly modelId: bigint;
  readonly reason: string;
  constructor(
    modelId: bigint,
    reason: string,
    parameters: Omit<WorkerErrorParameters, "retryable"> = {},
  ) {
    super(`Model ${modelId} refused: ${reason}`, { ...parameters, retryable: false });
    this.modelId = modelId;
    this.reason = reason;
  }
}

/** The node could not be reached or answered with a transient failure. */
export class RpcUnavailableError extends WorkerError {
  override name = "RpcUnavailableError";
  constructor(shortMessage: string, parameters: Omit<WorkerErrorParameters, "retryable"> = {}) {
    super(shortMessage, { ...parameters, retryable: true });
  }
}

/** A call or transaction would revert (or did): the chain state does not allow the action now. */
export class ContractRevertError extends WorkerError {
  override name = "ContractRevertError";
  readonly errorName: string | undefined;
  constructor(
    label: string,
    errorName: string | undefined,
    parameters: Omit<WorkerErrorParameters, "retryable"> = {},
  ) {
    super(`${label} reverted${errorName ? ` with ${errorName}` : ""}`, {
      ...parameters,
      retryable: false,
    });
    this.errorName = errorName;
  }
}

/** A mined transaction reverted. The nonce is spent; the caller re-reads the chain before trying again. */
export class TransactionRevertedError extends WorkerError {
  override name = "TransactionRevertedError";
  readonly hash: string;
  constructor(label: string, hash: string) {
    super(`${label}: transaction ${hash} reverted`, { retryable: false });
    this.hash = hash;
  }
}

/** Another transaction used this account's nonce; the action must be re-evaluated against the chain. */
export class NonceConflictError extends WorkerError {
  override name = "NonceConflictError";
  constructor(nonce: number, parameters: Omit<WorkerErrorParameters, "retryable"> = {}) {
    super(`Nonce ${nonce} was used by another transaction`, { ...parameters, retryable: true });
  }
}

export class StateStoreError extends WorkerError {
  override name = "StateStoreError";
  constructor(shortMessage: string, parameters: Omit<WorkerErrorParameters, "retryable"> = {}) {
    super(shortMessage, { ...parameters, retryable: false });
  }
}

/** A short, secret-free description of any thrown value, for logs. */
export function describeError(error: unknown): {
  name: string;
  message: string;
  retryable?: boolean;
} {
  if (error instanceof WorkerError) {
    return { name: error.name, message: error.shortMessage, retryable: error.retryable };
  }
  if (error instanceof Error) {
    const short = (error as { shortMessage?: string }).shortMessage;
    return { name: error.name, message: (short ?? error.message).split("\n")[0] ?? "" };
  }
  return { name: "Unknown", message: String(error) };
}
