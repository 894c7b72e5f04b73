import { ponder } from "ponder:registry";
import { hexToString } from "viem";
import { recordParameter, regradeProviders } from "./lib/parameters.js";

ponder.on("Parameters:ParameterChanged", async ({ event, context: { db } }) => {
  const { oldValue, newValue } = event.args;
  // Names are short ASCII strings right-padded with zero bytes to bytes32.
  const name = hexToString(event.args.name, { size: 32 });
  await recordParameter(db, event, name, oldValue, newValue);
  if (name === "minStake") await regradeProviders(db, newValue);
});
