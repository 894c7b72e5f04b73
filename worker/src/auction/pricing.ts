/**
 * What to bid: cost = computeUnits x costPerComputeUnit + fixedCostPerJob,
 * price = cost + margin, raised to the worker's minimum price and to the
 * market's bid floor; never below cost, never above the job's maximum price,
 * and no bid at all when the job cannot be finished before its deadline, its
 * collateral (fixed by the job, not by the bid) cannot be locked, or no price
 * between the floor and the maximum covers the cost.
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
  /** Free stake minus the collateral of this worker's commits not yet mined (mined ones are locked already). */
  availableStake: bigint;
  /** The job's collateral, fixed at post (`getJob().collateral`): commitBid locks it at once. */
  collateral: bigint;
  /** The market's bid floor as a share of the maximum price (`minBidBps`). */
  minBidBps: number;
};

export type Quote =
  | { bid: true; price: bigint; cost: bigint; collateral: bigint }
  | {
      bid: false;
      reason: "above_max_price" | "below_bid_floor" | "too_slow" | "insufficient_stake";
      cost: bigint;
    };

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

/** The lowest price the market accepts on reveal: `ceil(maxPrice * minBidBps / 10,000)`. */
export function bidFloor(maxPrice: bigint, minBidBps: number): bigint {
  return ceilDiv(maxPrice * BigInt(minBidBps), 10_000n);
}

export function quote(pricing: PricingConfig, input: QuoteInput): Quote {
  const cost = jobCost(pricing, input.computeUnits);
  if (input.estimatedExecutionSeconds > input.executionWindow)
    return { bid: false, reason: "too_slow", cost };
  let price = cost + ceilDiv(cost * BigInt(pricing.marginBps), 10_000n);
  if (price < pricing.minPrice) price = pricing.minPrice;
  // Below the floor the reveal reverts and the commitment is forfeit: the floor is a minimum price
  // like the worker's own (more margin, never less), never a reason to bid under it.
  const floor = bidFloor(input.maxPrice, input.minBidBps);
  if (price < floor) price = floor;
  // The margin gives way to the requester's maximum, the cost never does.
  if (price > input.maxPrice) price = input.maxPrice;
  if (price < cost || price < pricing.minPrice || price === 0n)
    return { bid: false, reason: "above_max_price", cost };
  if (price < floor) return { bid: false, reason: "below_bid_floor", cost };
  const collateral = input.collateral;
  if (collateral > input.availableStake) return { bid: false, reason: "insufficient_stake", cost };
  return { bid: true, price, cost, collateral };
}

/** The price of a standing ask for a model: cost plus margin, at least `minPrice`. */
export function askPrice(pricing: PricingConfig, computeUnits: bigint): bigint {
  const cost = jobCost(pricing, computeUnits);
  const price = cost + ceilDiv(cost * BigInt(pricing.marginBps), 10_000n);
  return price < pricing.minPrice ? pricing.minPrice : price === 0n ? 1n : price;
}
