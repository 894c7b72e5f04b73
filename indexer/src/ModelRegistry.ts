import { ponder } from "ponder:registry";
import { model } from "ponder:schema";
import { modelKinds } from "@verity/sdk/enums";

ponder.on("ModelRegistry:ModelRegistered", async ({ event, context: { db } }) => {
  const { modelId, publisher, artifactHash, kind, uri, widths, weightCommitment } = event.args;
  const modelKind = modelKinds[kind];
  if (modelKind === undefined) throw new Error(`model ${modelId} has unknown kind ${kind}`);
  await db.insert(model).values({
    id: modelId,
    publisher,
    artifactHash,
    kind: modelKind,
    uri,
    widths: [...widths],
    layerCount: widths.length - 1,
    weightCommitment,
    computeUnits: event.args.computeUnits,
    bond: event.args.bond,
    active: true,
    jobsPosted: 0,
    jobsFinalized: 0,
    registeredAt: event.block.timestamp,
  });
});

ponder.on("ModelRegistry:ModelRetired", async ({ event, context: { db } }) => {
  // The bond goes back to the publisher: the registry keeps none.
  await db
    .update(model, { id: event.args.modelId })
    .set({ active: false, bond: 0n, retiredAt: event.block.timestamp });
});
