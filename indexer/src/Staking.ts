import { ponder } from "ponder:registry";
import { job, stakeEvent } from "ponder:schema";
import type { Address } from "viem";
import {
  countProvider,
  type Db,
  type EventMeta,
  logColumns,
  type ProviderRow,
  updateMarket,
  updateProvider,
} from "./lib/store.js";
import { setDelegate, setVotes } from "./lib/votes.js";

type Movement = {
  kind: typeof stakeEvent.$inferInsert.kind;
  amount: bigint;
  jobId?: bigint;
  recipient?: Address;
};

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** Records one stake movement with the provider's stake after it. */
async function record(
  db: Db,
  event: EventMeta,
  address: Address,
  movement: Movement,
  after: ProviderRow,
) {
  await db.insert(stakeEvent).values({
    id: event.id,
    provider: address,
    ...movement,
    bondedAfter: after.bonded,
    lockedAfter: after.locked,
    unbondingAfter: after.unbonding,
    releaseAt: after.releaseAt === 0n ? null : after.releaseAt,
    ...logColumns(event),
  });
}

/** The parts of a provider's metadata the indexer understands, when it is a JSON object. */
function parseMetadata(metadata: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { metadata, metadataJson: null, models: null, endpoint: null };
  }
  const fields = parsed as Record<string, unknown>;
  return {
    metadata,
    metadataJson: parsed,
    models: Array.isArray(fields.models) ? (fields.models as unknown[]) : null,
    endpoint: typeof fields.endpoint === "string" ? fields.endpoint : null,
  };
}

/* REGISTRATION */

ponder.on("Staking:ProviderRegistered", async ({ event, context: { db } }) => {
  const timestamp = event.block.timestamp;
  await updateProvider(db, event.args.provider, timestamp, () => ({
    registered: true,
    registeredAt: timestamp,
    ...parseMetadata(event.args.metadata),
  }));
  await updateMarket(db, timestamp, (row) => ({ providerCount: row.providerCount + 1 }));
});

ponder.on("Staking:ProviderMetadataUpdated", async ({ event, context: { db } }) => {
  await updateProvider(db, event.args.provider, event.block.timestamp, () =>
    parseMetadata(event.args.metadata),
  );
});

/* STAKE */

ponder.on("Staking:Staked", async ({ event, context: { db } }) => {
  const { provider, amount, bonded } = event.args;
  const after = await updateProvider(db, provider, event.block.timestamp, () => ({ bonded }));
  await record(db, event, provider, { kind: "Staked", amount }, after);
});

ponder.on("Staking:UnstakeRequested", async ({ event, context: { db } }) => {
  const { provider, amount, unbonding, releaseAt } = event.args;
  const after = await updateProvider(db, provider, event.block.timestamp, (row) => ({
    bonded: row.bonded - amount,
    unbonding,
    releaseAt,
  }));
  await record(db, event, provider, { kind: "UnstakeRequested", amount }, after);
});

ponder.on("Staking:Withdrawn", async ({ event, context: { db } }) => {
  const { provider, amount } = event.args;
  const after = await updateProvider(db, provider, event.block.timestamp, () => ({
    unbonding: 0n,
    releaseAt: 0n,
  }));
  await record(db, event, provider, { kind: "Withdrawn", amount }, after);
});

/* COLLATERAL AND SLASHING (called by the job market) */

ponder.on("Staking:StakeLocked", async ({ event, context: { db } }) => {
  const { provider, jobId, amount } = event.args;
  const after = await countProvider(db, provider, event.block.timestamp, (row) => ({
    locked: row.locked + amount,
  }));
  await record(db, event, provider, { kind: "Locked", amount, jobId }, after);
  // Only a bid taking the lead locks: the job holds the leader's collateral.
  await db.update(job, { id: jobId }).set({ collateral: amount });
});

ponder.on("Staking:StakeUnlocked", async ({ event, context: { db } }) => {
  const { provider, jobId, amount } = event.args;
  const after = await countProvider(db, provider, event.block.timestamp, (row) => ({
    locked: row.locked - amount,
  }));
  await record(db, event, provider, { kind: "Unlocked", amount, jobId }, after);
});

ponder.on("Staking:Slashed", async ({ event, context: { db } }) => {
  const { provider, jobId, amount, recipient } = event.args;
  // As Staking.slash: bonded stake first, the rest from unbonding stake. `Slashed` is own stake
  // only (a pool's part is DelegationPool's `DelegationSlashed`), and `locked` is left as it is:
  // with delegation it may exceed own stake (the slashed job's collateral was unlocked just before).
  const after = await updateProvider(db, provider, event.block.timestamp, (row) => {
    const fromBonded = min(amount, row.bonded);
    return {
      bonded: row.bonded - fromBonded,
      unbonding: row.unbonding - (amount - fromBonded),
      totalSlashed: row.totalSlashed + amount,
    };
  });
  await record(db, event, provider, { kind: "Slashed", amount, jobId, recipient }, after);
});

/* VOTES (staked tokens vote through Staking, which checkpoints like ERC20Votes) */

ponder.on("Staking:DelegateChanged", async ({ event, context: { db } }) => {
  await setDelegate(
    db,
    "staking",
    event.args.delegator,
    event.args.toDelegate,
    event.block.timestamp,
  );
});

ponder.on("Staking:DelegateVotesChanged", async ({ event, context: { db } }) => {
  await setVotes(db, "staking", event.args.delegate, event.args.newVotes, event.block.timestamp);
});
