import { clearingPrice, dailyModelStat } from "ponder:schema";
import { and, asc, desc, eq, gt, lt } from "ponder";
import { type Db, getDailyModelStat } from "./store.js";

type Stat = typeof dailyModelStat.$inferSelect;

/**
 * Records one clearing price of a model on the day of `timestamp` and keeps the
 * day's exact median.
 *
 * The day's prices live in a histogram (one `clearingPrice` row per distinct
 * price). The stat row remembers the lower middle element `medianLow`, at rank
 * floor((n - 1) / 2), and how many prices lie below it. One new price moves
 * that rank by at most one, so the pointer moves by at most one distinct price:
 * one indexed neighbour lookup, never a scan of the day.
 */
export async function recordClearingPrice(
  db: Db,
  modelId: bigint,
  timestamp: bigint,
  price: bigint,
): Promise<void> {
  const stat = await getDailyModelStat(db, modelId, timestamp);
  const day = stat.day;
  const count = async (p: bigint) =>
    (await db.find(clearingPrice, { modelId, day, price: p }))?.count ?? 0;

  await db
    .insert(clearingPrice)
    .values({ modelId, day, price, count: 1 })
    .onConflictDoUpdate((row) => ({ count: row.count + 1 }));

  const n = stat.clearingCount + 1;
  let low: bigint;
  let below: number;
  if (stat.medianLow === null) {
    low = price;
    below = 0;
  } else {
    low = stat.medianLow;
    below = stat.belowMedianLow + (price < low ? 1 : 0);
    const rank = Math.floor((n - 1) / 2);
    if (rank < below) {
      const previous = await neighbour(db, modelId, day, low, "previous");
      below -= await count(previous);
      low = previous;
    } else if (rank >= below + (await count(low))) {
      below += await count(low);
      low = await neighbour(db, modelId, day, low, "next");
    }
  }
  // With an even count the upper middle element is the next one after `medianLow`.
  const high =
    n % 2 === 1 || n / 2 < below + (await count(low))
      ? low
      : await neighbour(db, modelId, day, low, "next");

  await db.update(dailyModelStat, { modelId, day }).set((row: Stat) => ({
    jobsAssigned: row.jobsAssigned + 1,
    clearingCount: n,
    clearingVolume: row.clearingVolume + price,
    lastClearingPrice: price,
    minClearingPrice:
      row.minClearingPrice === null || price < row.minClearingPrice ? price : row.minClearingPrice,
    maxClearingPrice:
      row.maxClearingPrice === null || price > row.maxClearingPrice ? price : row.maxClearingPrice,
    medianLow: low,
    medianHigh: high,
    belowMedianLow: below,
    medianClearingPrice: (low + high) / 2n,
  }));
}

/** The nearest distinct price recorded for the model and day, above or below `price`. */
async function neighbour(
  db: Db,
  modelId: bigint,
  day: number,
  price: bigint,
  direction: "next" | "previous",
): Promise<bigint> {
  const next = direction === "next";
  const rows = await db.sql
    .select({ price: clearingPrice.price })
    .from(clearingPrice)
    .where(
      and(
        eq(clearingPrice.modelId, modelId),
        eq(clearingPrice.day, day),
        next ? gt(clearingPrice.price, price) : lt(clearingPrice.price, price),
      ),
    )
    .orderBy(next ? asc(clearingPrice.price) : desc(clearingPrice.price))
    .limit(1);
  const found = rows[0];
  // The pointer only moves towards prices that the counts say exist.
  if (found === undefined) throw new Error(`no clearing price ${direction} to ${price}`);
  return found.price;
}
