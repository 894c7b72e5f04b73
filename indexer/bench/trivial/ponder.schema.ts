import { onchainTable } from "ponder";

/** How many events of each kind were seen: the least work a handler can do and still write. */
export const eventCount = onchainTable("event_count", (t) => ({
  name: t.text().primaryKey(),
  count: t.integer().notNull(),
}));
