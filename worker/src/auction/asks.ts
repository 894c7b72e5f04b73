/**
 * The worker's standing asks (the fast path): one per held model at its pricing's price,
 * republished when the price, capacity or collateral cap changes or half its life has passed, and
 * withdrawn on a clean stop, so that an ask never outlives the worker by more than its TTL.
 */
import type { WorkerContext } from "../loop/context.js";
import { askPrice } from "./pricing.js";

type Published = {
  price: bigint;
  capacity: number;
  maxCollateral: bigint;
  minExecutionWindow: number;
  maxCallbackGas: number;
  expiry: number;
};

/**
 * The shortest execution window the worker can accept through an ask for `modelId`: its p99 run
 * time for every job the ask lets it hold at once, three blocks (the post's, the submission's, one
 * of margin) and the safety margin, rounded up to 10 s so that the ask is not republished for
 * every wobble of the estimate; never under the configured minimum.
 */
export function askMinExecutionWindow(ctx: WorkerContext, modelId: bigint): number {
  const p99 = ctx.runners.get(modelId)?.latency.quantile(0.99, 1) ?? 1;
  const { capacity, minExecutionWindowSeconds } = ctx.config.asks;
  const needed = p99 * capacity + ctx.clock.blockTime * 3 + ctx.config.execution.safetySeconds;
  return Math.max(minExecutionWindowSeconds, Math.ceil(needed / 10) * 10);
}

export class AskKeeper {
  private readonly published = new Map<bigint, Published>();

  constructor(private readonly ctx: WorkerContext) {}

  /** Publishes or refreshes what is due; sends nothing when every ask is current. */
  async maintain(): Promise<void> {
    const { ctx } = this;
    const { enabled, capacity, ttlSeconds, maxCollateral, maxCallbackGas } = ctx.config.asks;
    if (!enabled) return;
    const now = ctx.clock.now;
    for (const model of ctx.models.values()) {
      const price = askPrice(ctx.config.pricing, model.computeUnits);
      const minExecutionWindow = askMinExecutionWindow(ctx, model.id);
      const current = this.published.get(model.id);
      if (
        current !== undefined &&
        current.price === price &&
        current.capacity === capacity &&
        current.maxCollateral === maxCollateral &&
        current.minExecutionWindow === minExecutionWindow &&
        current.maxCallbackGas === maxCallbackGas &&
        current.expiry - now > ttlSeconds / 2
      )
        continue;
      const terms = { price, capacity, maxCollateral, minExecutionWindow, maxCallbackGas };
      const { expiry } = await ctx.sdk.setAsk({
        modelId: model.id,
        ...terms,
        expiry: now + ttlSeconds,
      });
      this.published.set(model.id, { ...terms, expiry });
      ctx.log.info("ask_published", { modelId: model.id, ...terms, expiry });
    }
  }

  /** Takes every published ask down (a clean stop); failures are logged, the TTL bounds them. */
  async withdrawAll(): Promise<void> {
    for (const modelId of this.published.keys()) {
      try {
        await this.ctx.sdk.withdrawAsk({ modelId });
        this.ctx.log.info("ask_withdrawn", { modelId });
      } catch (error) {
        this.ctx.log.warn("ask_withdraw_failed", {
          modelId,
          error: error instanceof Error ? error.message : String(error),
          detail: "the ask lapses at its expiry",
        });
      }
    }
    this.published.clear();
  }
}
