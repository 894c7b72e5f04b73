import { ponder } from "ponder:registry";
import { balanceChange, dispute, disputeMove, job, rewardPot } from "ponder:schema";
import { disputePhases } from "@verity/sdk/enums";
import { eq } from "ponder";
import { isIndexed } from "./lib/deployed.js";
import { openedDispute } from "./lib/disputes.js";
import { type Db, type EventMeta, logColumns, updateAccount } from "./lib/store.js";

type Move = Omit<
  typeof disputeMove.$inferInsert,
  "id" | "sender" | "blockNumber" | "timestamp" | "transactionHash" | "logIndex"
>;

function phaseOf(value: number) {
  const phase = disputePhases[value];
  if (phase === undefined || phase === "None") throw new Error(`unknown dispute phase ${value}`);
  return phase;
}

/** ElementProven's `kind`: the layer leaf's tag (docs/model-format.md, v2). */
const SPATIAL_KINDS: Record<number, string> = { 1: "conv2d", 2: "maxpool", 3: "avgpool", 4: "add" };

async function recordMove(db: Db, event: EventMeta, move: Move) {
  await db
    .insert(disputeMove)
    .values({ id: event.id, sender: event.transaction.from, ...move, ...logColumns(event) });
}

/** The job's dispute row for the game's `disputeId` (looked for from the newest). */
async function gameDispute(db: Db, jobId: bigint, disputeId: bigint) {
  const current = await db.find(job, { id: jobId });
  if (current === null) throw new Error(`job ${jobId} was never posted`);
  for (let seq = current.disputeCount; seq >= 0; seq--) {
    const row = await db.find(dispute, { jobId, seq });
    if (row?.disputeId === disputeId) return row;
  }
  throw new Error(`dispute ${disputeId} of job ${jobId} was never opened`);
}

