/**
 * One serialized sender per account. Transactions are signed locally with a
 * nonce tracked here; the signed bytes are kept until a receipt is seen and
 * resent as they are when the node's answer is lost, so a dropped response can
 * never make the same action go out twice with two nonces (the same bytes have
 * the same hash; the node answers "already known" or mines it once). A nonce
 * taken by another transaction, or one the node refuses, resets the local
 * nonce from the chain and hands the decision back to the caller, who
 * re-reads the chain before trying again.
 *
 * Deadline-aware: a transaction sent `during` a phase (commit, reveal,
 * submission, dispute move) is re-sent with a higher fee at intervals sized
 * to the time left in that phase, and given up on once the phase is over. A
 * transaction the chain no longer holds (its nonce is behind, a reorg
 * dropped an earlier one) is detected while waiting, and the local nonce is
 * re-synced from the chain whenever a sent transaction goes unmined.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { TransactionSender } from "@verity/sdk";
import {
  type Abi,
  type Chain,
  type ContractFunctionName,
  type ContractFunctionParameters,
  type EncodeFunctionDataParameters,
  type EstimateContractGasParameters,
  encodeFunctionData,
  type Hex,
  keccak256,
  type LocalAccount,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from "viem";
import {
  ContractRevertError,
  NonceConflictError,
  RpcUnavailableError,
  TransactionRevertedError,
} from "../errors.js";
import type { Logger } from "../log.js";
import { isAlreadyKnown, isNonceTooLow, isRetryable, revertName } from "./classify.js";
import type { WorkerPublicClient } from "./clients.js";
import { PhaseClosedError, TransactionDroppedError } from "./errors.js";
import { backoffDelay, sleep, withRetry } from "./retry.js";

/** The phase a transaction belongs to and its deadline (chain time, unix seconds). */
export type PhaseDeadline = { phase: string; jobId: bigint; deadline: number | bigint };

export type SenderOptions = {
  /** How often to look for a receipt. */
  pollMs?: number;
  /** Re-send with a higher fee when no receipt came for this long (outside any phase). */
  rebroadcastMs?: number;
  /** Within a phase: re-send after this share of the time left (bounded by min/max below). */
  rebroadcastShare?: number;
  minRebroadcastMs?: number;
  /** The chain's current time in seconds, estimated (phase deadlines are in chain time). */
  chainTime?: () => number;
  /** Why a transaction of a phase failed: the cause a missed phase is logged with. */
  onFailure?: (phase: PhaseDeadline, label: string, cause: string) => void;
  onNonceResync?: () => void;
  /** Give up waiting for a receipt after this long (the action is re-evaluated). */
  receiptTimeoutMs?: number;
  onSent?: (label: string, hash: Hex) => void;
  onMined?: (label: string, receipt: TransactionReceipt) => void;
};

type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

type Broadcast = {
  hash: Hex;
  raw: Hex;
  nonce: number;
  label: string;
  /** What was signed, to sign a replacement with a higher fee. */
  tx: { to: Hex; data: Hex; gas: bigint };
  fees: Fees;
  /** Every hash sent for this nonce: any of them may be mined. */
  hashes: Hex[];
};

/** A replacement must pay at least 10% more (geth's rule; anvil's is looser). */
const BUMP_NUMERATOR = 5n;
const BUMP_DENOMINATOR = 4n;

export function bumpFees(fees: Fees): Fees {
  return {
    maxFeePerGas: (fees.maxFeePerGas * BUMP_NUMERATOR) / BUMP_DENOMINATOR + 1n,
    maxPriorityFeePerGas: (fees.maxPriorityFeePerGas * BUMP_NUMERATOR) / BUMP_DENOMINATOR + 1n,
  };
}

/**
 * How long to wait for a receipt before re-sending: a share of the time left in the phase,
 * so a 10 s commit window gets several attempts; outside a phase, the fixed interval.
 */
export function rebroadcastDelayMs(
  secondsLeft: number | undefined,
  options: { share: number; minMs: number; maxMs: number },
): number {
  if (secondsLeft === undefined) return options.maxMs;
  const share = Math.floor(secondsLeft * 1000 * options.share);
  return Math.max(options.minMs, Math.min(options.maxMs, share));
}

