/**
 * Delegation pools, replayed from their events with the contract's own arithmetic
 * (contracts/src/staking/DelegationPool.sol: `_mint`, `_burn`, `_thaw`, `_settle`), so that every
 * pool and position row equals `poolOf` / `delegationOf` / `balancesOf` on chain. A slash and a
 * payout change every position of a pool at once on chain (no loop there); here they are spread over
 * the pool's positions, so that each delegator's slashes and earnings are columns of its own.
 */
import { ponder } from "ponder:registry";
import { delegation, delegationEvent, delegationPool } from "ponder:schema";
import { and, eq, gt, or } from "ponder";
import type { Address } from "viem";
import { isIndexed } from "./lib/deployed.js";
import { type Db, type EventMeta, logColumns } from "./lib/store.js";

type Pool = typeof delegationPool.$inferSelect;
type Position = typeof delegation.$inferSelect;
type Kind = typeof delegationEvent.$inferInsert.kind;

/** The earnings accumulator's scale (`DelegationPool._ACC_SCALE`). */
const ACC_SCALE = 10n ** 36n;

const mulDiv = (a: bigint, b: bigint, c: bigint) => (a * b) / c;
const mulDivUp = (a: bigint, b: bigint, c: bigint) => (a * b + c - 1n) / c;

async function getPool(db: Db, provider: Address, timestamp: bigint): Promise<Pool> {
  const row = await db.find(delegationPool, { provider });
  if (row !== null) return row;
  return db.insert(delegationPool).values({
    provider,
    tokens: 0n,
    shares: 0n,
    thawingTokens: 0n,
    thawingShares: 0n,
    thawEpoch: 0,
    rewardPerShare: 0n,
    delegatorShareBps: 0,
    delegated: 0n,
    delegatorCount: 0,
    totalDelegated: 0n,
    totalWithdrawn: 0n,
    totalSlashed: 0n,
    totalEarningsShared: 0n,
    totalEarningsClaimed: 0n,
    updatedAt: timestamp,
  });
}

const positionId = (provider: Address, delegator: Address) => `${provider}-${delegator}`;

async function getPosition(
  db: Db,
  provider: Address,
  delegator: Address,
  timestamp: bigint,
): Promise<Position> {
  const id = positionId(provider, delegator);
  const row = await db.find(delegation, { id });
  if (row !== null) return row;
  return db.insert(delegation).values({
    id,
    provider,
    delegator,
    shares: 0n,
    thawingShares: 0n,
    thawEpoch: 0,
    releaseAt: 0n,
    rewardPerSharePaid: 0n,
    unclaimed: 0n,
    votes: 0n,
    delegated: 0n,
    undelegated: 0n,
    withdrawn: 0n,
    slashed: 0n,
    earned: 0n,
    claimed: 0n,
    updatedAt: timestamp,
  });
}

/** `_settle`: what the position's active shares earned since it was last settled. */
function settled(
  pool: Pool,
  d: Position,
): Pick<Position, "rewardPerSharePaid" | "unclaimed" | "earned"> {
  if (pool.rewardPerShare === d.rewardPerSharePaid) return d;
  const accrued = mulDiv(d.shares, pool.rewardPerShare - d.rewardPerSharePaid, ACC_SCALE);
  return {
    rewardPerSharePaid: pool.rewardPerShare,
    unclaimed: d.unclaimed + accrued,
    earned: d.earned + accrued,
  };
}

/** What a position's shares are worth (`balancesOf`): active plus thawing of the current epoch. */
function worth(pool: Pool, d: Pick<Position, "shares" | "thawingShares" | "thawEpoch">): bigint {
  const active = d.shares === 0n ? 0n : mulDiv(d.shares, pool.tokens, pool.shares);
  const thawing =
    d.thawingShares === 0n || d.thawEpoch !== pool.thawEpoch
      ? 0n
      : mulDiv(d.thawingShares, pool.thawingTokens, pool.thawingShares);
  return active + thawing;
}

const holds = (d: Pick<Position, "shares" | "thawingShares">) =>
  d.shares !== 0n || d.thawingShares !== 0n;

/** The pool's positions that hold shares: a slash and a payout reach each of them. */
async function positionsOf(db: Db, provider: Address): Promise<Position[]> {
  return db.sql
    .select()
    .from(delegation)
    .where(
      and(
        eq(delegation.provider, provider),
        or(gt(delegation.shares, 0n), gt(delegation.thawingShares, 0n)),
      ),
    );
}

async function record(
  db: Db,
  event: EventMeta,
  provider: Address,
  kind: Kind,
  fields: Omit<
    typeof delegationEvent.$inferInsert,
    keyof ReturnType<typeof logColumns> | "id" | "provider" | "kind"
  >,
) {
  await db
    .insert(delegationEvent)
    .values({ id: event.id, provider, kind, ...fields, ...logColumns(event) });
}

