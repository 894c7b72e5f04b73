import { ponder } from "ponder:registry";
import { setDelegate, setVotes } from "./lib/votes.js";

// Only votes are indexed: transfers are the token's business, not the market's.

ponder.on("VerityToken:DelegateChanged", async ({ event, context: { db } }) => {
  await setDelegate(
    db,
    "token",
    event.args.delegator,
    event.args.toDelegate,
    event.block.timestamp,
  );
});

ponder.on("VerityToken:DelegateVotesChanged", async ({ event, context: { db } }) => {
  await setVotes(db, "token", event.args.delegate, event.args.newVotes, event.block.timestamp);
});