export class TxSender {
  private queue: Promise<unknown> = Promise.resolve();
  private nextNonce: number | undefined;
  private readonly abort = new AbortController();
  private readonly phases = new AsyncLocalStorage<PhaseDeadline>();
  /** Nonces sent and not yet seen mined, with what was sent last at each (for replacements). */
  private readonly inflight = new Map<number, Broadcast>();
  /** The fees last signed at each recent nonce: a new transaction there must outbid them. */
  private readonly lastFees = new Map<number, Fees>();

  constructor(
    readonly client: WorkerPublicClient,
    readonly account: LocalAccount,
    readonly chain: Chain,
    readonly log: Logger,
    readonly options: SenderOptions = {},
  ) {}

  /**
   * Waits until no transaction of this account is pending (those a previous run
   * left in flight are mined or dropped), then takes the nonce from the chain.
   */
  async init(maxWaitMs = 60_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const [pending, latest] = await Promise.all([
        withRetry(() =>
          this.client.getTransactionCount({ address: this.account.address, blockTag: "pending" }),
        ),
        withRetry(() =>
          this.client.getTransactionCount({ address: this.account.address, blockTag: "latest" }),
        ),
      ]);
      if (pending === latest || Date.now() - started > maxWaitMs) {
        this.nextNonce = pending;
        this.log.info("sender_ready", {
          address: this.account.address,
          nonce: pending,
          inFlight: pending - latest,
        });
        return;
      }
      await sleep(500, this.abort.signal);
    }
  }

  stop(): void {
    this.abort.abort();
  }

  /** Runs `fn` with its transactions bound to `phase`: re-sent and given up on by its deadline. */
  during<T>(phase: PhaseDeadline, fn: () => Promise<T>): Promise<T> {
    return this.phases.run(phase, fn);
  }

  /** Seconds left in the current phase (chain time), or undefined outside any phase. */
  private secondsLeft(phase: PhaseDeadline | undefined): number | undefined {
    if (phase === undefined || this.options.chainTime === undefined) return undefined;
    return Number(phase.deadline) - this.options.chainTime();
  }

  /** Simulates, signs, sends and waits for the receipt; throws unless the transaction succeeded. */
  async send<
    const abi extends Abi,
    functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
  >(
    label: string,
    call: ContractFunctionParameters<abi, "nonpayable" | "payable", functionName>,
  ): Promise<TransactionReceipt> {
    const phase = this.phases.getStore();
    try {
      const broadcast = await this.serialized(() =>
        this.prepareAndBroadcast(label, call as unknown as CallLike),
      );
      const receipt = await this.waitForReceipt(broadcast, phase);
      if (receipt.status !== "success")
        throw new TransactionRevertedError(label, receipt.transactionHash);
      return receipt;
    } catch (error) {
      if (phase !== undefined) {
        const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
        this.options.onFailure?.(phase, label, message ?? "unknown");
      }
      throw error;
    }
  }

  /** This sender as the SDK client's `sender`: the SDK simulates, this signs, sends and waits. */
  asTransactionSender(): TransactionSender {
    return ({ action, address, abi, functionName, args }) =>
      this.send(action, { address, abi, functionName, args } as ContractFunctionParameters);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async prepareAndBroadcast(label: string, call: CallLike): Promise<Broadcast> {
    const data = encodeFunctionData(call as unknown as EncodeFunctionDataParameters);
    // The simulation is the last check of the chain's state before the nonce is spent.
    let gas: bigint;
    try {
      gas = await withRetry(
        () =>
          this.client.estimateContractGas({
            ...call,
            account: this.account,
          } as unknown as EstimateContractGasParameters),
        { signal: this.abort.signal },
      );
    } catch (error) {
      const name = revertName(error);
      if (name !== undefined || !isRetryable(error))
        throw new ContractRevertError(label, name, { cause: error });
      throw new RpcUnavailableError(`${label}: gas estimation failed`, { cause: error });
    }
    const fees = await withRetry(() => this.client.estimateFeesPerGas(), {
      signal: this.abort.signal,
    });
    await this.resyncNonce();
    const nonce = this.nextNonce as number;
    let signedFees: Fees = {
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    };
    // A transaction dropped from the chain may still sit in some pool at this nonce: outbid it.
    const previous = this.lastFees.get(nonce);
    if (previous !== undefined) {
      const bumped = bumpFees(previous);
      signedFees = {
        maxFeePerGas: max(signedFees.maxFeePerGas, bumped.maxFeePerGas),
        maxPriorityFeePerGas: max(signedFees.maxPriorityFeePerGas, bumped.maxPriorityFeePerGas),
      };
    }
    const tx = { to: call.address, data, gas: (gas * 13n) / 10n + 10_000n };
    const raw = await this.sign(tx, nonce, signedFees);
    const hash = keccak256(raw);
    const broadcast: Broadcast = { hash, raw, nonce, label, tx, fees: signedFees, hashes: [hash] };
    this.remember(broadcast);
    try {
      await this.broadcast(broadcast);
    } catch (error) {
      this.inflight.delete(nonce);
      throw error;
    }
    this.nextNonce = nonce + 1;
    this.options.onSent?.(label, broadcast.hash);
    this.log.info("tx_sent", { label, hash: broadcast.hash, nonce });
    return broadcast;
  }

  private sign(tx: Broadcast["tx"], nonce: number, fees: Fees): Promise<Hex> {
    return this.account.signTransaction({
      chainId: this.chain.id,
      type: "eip1559",
      ...tx,
      nonce,
      ...fees,
    });
  }

  private remember(b: Broadcast): void {
    this.inflight.set(b.nonce, b);
    this.lastFees.set(b.nonce, b.fees);
    if (this.lastFees.size > 256) {
      const oldest = this.lastFees.keys().next().value;
      if (oldest !== undefined) this.lastFees.delete(oldest);
    }
  }

  /**
   * Takes the nonce from the chain when the local one ran ahead of it with nothing in flight to
   * fill the gap: a reorg dropped a mined transaction of ours, and anything signed above it would
   * sit queued in the node's pool for good.
   */
  private async resyncNonce(): Promise<void> {
    const mined = await withRetry(
      () => this.client.getTransactionCount({ address: this.account.address, blockTag: "latest" }),
      { signal: this.abort.signal },
    );
    for (const nonce of this.inflight.keys()) if (nonce < mined) this.inflight.delete(nonce);
    if (this.nextNonce === undefined) {
      this.nextNonce = await withRetry(() =>
        this.client.getTransactionCount({ address: this.account.address, blockTag: "pending" }),
      );
    }
    if (this.nextNonce > mined && !this.inflight.has(mined)) {
      this.log.warn("nonce_resynced", {
        local: this.nextNonce,
        chain: mined,
        detail: "the chain no longer holds transactions this account sent (reorg or dropped)",
      });
      this.nextNonce = mined;
      this.options.onNonceResync?.();
    }
    // Behind the chain: another sender used this account; broadcasting finds out (NonceConflictError).
  }

  /**
   * Sends the signed bytes until the node acknowledges them. A network failure
   * is ambiguous (the node may hold the transaction), so the same bytes are
   * resent, never new ones; nothing else is sent from this account meanwhile.
   */
  private async broadcast(b: Broadcast): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.sendRawTransaction({ serializedTransaction: b.raw });
        return;
      } catch (error) {
        if (isAlreadyKnown(error)) return;
        if (isNonceTooLow(error)) {
          if ((await this.receipt(b.hash)) !== undefined) return;
          this.nextNonce = undefined;
          throw new NonceConflictError(b.nonce, { cause: error });
        }
        if (/underpriced|replacement/i.test(error instanceof Error ? error.message : "")) {
          this.nextNonce = undefined;
          throw new NonceConflictError(b.nonce, { cause: error });
        }
        if (!isRetryable(error)) {
          // Refused outright (funds, gas limit...): the nonce was not used.
          throw new ContractRevertError(b.label, revertName(error) ?? "refused by node", {
            cause: error,
          });
        }
        if (this.abort.signal.aborted)
          throw new RpcUnavailableError(`${b.label}: stopped while sending`, { cause: error });
        const delay = backoffDelay(attempt, 200, 5_000);
        this.log.warn("tx_send_retry", {
          label: b.label,
          hash: b.hash,
          attempt: attempt + 1,
          delayMs: delay,
        });
        await sleep(delay, this.abort.signal);
      }
    }
  }

  private async receipt(hash: Hex): Promise<TransactionReceipt | undefined> {
    try {
      return await this.client.getTransactionReceipt({ hash });
    } catch (error) {
      if (error instanceof TransactionReceiptNotFoundError) return undefined;
      if (isRetryable(error)) return undefined;
      throw error;
    }
  }

  private async anyReceipt(b: Broadcast): Promise<TransactionReceipt | undefined> {
    for (const hash of b.hashes) {
      const receipt = await this.receipt(hash);
      if (receipt !== undefined) return receipt;
    }
    return undefined;
  }

  private async waitForReceipt(
    b: Broadcast,
    phase: PhaseDeadline | undefined,
  ): Promise<TransactionReceipt> {
    const pollMs = this.options.pollMs ?? 250;
    const timeoutMs = this.options.receiptTimeoutMs ?? 300_000;
    const started = Date.now();
    let lastSend = started;
    try {
      for (;;) {
        const receipt = await this.anyReceipt(b);
        if (receipt !== undefined) {
          this.options.onMined?.(b.label, receipt);
          if (receipt.status !== "success")
            this.log.warn("tx_reverted", { label: b.label, hash: receipt.transactionHash });
          else
            this.log.info("tx_mined", {
              label: b.label,
              hash: receipt.transactionHash,
              block: receipt.blockNumber,
            });
          return receipt;
        }
        if (this.abort.signal.aborted)
          throw new RpcUnavailableError(`${b.label}: stopped while waiting for ${b.hash}`);
        const left = this.secondsLeft(phase);
        if (phase !== undefined && left !== undefined && left < -1) {
          // One more look: a receipt may have come with the block that closed the phase.
          if ((await this.anyReceipt(b)) === undefined) {
            this.nextNonce = undefined;
            throw new PhaseClosedError(phase.phase, b.label, b.hash);
          }
          continue;
        }
        if (Date.now() - started > timeoutMs) {
          this.nextNonce = undefined;
          throw new RpcUnavailableError(
            `${b.label}: no receipt for ${b.hash} after ${timeoutMs} ms`,
          );
        }
        const waitMs = rebroadcastDelayMs(left, {
          share: this.options.rebroadcastShare ?? 0.25,
          minMs: this.options.minRebroadcastMs ?? 1_000,
          maxMs: this.options.rebroadcastMs ?? 6_000,
        });
        if (Date.now() - lastSend > waitMs) {
          lastSend = Date.now();
          await this.unmined(b);
        }
        await sleep(pollMs, this.abort.signal);
      }
    } finally {
      if (this.inflight.get(b.nonce) === b) this.inflight.delete(b.nonce);
    }
  }

  /**
   * A sent transaction is still unmined: find out why from the chain's nonce. Behind ours: a
   * transaction below it was dropped, and this one can never be mined (re-sync, let the caller
   * re-read the chain and send again). Past ours with no receipt: another transaction took the
   * nonce. Equal: ours is next and was lost or underpriced: re-send it with a higher fee.
   */
  private async unmined(b: Broadcast): Promise<void> {
    let mined: number;
    try {
      mined = await this.client.getTransactionCount({
        address: this.account.address,
        blockTag: "latest",
      });
    } catch (error) {
      if (isRetryable(error)) return;
      throw error;
    }
    if (mined > b.nonce) {
      if ((await this.anyReceipt(b)) !== undefined) return;
      this.nextNonce = undefined;
      throw new NonceConflictError(b.nonce);
    }
    if (mined < b.nonce && !this.inflight.has(mined)) {
      this.nextNonce = mined;
      this.options.onNonceResync?.();
      this.log.warn("tx_dropped", {
        label: b.label,
        hash: b.hash,
        nonce: b.nonce,
        chainNonce: mined,
        detail: "a transaction below this one is gone from the chain; the action is re-sent",
      });
      throw new TransactionDroppedError(b.label, b.hash);
    }
    if (mined < b.nonce) return; // an earlier transaction of ours is still pending
    const fees = bumpFees(b.fees);
    const raw = await this.sign(b.tx, b.nonce, fees);
    const hash = keccak256(raw);
    // Each attempt outbids the last, whether or not the node took it.
    b.fees = fees;
    this.lastFees.set(b.nonce, fees);
    b.hashes.push(hash);
    try {
      await this.client.sendRawTransaction({ serializedTransaction: raw });
      b.raw = raw;
      this.log.warn("tx_resent", { label: b.label, hash, replaces: b.hash, nonce: b.nonce });
    } catch (error) {
      if (isAlreadyKnown(error)) return;
      if (isNonceTooLow(error) && (await this.anyReceipt(b)) === undefined) {
        this.nextNonce = undefined;
        throw new NonceConflictError(b.nonce, { cause: error });
      }
      // Underpriced or unreachable: the next interval tries again with the last fees bumped.
      this.log.warn("tx_resend_failed", {
        label: b.label,
        nonce: b.nonce,
        error: error instanceof Error ? error.message.split("\n")[0] : String(error),
      });
    }
  }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

type CallLike = { address: Hex; abi: Abi; functionName: string; args?: readonly unknown[] };
