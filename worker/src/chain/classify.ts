/**
 * Sorts failures into retryable (the node was unreachable, slow or overloaded:
 * the same request can succeed later) and not (the chain said no: a revert,
 * a bad argument). Reverts are never retried blindly: the caller re-reads the
 * chain and decides again.
 */

import { BaseError as VerityBaseError } from "@verity/sdk";
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  RpcRequestError,
  TimeoutError,
} from "viem";
import { walk } from "../errors.js";

const TRANSIENT_MESSAGE =
  /(fetch failed|socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|network|timed? ?out|closed|502|503|504|429)/i;

export function isRetryable(error: unknown): boolean {
  if (error instanceof VerityBaseError) return error.retryable;
  if (walk(error, (e) => e instanceof ContractFunctionRevertedError)) return false;
  if (error instanceof BaseError) {
    if (walk(error, (e) => e instanceof ContractFunctionRevertedError)) return false;
    if (revertName(error) !== undefined) return false;
    if (
      walk(
        error,
        (e) =>
          e instanceof HttpRequestError ||
          e instanceof TimeoutError ||
          e instanceof InternalRpcError ||
          e instanceof LimitExceededRpcError,
      )
    ) {
      return true;
    }
    const rpc = walk(error, (e) => e instanceof RpcRequestError) as RpcRequestError | null;
    if (rpc) return rpc.code === -32603 || rpc.code === -32005 || rpc.code === 429;
    return TRANSIENT_MESSAGE.test(error.message) && !/revert/i.test(error.message);
  }
  if (error instanceof Error) return TRANSIENT_MESSAGE.test(error.message);
  return false;
}

/** The custom error name of a revert (e.g. `MarketCommitClosed`), when viem could decode it. */
export function revertName(error: unknown): string | undefined {
  const reverted = walk(
    error,
    (e) => e instanceof ContractFunctionRevertedError,
  ) as ContractFunctionRevertedError | null;
  if (reverted) return reverted.data?.errorName ?? reverted.reason ?? "revert";
  const message = error instanceof Error ? error.message : String(error);
  if (/execution reverted|revert/i.test(message)) return "revert";
  return undefined;
}

/** The node's answer to a raw transaction it already holds or already mined. */
export function isAlreadyKnown(error: unknown): boolean {
  const message =
    error instanceof Error
      ? `${error.message} ${String((error as { details?: string }).details ?? "")}`
      : "";
  return /(already known|already imported|known transaction|transaction already exists|AlreadyKnown)/i.test(
    message,
  );
}

export function isNonceTooLow(error: unknown): boolean {
  const message =
    error instanceof Error
      ? `${error.message} ${String((error as { details?: string }).details ?? "")}`
      : "";
  return /nonce (is )?too low|nonce has already been used|NonceTooLow|invalid nonce/i.test(message);
}
