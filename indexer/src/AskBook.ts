/**
 * Standing asks (the fast path): each provider's ask per model as published, and its history. The
 * ask book also counts jobs taken and not yet submitted (`active`); that changes without an event
 * of its own (a take is a JobAssigned of a job with no auction), so read `askOf` for it.
 */
import { ponder } from "ponder:registry";
import { ask, askEvent } from "ponder:schema";
import { isIndexed } from "./lib/deployed.js";
import { logColumns } from "./lib/store.js";

if (isIndexed.AskBook) {
  ponder.on("AskBook:AskSet", async ({ event, context }) => {
    const {
      provider,
      modelId,
      price,
      capacity,
      expiry,
      maxCollateral,
      minExecutionWindow,
      maxCallbackGas,
    } = event.args;
    const fields = {
      price,
      capacity: Number(capacity),
      expiry,
      maxCollateral,
      minExecutionWindow,
      maxCallbackGas,
      published: true,
      updatedAt: event.block.timestamp,
    };
    await context.db
      .insert(ask)
      .values({ id: `${provider}-${modelId}`, provider, modelId, ...fields, updates: 1 })
      .onConflictDoUpdate((row) => ({ ...fields, updates: row.updates + 1 }));
    await context.db.insert(askEvent).values({
      id: event.id,
      provider,
      modelId,
      withdrawn: false,
      price,
      capacity: Number(capacity),
      expiry,
      maxCollateral,
      minExecutionWindow,
      maxCallbackGas,
      ...logColumns(event),
    });
  });

  ponder.on("AskBook:AskWithdrawn", async ({ event, context }) => {
    const { provider, modelId } = event.args;
    const cleared = {
      price: 0n,
      capacity: 0,
      expiry: 0n,
      maxCollateral: 0n,
      minExecutionWindow: 0n,
      maxCallbackGas: 0n,
    };
    await context.db
      .update(ask, { id: `${provider}-${modelId}` })
      .set({ ...cleared, published: false, updatedAt: event.block.timestamp });
    await context.db.insert(askEvent).values({
      id: event.id,
      provider,
      modelId,
      withdrawn: true,
      ...cleared,
      ...logColumns(event),
    });
  });
}
