import { type EventNames, ponder } from "ponder:registry";
import { eventCount } from "ponder:schema";
import { handledEvents } from "../../events.js";
import config from "../ponder.config.js";

// Exactly the events the indexer handles, each counted and nothing more.
for (const name of handledEvents()) {
  const contract = name.split(":")[0] ?? "";
  if (!(contract in config.contracts)) continue;
  ponder.on(name as EventNames, async ({ context }) => {
    await context.db
      .insert(eventCount)
      .values({ name, count: 1 })
      .onConflictDoUpdate((row) => ({ count: row.count + 1 }));
  });
}
