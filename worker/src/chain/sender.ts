/**
 * One serialized sender per account. Transactions are signed locally with a
 * nonce tracked here; the signed bytes are kept until a receipt is seen and
 * resent as they are when the node's answer is lost, so a dropped response can
 * never make the same action go out twice with two nonces (the same bytes have
 * the same hash; the node answers "already known" or mines it once). A nonce
 * taken by another transaction, or one the node refuses, resets the local
 * nonce from the chain and hands the decision back to the caller, who
 * re-reads the chain before trying again.
 */
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
import { backoffDelay, sleep, withRetry } from "./retry.js";

export type SenderOptions = {
  /** How often to look for a receipt. */
  pollMs?: number;
  /** Resend the signed bytes when no receipt came for this long. */
  rebroadcastMs?: number;
  /** Give up waiting for a receipt after this long (the action is re-evaluated). */
  receiptTimeoutMs?: number;
  onSent?: (label: string, hash: Hex) => void;
  onMined?: (label: string, receipt: TransactionReceipt) => void;
};

type Broadcast = { hash: Hex; raw: Hex; nonce: number; label: string };

export class TxSender {
  private queue: Promise<unknown> = Promise.resolve();
  private nextNonce: number | undefined;
  private readonly abort = new AbortController();

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

  /** Simulates, signs, sends and waits for the receipt; throws unless the transaction succeeded. */
  async send<
    const abi extends Abi,
    functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
  >(
    label: string,
    call: ContractFunctionParameters<abi, "nonpayable" | "payable", functionName>,
  ): Promise<TransactionReceipt> {
    const broadcast = await this.serialized(() =>
      this.prepareAndBroadcast(label, call as unknown as CallLike),
    );
    const receipt = await this.waitForReceipt(broadcast);
    if (receipt.status !== "success") throw new TransactionRevertedError(label, broadcast.hash);
    return receipt;
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
    if (this.nextNonce === undefined) {
      this.nextNonce = await withRetry(() =>
        this.client.getTransactionCount({ address: this.account.address, blockTag: "pending" }),
      );
    }
    const nonce = this.nextNonce;
    const raw = await this.account.signTransaction({
      chainId: this.chain.id,
      type: "eip1559",
      to: call.address,
      data,
      nonce,
      gas: (gas * 13n) / 10n + 10_000n,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    const broadcast: Broadcast = { hash: keccak256(raw), raw, nonce, label };
    await this.broadcast(broadcast);
    this.nextNonce = nonce + 1;
    this.options.onSent?.(label, broadcast.hash);
    this.log.info("tx_sent", { label, hash: broadcast.hash, nonce });
    return broadcast;
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

  private async waitForReceipt(b: Broadcast): Promise<TransactionReceipt> {
    const pollMs = this.options.pollMs ?? 250;
    const rebroadcastMs = this.options.rebroadcastMs ?? 15_000;
    const timeoutMs = this.options.receiptTimeoutMs ?? 300_000;
    const started = Date.now();
    let lastSend = started;
    for (;;) {
      const receipt = await this.receipt(b.hash);
      if (receipt !== undefined) {
        this.options.onMined?.(b.label, receipt);
        if (receipt.status !== "success")
          this.log.warn("tx_reverted", { label: b.label, hash: b.hash });
        else
          this.log.info("tx_mined", { label: b.label, hash: b.hash, block: receipt.blockNumber });
        return receipt;
      }
      if (this.abort.signal.aborted)
        throw new RpcUnavailableError(`${b.label}: stopped while waiting for ${b.hash}`);
      if (Date.now() - started > timeoutMs) {
        throw new RpcUnavailableError(`${b.label}: no receipt for ${b.hash} after ${timeoutMs} ms`);
      }
      if (Date.now() - lastSend > rebroadcastMs) {
        lastSend = Date.now();
        try {
          await this.client.sendRawTransaction({ serializedTransaction: b.raw });
        } catch (error) {
          if (isNonceTooLow(error) && (await this.receipt(b.hash)) === undefined) {
            throw new NonceConflictError(b.nonce, { cause: error });
          }
        }
      }
      await sleep(pollMs, this.abort.signal);
    }
  }
}

type CallLike = { address: Hex; abi: Abi; functionName: string; args?: readonly unknown[] };