/** Writes a position and keeps the pool's count of positions holding shares. */
async function savePosition(db: Db, before: Position, after: Partial<Position>, timestamp: bigint) {
  // Counted before the write: the store may update the row object `before` in place.
  const change = Number(holds({ ...before, ...after })) - Number(holds(before));
  await db.update(delegation, { id: before.id }).set({ ...after, updatedAt: timestamp });
  if (change !== 0) {
    await db
      .update(delegationPool, { provider: before.provider })
      .set((row) => ({ delegatorCount: row.delegatorCount + change }));
  }
}

if (isIndexed.DelegationPool) {
  /* DELEGATORS */

  ponder.on("DelegationPool:Delegated", async ({ event, context: { db } }) => {
    const { provider, delegator, amount, shares } = event.args;
    const timestamp = event.block.timestamp;
    const pool = await getPool(db, provider, timestamp);
    const d = await getPosition(db, provider, delegator, timestamp);
    // `_mint`: an empty side starts at one token per share and drops leftover remainders.
    const tokensIn = pool.shares === 0n ? amount : mulDiv(shares, pool.tokens, pool.shares);
    const poolTokens = pool.shares === 0n ? 0n : pool.tokens;
    await db.update(delegationPool, { provider }).set({
      tokens: poolTokens + tokensIn,
      shares: pool.shares + shares,
      totalDelegated: pool.totalDelegated + amount,
      updatedAt: timestamp,
    });
    await savePosition(
      db,
      d,
      { ...settled(pool, d), shares: d.shares + shares, delegated: d.delegated + amount },
      timestamp,
    );
    await record(db, event, provider, "Delegated", { delegator, amount, shares });
  });

  ponder.on("DelegationPool:ThawingSideReset", async ({ event, context: { db } }) => {
    const { provider, epoch } = event.args;
    await getPool(db, provider, event.block.timestamp);
    // The old thawing shares are void; `_thaw` then starts the side afresh.
    await db
      .update(delegationPool, { provider })
      .set({ thawEpoch: Number(epoch), thawingShares: 0n, thawingTokens: 0n });
  });

  ponder.on("DelegationPool:Undelegated", async ({ event, context: { db } }) => {
    const { provider, delegator, shares, amount, releaseAt } = event.args;
    const timestamp = event.block.timestamp;
    const pool = await getPool(db, provider, timestamp);
    const d = await getPosition(db, provider, delegator, timestamp);
    // `_burn` on the active side: the side gives up the shares' worth rounded up.
    const tokensOut = mulDivUp(shares, pool.tokens, pool.shares);
    // `_thaw`: a position from an older epoch starts again; `_mint` on the thawing side.
    const myThawing = d.thawEpoch === pool.thawEpoch ? d.thawingShares : 0n;
    const minted =
      pool.thawingShares === 0n ? amount : mulDiv(amount, pool.thawingShares, pool.thawingTokens);
    const tokensIn =
      pool.thawingShares === 0n ? amount : mulDiv(minted, pool.thawingTokens, pool.thawingShares);
    const thawTokens = pool.thawingShares === 0n ? 0n : pool.thawingTokens;
    await db.update(delegationPool, { provider }).set({
      tokens: pool.tokens - tokensOut,
      shares: pool.shares - shares,
      thawingTokens: thawTokens + tokensIn,
      thawingShares: pool.thawingShares + minted,
      updatedAt: timestamp,
    });
    await savePosition(
      db,
      d,
      {
        ...settled(pool, d),
        shares: d.shares - shares,
        thawingShares: myThawing + minted,
        thawEpoch: pool.thawEpoch,
        releaseAt,
        undelegated: d.undelegated + amount,
      },
      timestamp,
    );
    await record(db, event, provider, "Undelegated", { delegator, amount, shares, releaseAt });
  });

  ponder.on("DelegationPool:DelegationWithdrawn", async ({ event, context: { db } }) => {
    const { provider, delegator, amount } = event.args;
    const timestamp = event.block.timestamp;
    const pool = await getPool(db, provider, timestamp);
    const d = await getPosition(db, provider, delegator, timestamp);
    if (d.thawEpoch === pool.thawEpoch && d.thawingShares !== 0n) {
      const tokensOut = mulDivUp(d.thawingShares, pool.thawingTokens, pool.thawingShares);
      await db.update(delegationPool, { provider }).set({
        thawingTokens: pool.thawingTokens - tokensOut,
        thawingShares: pool.thawingShares - d.thawingShares,
      });
    }
    await db
      .update(delegationPool, { provider })
      .set((row) => ({ totalWithdrawn: row.totalWithdrawn + amount, updatedAt: timestamp }));
    await savePosition(
      db,
      d,
      { thawingShares: 0n, releaseAt: 0n, withdrawn: d.withdrawn + amount },
      timestamp,
    );
    await record(db, event, provider, "Withdrawn", { delegator, amount });
  });

  ponder.on("DelegationPool:EarningsClaimed", async ({ event, context: { db } }) => {
    const { provider, delegator, amount } = event.args;
    const timestamp = event.block.timestamp;
    const pool = await getPool(db, provider, timestamp);
    const d = await getPosition(db, provider, delegator, timestamp);
    const s = settled(pool, d);
    if (s.unclaimed !== amount) {
      throw new Error(
        `delegation ${d.id}: claimed ${amount} but the replayed unclaimed earnings are ${s.unclaimed}`,
      );
    }
    await db.update(delegationPool, { provider }).set({
      totalEarningsClaimed: pool.totalEarningsClaimed + amount,
      updatedAt: timestamp,
    });
    await savePosition(db, d, { ...s, unclaimed: 0n, claimed: d.claimed + amount }, timestamp);
    await record(db, event, provider, "Claimed", { delegator, amount });
  });

  /* THE POOL AS A WHOLE */

  ponder.on("DelegationPool:DelegationSlashed", async ({ event, context: { db } }) => {
    const { provider, jobId, fromActive, fromThawing } = event.args;
    const timestamp = event.block.timestamp;
    const pool = await getPool(db, provider, timestamp);
    const after: Pool = {
      ...pool,
      tokens: pool.tokens - fromActive,
      thawingTokens: pool.thawingTokens - fromThawing,
    };
    // Each position loses what its shares were worth before less what they are worth after.
    for (const d of await positionsOf(db, provider)) {
      const lost = worth(pool, d) - worth(after, d);
      if (lost !== 0n) {
        await db
          .update(delegation, { id: d.id })
          .set({ slashed: d.slashed + lost, updatedAt: timestamp });
      }
    }
    await db.update(delegationPool, { provider }).set({
      tokens: after.tokens,
      thawingTokens: after.thawingTokens,
      totalSlashed: pool.totalSlashed + fromActive + fromThawing,
      updatedAt: timestamp,
    });
    await record(db, event, provider, "Slashed", { amount: fromActive + fromThawing, jobId });
  });

  ponder.on("DelegationPool:EarningsShared", async ({ event, context: { db } }) => {
    const { provider, shared } = event.args;
    const timestamp = event.block.timestamp;
    const pool = await getPool(db, provider, timestamp);
    const next: Pool = {
      ...pool,
      rewardPerShare: pool.rewardPerShare + mulDiv(shared, ACC_SCALE, pool.shares),
    };
    // Settle every active position, so that `unclaimed` is what `balancesOf` says it can claim.
    for (const d of await positionsOf(db, provider)) {
      if (d.shares === 0n) continue;
      await db.update(delegation, { id: d.id }).set({ ...settled(next, d), updatedAt: timestamp });
    }
    await db.update(delegationPool, { provider }).set({
      rewardPerShare: next.rewardPerShare,
      totalEarningsShared: pool.totalEarningsShared + shared,
      updatedAt: timestamp,
    });
    await record(db, event, provider, "Earned", { amount: shared });
  });

  ponder.on("DelegationPool:DelegatorShareSet", async ({ event, context: { db } }) => {
    const { provider, bps } = event.args;
    await getPool(db, provider, event.block.timestamp);
    await db.update(delegationPool, { provider }).set({
      delegatorShareBps: Number(bps),
      pendingShareBps: null,
      pendingAt: null,
      updatedAt: event.block.timestamp,
    });
    await record(db, event, provider, "ShareSet", { amount: bps });
  });

  ponder.on("DelegationPool:DelegatorShareScheduled", async ({ event, context: { db } }) => {
    const { provider, bps, effectiveAt } = event.args;
    await getPool(db, provider, event.block.timestamp);
    await db.update(delegationPool, { provider }).set({
      pendingShareBps: Number(bps),
      pendingAt: effectiveAt,
      updatedAt: event.block.timestamp,
    });
    await record(db, event, provider, "ShareScheduled", { amount: bps, releaseAt: effectiveAt });
  });

  /* STAKING'S SIDE: capacity mirror and votes */

  ponder.on("Staking:DelegationSynced", async ({ event, context: { db } }) => {
    const { provider, delegated } = event.args;
    await getPool(db, provider, event.block.timestamp);
    await db.update(delegationPool, { provider }).set({ delegated });
  });

  ponder.on("Staking:DelegatorVotesMoved", async ({ event, context: { db } }) => {
    const { provider, delegator, after_ } = event.args;
    const d = await getPosition(db, provider, delegator, event.block.timestamp);
    await db.update(delegation, { id: d.id }).set({ votes: after_ });
  });
}
