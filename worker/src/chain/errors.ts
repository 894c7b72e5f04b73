/** The sender's errors about transactions the chain did not keep or did not take in time. */
import { BaseError } from "@verity/sdk";

/**
 * A transaction below this one is gone from the chain (a reorg dropped it), so this one can
 * never be mined as signed. The local nonce is re-synced; the caller re-reads the chain and
 * sends the action again.
 */
export class TransactionDroppedError extends BaseError {
  override name = "TransactionDroppedError";
  constructor(label: string, hash: string) {
    super(`${label}: transaction ${hash} cannot be mined, an earlier one was dropped (reorg)`, {
      retryable: true,
    });
  }
}

/** The phase a transaction belonged to ended before any of its versions was mined. */
export class PhaseClosedError extends BaseError {
  override name = "PhaseClosedError";
  constructor(phase: string, label: string, hash: string) {
    super(`${label}: ${hash} was not mined before the ${phase} phase ended`, { retryable: false });
  }
}
