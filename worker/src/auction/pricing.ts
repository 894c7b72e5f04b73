/**
 * What to bid: cost = computeUnits x costPerComputeUnit + fixedCostPerJob,
 * price = cost + margin, raised to the worker's minimum price; never below
 * cost, never above the job's maximum price, and no bid at all when the job
 * cannot be finished before its deadline or its collateral cannot be locked.
 */

export type PricingConfig = {
  costPerComputeUnit: string;
  fixedCostPerJob: bigint;
  marginBps: number;
  minPrice: bigint;
};

export type QuoteInput = {
  computeUnits: bigint;
  maxPrice: bigint;
  /** Seconds between settlement and the result deadline. */
  executionWindow: number;
  /** Estimated seconds from settlement to a mined result (inference, queue, inclusion, safety). */
  estimatedExecutionSeconds: number;
  /** Free stake minus collateral already promised to other pending bids. */
  availableStake: bigint;
  collateralRatio: bigint;
};

export type Quote =
  | { bid: true; price: bigint; cost: bigint; collateral: bigint }
  | { bid: false; reason: "above_max_price" | "too_slow" | "insufficient_stake"; cost: bigint };

const SCALE = 10n ** 18n;

/** A non-negative decimal string as a fixed-point bigint scaled by 1e18. */
export function parseDecimal(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal with at most 18 fractional digits: ${text}`);
  const whole = BigInt(match[1] as string);
  const fraction = BigInt((match[2] ?? "").padEnd(18, "0"));
  return whole * SCALE + fraction;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

export function jobCost(pricing: PricingConfig, computeUnits: bigint): bigint {
  return (
    ceilDiv(computeUnits * parseDecimal(pricing.costPerComputeUnit), SCALE) +
    pricing.fixedCostPerJob
  );
}

/** Collateral the market locks for `price`: `ceil(price * collateralRatio / 1e18)`. */
export function collateralFor(price: bigint, collateralRatio: bigint): bigint {
  return ceilDiv(price * collateralRatio, SCALE);
}

export function quote(pricing: PricingConfig, input: QuoteInput): Quote {
  const cost = jobCost(pricing, input.computeUnits);
  if (input.estimatedExecutionSeconds > input.executionWindow)
    return { bid: false, reason: "too_slow", cost };
  let price = cost + ceilDiv(cost * BigInt(pricing.marginBps), 10_000n);
  if (price < pricing.minPrice) price = pricing.minPrice;
  // The margin gives way to the requester's maximum, the cost never does.
  if (price > input.maxPrice) price = input.maxPrice;
  if (price < cost || price < pricing.minPrice || price === 0n)
    return { bid: false, reason: "above_max_price", cost };
  const collateral = collateralFor(price, input.collateralRatio);
  if (collateral > input.availableStake) return { bid: false, reason: "insufficient_stake", cost };
  return { bid: true, price, cost, collateral };
}