// The dispute game is optional in a deployment: register only when it is indexed.
if (isIndexed.DisputeGame) {
  ponder.on("DisputeGame:DisputeOpened", async ({ event, context: { db } }) => {
    const { disputeId, jobId, challenger, layer, agreedHash, disputedHash, bond } = event.args;
    const current = await db.find(job, { id: jobId });
    if (current === null) throw new Error(`job ${jobId} was never posted`);
    const { key, values } = await openedDispute(db, event, current);
    const game = {
      disputeId,
      challenger,
      phase: "AwaitingResponse" as const,
      layer: Number(layer),
      agreedHash,
      disputedHash,
      bond,
      moveDeadline: event.args.responseDeadline,
    };
    await db
      .insert(dispute)
      .values({ ...key, ...values, ...game })
      .onConflictDoUpdate(game);
    await recordMove(db, event, {
      disputeId,
      jobId,
      kind: "Opened",
      layer: Number(layer),
      deadline: event.args.responseDeadline,
    });
  });

  ponder.on("DisputeGame:DisputeResponded", async ({ event, context: { db } }) => {
    const { disputeId, jobId, activation, proofDeadline } = event.args;
    const row = await gameDispute(db, jobId, disputeId);
    await db
      .update(dispute, { jobId, seq: row.seq })
      .set({ phase: "AwaitingProof", activation, moveDeadline: proofDeadline });
    await recordMove(db, event, {
      disputeId,
      jobId,
      kind: "Responded",
      activation,
      deadline: proofDeadline,
    });
  });

  ponder.on("DisputeGame:NeuronProven", async ({ event, context: { db } }) => {
    const { disputeId, jobId, neuron, computed, claimed } = event.args;
    const row = await gameDispute(db, jobId, disputeId);
    await db
      .update(dispute, { jobId, seq: row.seq })
      .set({ neuron, computed, claimed, layerKind: "dense" });
    await recordMove(db, event, {
      disputeId,
      jobId,
      kind: "NeuronProven",
      neuron,
      layerKind: "dense",
      computed,
      claimed,
    });
  });

  // The last move on a spatial layer (proveConv, provePool, proveAdd).
  ponder.on("DisputeGame:ElementProven", async ({ event, context: { db } }) => {
    const { disputeId, jobId, kind, element, computed, claimed } = event.args;
    const layerKind = SPATIAL_KINDS[kind] ?? `kind ${kind}`;
    const row = await gameDispute(db, jobId, disputeId);
    await db
      .update(dispute, { jobId, seq: row.seq })
      .set({ neuron: element, computed, claimed, layerKind });
    await recordMove(db, event, {
      disputeId,
      jobId,
      kind: "ElementProven",
      neuron: element,
      layerKind,
      computed,
      claimed,
    });
  });

  ponder.on("DisputeGame:WrongLengthProven", async ({ event, context: { db } }) => {
    const { disputeId, jobId, revealedLength } = event.args;
    await recordMove(db, event, {
      disputeId,
      jobId,
      kind: "WrongLengthProven",
      neuron: revealedLength,
    });
  });

  ponder.on("DisputeGame:DisputeTimedOut", async ({ event, context: { db } }) => {
    const { disputeId, jobId, phase, loser } = event.args;
    await recordMove(db, event, {
      disputeId,
      jobId,
      kind: "TimedOut",
      phase: phaseOf(phase),
      loser,
    });
  });

  ponder.on("DisputeGame:DisputeResolved", async ({ event, context: { db } }) => {
    const { disputeId, jobId, providerWon, winner } = event.args;
    const row = await gameDispute(db, jobId, disputeId);
    const outcome = providerWon ? "ProviderWon" : "ChallengerWon";
    // The market's DisputeRejected or ResultRejected, later in the transaction,
    // finds this dispute by the transaction hash and settles the job.
    await db.update(dispute, { jobId, seq: row.seq }).set({
      phase: outcome,
      outcome,
      winner,
      moveDeadline: event.block.timestamp,
      resolvedAt: event.block.timestamp,
      resolveTransactionHash: event.transaction.hash,
    });
    await recordMove(db, event, { disputeId, jobId, kind: "Resolved", winner });
  });

  ponder.on("DisputeGame:DisputeStale", async ({ event, context: { db } }) => {
    const { disputeId, jobId, round } = event.args;
    const row = await gameDispute(db, jobId, disputeId);
    await db.update(dispute, { jobId, seq: row.seq }).set({ stale: true });
    await recordMove(db, event, { disputeId, jobId, kind: "Stale" });
    // A running dispute of a convicted round closed (its DisputeResolved, earlier in the
    // transaction, made the challenger the winner) and took the next share of the round's pot,
    // as the game's _closedAsStale: the last share takes the remainder. A zero share has no
    // RewardCredited, so the pot is followed here rather than from the credits.
    if (row.outcome !== "ChallengerWon") return;
    const pot = await db.find(rewardPot, { jobId, round });
    if (pot === null || pot.sharesLeft === 0) return;
    const share = pot.sharesLeft === 1 ? pot.remaining : pot.remaining / BigInt(pot.sharesLeft);
    await db
      .update(rewardPot, { jobId, round })
      .set({ remaining: pot.remaining - share, sharesLeft: pot.sharesLeft - 1 });
  });

  ponder.on("DisputeGame:RewardPotFunded", async ({ event, context: { db } }) => {
    const { jobId, round, pot, shares } = event.args;
    const count = Number(shares);
    // The convicting dispute takes its share at once (RewardCredited, next); the others wait.
    const first = count > 1 ? pot / shares : pot;
    await db.insert(rewardPot).values({
      jobId,
      round,
      pot,
      shares: count,
      remaining: pot - first,
      sharesLeft: count - 1,
      fundedAt: event.block.timestamp,
      transactionHash: event.transaction.hash,
    });
  });

  ponder.on("DisputeGame:RewardCredited", async ({ event, context: { db } }) => {
    const { account, disputeId, amount } = event.args;
    // The event names the dispute only: find its row (rare, one per rewarded challenger).
    const [row] = await db.sql
      .select({ jobId: dispute.jobId, seq: dispute.seq })
      .from(dispute)
      .where(eq(dispute.disputeId, disputeId));
    if (row === undefined) throw new Error(`dispute ${disputeId} was never opened`);
    await db.update(dispute, { jobId: row.jobId, seq: row.seq }).set({ reward: amount });
    await updateAccount(db, account, event.block.timestamp, { rewardCredited: amount });
    await db.insert(balanceChange).values({
      id: event.id,
      account,
      kind: "Credited",
      asset: "Reward",
      amount,
      jobId: row.jobId,
      disputeId,
      ...logColumns(event),
    });
  });

  ponder.on("DisputeGame:BondCredited", async ({ event, context: { db } }) => {
    const { account, disputeId, amount } = event.args;
    // The event names the dispute only: its row names the job (one read per settled dispute).
    const [row] = await db.sql
      .select({ jobId: dispute.jobId })
      .from(dispute)
      .where(eq(dispute.disputeId, disputeId));
    if (row === undefined) throw new Error(`dispute ${disputeId} was never opened`);
    await updateAccount(db, account, event.block.timestamp, { bondCredited: amount });
    await db.insert(balanceChange).values({
      id: event.id,
      account,
      kind: "Credited",
      asset: "Bond",
      amount,
      jobId: row.jobId,
      disputeId,
      ...logColumns(event),
    });
  });

  ponder.on("DisputeGame:BondClaimed", async ({ event, context: { db } }) => {
    const { account, amount } = event.args;
    await updateAccount(db, account, event.block.timestamp, { bondClaimed: amount });
    await db.insert(balanceChange).values({
      id: event.id,
      account,
      kind: "Claimed",
      asset: "Bond",
      amount,
      ...logColumns(event),
    });
  });
}
