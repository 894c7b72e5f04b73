import { clearingPrice, dailyModelStat } from "ponder:schema";
import { and, desc, eq, lt } from "ponder";
import { type Db, getDailyModelStat } from "./store.js";

type Bucket = typeof clearingPrice.$inferSelect;

/**
 * Records one clearing price of a model on the day of `timestamp` and keeps the
 * day's exact median.
 *
 * The day's prices live in a histogram: one `clearingPrice` row per distinct
 * price, linked to its neighbours in price order. The stat row remembers the
 * lower middle element `medianLow`, at rank floor((n - 1) / 2), and how many
 * prices lie below it. One new price moves that rank by at most one, so the
 * pointer moves at most one link: a constant number of row reads, never a scan.
 * Only a price never seen that day, falling strictly inside the day's range,
 * needs its place in the list found: one indexed query.
 */
export async function recordClearingPrice(
  db: Db,
  modelId: bigint,
  timestamp: bigint,
  price: bigint,
): Promise<void> {
  const stat = await getDailyModelStat(db, modelId, timestamp);
  const day = stat.day;
  const bucket = async (p: bigint): Promise<Bucket> => {
    const row = await db.find(clearingPrice, { modelId, day, price: p });
    if (row === null) throw new Error(`no clearing price ${p} for model ${modelId} on day ${day}`);
    return row;
  };
  const link = (row: Bucket, direction: "previous" | "next"): bigint => {
    const neighbour = row[direction];
    // The counts say the neighbour exists whenever the pointer moves to it.
    if (neighbour === null) throw new Error(`clearing price ${row.price} has no ${direction}`);
    return neighbour;
  };

  await insertPrice(db, stat, price);

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
    const current = await bucket(low);
    if (rank < below) {
      low = link(current, "previous");
      below -= (await bucket(low)).count;
    } else if (rank >= below + current.count) {
      below += current.count;
      low = link(current, "next");
    }
  }
  // With an even count the upper middle element may be the next price up.
  const lowBucket = await bucket(low);
  const high = n % 2 === 1 || n / 2 < below + lowBucket.count ? low : link(lowBucket, "next");

  await db.update(dailyModelStat, { modelId, day }).set((row) => ({
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

/** Counts `price` in the day's histogram, linking a new distinct price between its neighbours. */
async function insertPrice(db: Db, stat: typeof dailyModelStat.$inferSelect, price: bigint) {
  const { modelId, day, minClearingPrice: min, maxClearingPrice: max } = stat;
  const key = { modelId, day };
  const existing = await db.find(clearingPrice, { ...key, price });
  if (existing !== null) {
    await db.update(clearingPrice, { ...key, price }).set({ count: existing.count + 1 });
    return;
  }
  let previous: bigint | null;
  let next: bigint | null;
  if (min === null || max === null) {
    previous = null;
    next = null;
  } else if (price < min) {
    previous = null;
    next = min;
  } else if (price > max) {
    previous = max;
    next = null;
  } else {
    previous = await lowerPrice(db, modelId, day, price);
    next = (await db.find(clearingPrice, { ...key, price: previous }))?.next ?? null;
  }
  await db.insert(clearingPrice).values({ ...key, price, count: 1, previous, next });
  if (previous !== null)
    await db.update(clearingPrice, { ...key, price: previous }).set({ next: price });
  if (next !== null)
    await db.update(clearingPrice, { ...key, price: next }).set({ previous: price });
}

/** The highest price of the day below `price` (one exists: `price` is above the day's minimum). */
async function lowerPrice(db: Db, modelId: bigint, day: number, price: bigint): Promise<bigint> {
  const rows = await db.sql
    .select({ price: clearingPrice.price })
    .from(clearingPrice)
    .where(
      and(
        eq(clearingPrice.modelId, modelId),
        eq(clearingPrice.day, day),
        lt(clearingPrice.price, price),
      ),
    )
    .orderBy(desc(clearingPrice.price))
    .limit(1);
  const found = rows[0];
  if (found === undefined) throw new Error(`no clearing price below ${price}`);
  return found.price;
}
