import { describe, expect, it } from "vitest";
import {
  collateralFor,
  jobCost,
  parseDecimal,
  type QuoteInput,
  quote,
} from "../../src/auction/pricing.js";

const pricing = {
  costPerComputeUnit: "0.5",
  fixedCostPerJob: 1000n,
  marginBps: 2000,
  minPrice: 1000n,
};
const base: QuoteInput = {
  computeUnits: 10_000n,
  maxPrice: 1_000_000n,
  executionWindow: 60,
  estimatedExecutionSeconds: 5,
  availableStake: 10n ** 24n,
  collateralRatio: 10n ** 31n,
};

describe("pricing", () => {
  it("parses decimals exactly", () => {
    expect(parseDecimal("0.5")).toBe(5n * 10n ** 17n);
    expect(parseDecimal("12")).toBe(12n * 10n ** 18n);
    expect(parseDecimal("0.000000000000000001")).toBe(1n);
    expect(() => parseDecimal("-1")).toThrow();
    expect(() => parseDecimal("1e3")).toThrow();
  });

  it("costs compute units times the unit cost plus the fixed cost, rounded up", () => {
    expect(jobCost(pricing, 10_000n)).toBe(6000n);
    expect(jobCost({ ...pricing, costPerComputeUnit: "0.3" }, 1n)).toBe(1001n);
  });

  it("bids cost plus margin", () => {
    expect(quote(pricing, base)).toEqual({
      bid: true,
      price: 7200n,
      cost: 6000n,
      collateral: 7200n * 10n ** 13n,
    });
  });

  it("raises a low price to the minimum price", () => {
    const q = quote({ ...pricing, minPrice: 50_000n }, base);
    expect(q.bid && q.price).toBe(50_000n);
  });

  it("gives up margin, never cost, to stay under the maximum price", () => {
    const q = quote(pricing, { ...base, maxPrice: 6500n });
    expect(q.bid && q.price).toBe(6500n);
    expect(quote(pricing, { ...base, maxPrice: 5999n })).toMatchObject({
      bid: false,
      reason: "above_max_price",
    });
    expect(quote({ ...pricing, minPrice: 7000n }, { ...base, maxPrice: 6500n })).toMatchObject({
      bid: false,
    });
  });

  it("skips jobs it cannot finish in time", () => {
    expect(quote(pricing, { ...base, estimatedExecutionSeconds: 61 })).toMatchObject({
      bid: false,
      reason: "too_slow",
    });
  });

  it("skips jobs whose collateral it cannot lock", () => {
    expect(quote(pricing, { ...base, availableStake: 7200n * 10n ** 13n - 1n })).toMatchObject({
      bid: false,
      reason: "insufficient_stake",
    });
  });

  it("computes collateral as the market does (rounded up)", () => {
    expect(collateralFor(3n, 5n * 10n ** 17n)).toBe(2n);
  });
});
