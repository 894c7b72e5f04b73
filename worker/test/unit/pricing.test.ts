import { describe, expect, it } from "vitest";
import { reservedCollateral } from "../../src/auction/bidder.js";
import {
  bidFloor,
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
  collateral: 50n * 10n ** 18n,
  minBidBps: 1,
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
      collateral: 50n * 10n ** 18n,
    });
  });

  it("locks the job's collateral whatever the price", () => {
    const cheap = quote(pricing, base);
    const dear = quote({ ...pricing, marginBps: 9000 }, base);
    expect(cheap.bid && cheap.collateral).toBe(base.collateral);
    expect(dear.bid && dear.collateral).toBe(base.collateral);
  });

  it("raises a price below the bid floor to the floor, never bids under it", () => {
    // floor = ceil(1,000,000 x 100 / 10,000) = 10,000 > 7,200
    const q = quote(pricing, { ...base, minBidBps: 100, maxPrice: 1_000_000n });
    expect(bidFloor(1_000_000n, 100)).toBe(10_000n);
    expect(q.bid && q.price).toBe(10_000n);
    expect(bidFloor(1_000_001n, 100)).toBe(10_001n);
    const rounded = quote(pricing, { ...base, minBidBps: 100, maxPrice: 1_000_001n });
    expect(rounded.bid && rounded.price).toBe(10_001n);
  });

  it("skips a job whose floor lies above its maximum price", () => {
    // Outside the governance bounds (minBidBps <= 5,000) but the pricing must still never bid under it.
    expect(quote(pricing, { ...base, minBidBps: 20_000, maxPrice: 10_000n })).toMatchObject({
      bid: false,
      reason: "below_bid_floor",
    });
  });

  it("never produces a bid below the floor or above the maximum (fuzz)", () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const maxPrice = BigInt(next() % 10_000_000) + 1n;
      const minBidBps = (next() % 5000) + 1;
      const q = quote(
        { ...pricing, fixedCostPerJob: BigInt(next() % 20_000), marginBps: next() % 5000 },
        { ...base, maxPrice, minBidBps },
      );
      if (q.bid) {
        expect(q.price).toBeGreaterThanOrEqual(bidFloor(maxPrice, minBidBps));
        expect(q.price).toBeLessThanOrEqual(maxPrice);
        expect(q.price).toBeGreaterThanOrEqual(q.cost);
      }
    }
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
    expect(quote(pricing, { ...base, availableStake: base.collateral - 1n })).toMatchObject({
      bid: false,
      reason: "insufficient_stake",
    });
  });

  it("reserves only the collateral of commits not yet mined (the chain locks mined ones)", () => {
    const bid = (
      round: number,
      state: "salted" | "committed" | "revealed",
      collateral?: bigint,
    ) => ({
      jobId: 1n,
      round,
      price: 1n,
      salt: "0x00" as const,
      commitment: "0x00" as const,
      ...(collateral !== undefined ? { collateral } : {}),
      state,
      createdAt: 0,
    });
    expect(
      reservedCollateral([bid(0, "salted", 5n), bid(1, "committed", 7n), bid(2, "revealed", 9n)]),
    ).toBe(5n);
    expect(reservedCollateral([bid(0, "salted", 5n), bid(1, "salted", 3n), bid(2, "salted")])).toBe(
      8n,
    );
  });
});
