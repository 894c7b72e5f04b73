/**
 * The root of every error the SDK throws, on viem's pattern: a one-line
 * `shortMessage` for people, `details` from the cause, `metaMessages` with the
 * values that matter, `walk()` to find a cause of a given kind, and whether
 * trying the same thing again later can succeed (`retryable`: a node that was
 * unreachable, yes; a revert or a bad argument, no), which services such as
 * the worker act on.
 */
export type BaseErrorParameters = {
  cause?: unknown;
  details?: string | undefined;
  metaMessages?: string[] | undefined;
  name?: string | undefined;
  /** Whether trying the same thing again later can succeed; false unless said. */
  retryable?: boolean | undefined;
};

export type BaseErrorType = BaseError & { name: "VerityBaseError" };

export class BaseError extends Error {
  override name = "VerityBaseError";
  readonly shortMessage: string;
  readonly details: string;
  readonly metaMessages: string[] | undefined;
  readonly retryable: boolean;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = detailsOf(parameters);
    const message = [
      shortMessage,
      ...(parameters.metaMessages?.length ? ["", ...parameters.metaMessages] : []),
      ...(details ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = parameters.metaMessages;
    this.retryable = parameters.retryable ?? false;
    if (parameters.name !== undefined) this.name = parameters.name;
  }

  /** The deepest cause, or the first error along the cause chain for which `fn` is true. */
  walk(): unknown;
  walk(fn: (error: unknown) => boolean): unknown;
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn);
  }
}

export function walk(error: unknown, fn?: (error: unknown) => boolean): unknown {
  let current: unknown = error;
  for (;;) {
    if (fn?.(current)) return current;
    const cause = isRecord(current) ? current.cause : undefined;
    if (cause === undefined || cause === current) return fn ? null : current;
    current = cause;
  }
}

function detailsOf({ cause, details }: BaseErrorParameters): string {
  if (details !== undefined) return details;
  if (isRecord(cause)) {
    if (typeof cause.shortMessage === "string" && cause.shortMessage !== "")
      return cause.shortMessage;
    if (typeof cause.message === "string") return cause.message.split("\n")[0] ?? "";
  }
  return "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
