import { and, eq, gte, lt } from "ponder";
import { parameter, parameterChange, provider } from "ponder:schema";
import { type Db, type EventMeta, where } from "./store.js";

/** Records a parameter's new value and the change that set it. */
export async function recordParameter(
  db: Db,
  event: EventMeta,
  name: string,
  oldValue: bigint,
  newValue: bigint,
) {
  const timestamp = event.block.timestamp;
  await db
    .insert(parameter)
    .values({
      name,
      value: newValue,
      changeCount: 1,
      updatedAt: timestamp,
      updatedBlock: event.block.number,
    })
    .onConflictDoUpdate((row) => ({
      value: newValue,
      changeCount: row.changeCount + 1,
      updatedAt: timestamp,
      updatedBlock: event.block.number,
    }));
  await db.insert(parameterChange).values({
    id: event.id,
    name,
    oldValue,
    newValue,
    sender: event.transaction.from,
    ...where(event),
  });
}

/**
 * Eligibility depends on the minimum stake: re-grades every registered
 * provider in two set-based statements (rare: only a vote changes it).
 */
export async function regradeProviders(db: Db, minStake: bigint) {
  await db.sql
    .update(provider)
    .set({ status: "Active" })
    .where(and(eq(provider.registered, true), gte(provider.bonded, minStake)));
  await db.sql
    .update(provider)
    .set({ status: "Underbonded" })
    .where(and(eq(provider.registered, true), lt(provider.bonded, minStake)));
}
