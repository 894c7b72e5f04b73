import { ponder } from "ponder:registry";
import { balanceChange, bid, dispute, job, jobStatusChange, model, result } from "ponder:schema";
import { recordClearingPrice } from "./lib/clearing.js";
import { openedDispute, settledDispute } from "./lib/disputes.js";
import { countRecord } from "./lib/record.js";
import {
  countProvider,
  type Db,
  JOB_STATUS,
  logColumns,
  moveJob,
  updateAccount,
  updateDailyModelStat,
  updateMarket,
} from "./lib/store.js";

const UINT16_MAX = 65_535;

async function getJob(db: Db, id: bigint) {
  const row = await db.find(job, { id });
  if (row === null) throw new Error(`job ${id} was never posted`);
  return row;
}

/* REQUESTER */

ponder.on("JobMarket:JobPosted", async ({ event, context: { db } }) => {
  const { jobId, requester, modelId, request, inputHash, input, inputUri, collateral } = event.args;
  const timestamp = event.block.timestamp;
  await db.insert(job).values({
    id: jobId,
    requester,
    modelId,
    status: "Bidding",
    round: 0,
    reauction: request.reauction,
    maxPrice: request.maxPrice,
    executionWindow: request.executionWindow,
    consumer: request.consumer,
    callbackGasLimit: request.callbackGasLimit,
    inputHash,
    input: inputUri === "" ? input : null,
    inputUri: inputUri === "" ? null : inputUri,
    commitDeadline: event.args.commitDeadline,
    revealDeadline: event.args.revealDeadline,
    commitCount: 0,
    revealCount: 0,
    price: 0n,
    collateral,
    minCollateral: request.minCollateral,
    deadline: 0n,
    outputInline: false,
    slashed: 0n,
    disputeCount: 0,
    openDisputes: 0,
    postedAt: timestamp,
    postedBlock: event.block.number,
    postTransactionHash: event.transaction.hash,
    updatedAt: timestamp,
  });
  await db.insert(jobStatusChange).values({
    id: event.id,
    jobId,
    round: 0,
    from: null,
    to: "Bidding",
    ...logColumns(event),
  });
  await db.update(model, { id: modelId }).set((row) => ({ jobsPosted: row.jobsPosted + 1 }));
  await updateDailyModelStat(db, modelId, timestamp, (row) => ({ jobsPosted: row.jobsPosted + 1 }));
  await updateMarket(db, timestamp, (row) => ({ jobCount: row.jobCount + 1 }));
});

ponder.on("JobMarket:JobCancelled", async ({ event, context: { db } }) => {
  await moveJob(db, event, event.args.jobId, "Cancelled", { cancelledAt: event.block.timestamp });
});

/* AUCTION */

ponder.on("JobMarket:BidCommitted", async ({ event, context: { db } }) => {
  const { jobId, bidder, round, commitment } = event.args;
  const timestamp = event.block.timestamp;
  const current = await getJob(db, jobId);
  await db.insert(bid).values({
    jobId,
    round,
    bidder,
    commitment,
    committedAt: timestamp,
    commitTransactionHash: event.transaction.hash,
    // The commitment locked the job's collateral (Staking's StakeLocked, in the same transaction).
    collateral: current.collateral,
    revealed: false,
    won: false,
    forfeited: false,
  });
  // The contract saturates the count instead of reverting.
  await db.update(job, { id: jobId }).set((row) => ({
    commitCount: Math.min(row.commitCount + 1, UINT16_MAX),
    updatedAt: timestamp,
  }));
  await countRecord(db, bidder, current.modelId, timestamp, { bidsCommitted: 1 });
});

ponder.on("JobMarket:BidRevealed", async ({ event, context: { db } }) => {
  const { jobId, bidder, round, price, leading } = event.args;
  const timestamp = event.block.timestamp;
  await db.update(bid, { jobId, round, bidder }).set({
    revealed: true,
    price,
    leading,
    revealedAt: timestamp,
  });
  // A bid that does not lead has its collateral unlocked (Staking's StakeUnlocked), as has the
  // leader it displaces.
  const after = await db.update(job, { id: jobId }).set((row) => ({
    revealCount: row.revealCount + 1,
    ...(leading ? { provider: bidder, price } : {}),
    updatedAt: timestamp,
  }));
  await countRecord(db, bidder, after.modelId, timestamp, { bidsRevealed: 1 });
});

ponder.on("JobMarket:BidForfeited", async ({ event, context: { db } }) => {
  const { jobId, round, bidder, slashed } = event.args;
  const timestamp = event.block.timestamp;
  // Staking's Slashed and StakeUnlocked (earlier in the transaction) moved the stake.
  await db
    .update(bid, { jobId, round, bidder })
    .set({ forfeited: true, slashed, forfeitedAt: timestamp });
  await countProvider(db, bidder, timestamp, (row) => ({ bidsForfeited: row.bidsForfeited + 1 }));
  await updateMarket(db, timestamp, (row) => ({ slashed: row.slashed + slashed }));
});

ponder.on("JobMarket:JobAssigned", async ({ event, context: { db } }) => {
  const { jobId, provider, price, collateral, executionDeadline } = event.args;
  const timestamp = event.block.timestamp;
  const after = await moveJob(db, event, jobId, "Assigned", {
    provider,
    price,
    collateral,
    deadline: executionDeadline,
    executionDeadline,
    assignedAt: timestamp,
    assignedBlock: event.block.number,
  });
  // A job taken from a standing ask (the fast path) had no auction, so no bid to mark.
  const winning = { jobId, round: after.round, bidder: provider };
  if ((await db.find(bid, winning)) !== null) await db.update(bid, winning).set({ won: true });
  await countRecord(db, provider, after.modelId, timestamp, { jobsWon: 1 });
  await db.update(model, { id: after.modelId }).set({ lastClearingPrice: price });
  await recordClearingPrice(db, after.modelId, timestamp, price);
});

ponder.on("JobMarket:AuctionFailed", async ({ event, context: { db } }) => {
  await moveJob(db, event, event.args.jobId, "Expired", { expiredAt: event.block.timestamp });
});

ponder.on("JobMarket:JobReauctioned", async ({ event, context: { db } }) => {
  const { jobId, round, commitDeadline, revealDeadline } = event.args;
  // As the contract's _endRound: a fresh auction, with no leader and no result (the collateral,
  // fixed at post, stays).
  await moveJob(db, event, jobId, "Bidding", {
    round,
    commitDeadline,
    revealDeadline,
    commitCount: 0,
    revealCount: 0,
    provider: null,
    price: 0n,
    deadline: 0n,
    executionDeadline: null,
    challengeDeadline: null,
    outputInline: false,
    outputHash: null,
    traceRoot: null,
    openDisputes: 0,
    reauctionedAt: event.block.timestamp,
  });
});

/* RESULT */

ponder.on("JobMarket:ResultSubmitted", async ({ event, context: { db } }) => {
  const {
    jobId,
    provider,
    outputHash,
    traceRoot,
    layerHashes,
    output,
    outputUri,
    challengeDeadline,
  } = event.args;
  const timestamp = event.block.timestamp;
  const inline = outputUri === "";
  const before = await getJob(db, jobId);
  if (before.assignedAt === null || before.assignedBlock === null) {
    throw new Error(`job ${jobId} has a result but was never assigned`);
  }
  const after = await moveJob(db, event, jobId, "Submitted", {
    deadline: challengeDeadline,
    challengeDeadline,
    outputInline: inline,
    outputHash,
    traceRoot,
    submittedAt: timestamp,
  });
  await db.insert(result).values({
    jobId,
    round: after.round,
    provider,
    outputHash,
    traceRoot,
    layerHashes: [...layerHashes],
    output: inline ? output : null,
    outputUri: inline ? null : outputUri,
    challengeDeadline,
    status: "Pending",
    submittedAt: timestamp,
    transactionHash: event.transaction.hash,
  });
  await countRecord(db, provider, after.modelId, timestamp, {
    latency: {
      seconds: timestamp - before.assignedAt,
      blocks: event.block.number - before.assignedBlock,
    },
  });
});

ponder.on("JobMarket:JobFinalized", async ({ event, context: { db } }) => {
  const { jobId, provider, payment, fee, refund } = event.args;
  const timestamp = event.block.timestamp;
  const after = await moveJob(db, event, jobId, "Finalized", {
    payment,
    fee,
    refund,
    finalizedAt: timestamp,
  });
  await db.update(result, { jobId, round: after.round }).set({ status: "Accepted" });
  await countRecord(db, provider, after.modelId, timestamp, {
    jobsCompleted: 1,
    earnings: payment,
  });
  await db
    .update(model, { id: after.modelId })
    .set((row) => ({ jobsFinalized: row.jobsFinalized + 1 }));
  await updateDailyModelStat(db, after.modelId, timestamp, (row) => ({
    jobsFinalized: row.jobsFinalized + 1,
  }));
  await updateMarket(db, timestamp, (row) => ({
    jobsFinalized: row.jobsFinalized + 1,
    volume: row.volume + payment,
    grossVolume: row.grossVolume + payment + fee,
    fees: row.fees + fee,
  }));
});

ponder.on("JobMarket:CallbackExecuted", async ({ event, context: { db } }) => {
  await db.update(job, { id: event.args.jobId }).set({ callbackSuccess: event.args.success });
});

ponder.on("JobMarket:DeadlineMissed", async ({ event, context: { db } }) => {
  const { jobId, provider, slashed, missedInARow } = event.args;
  const timestamp = event.block.timestamp;
  // The status moved already, with JobRefunded or JobReauctioned earlier in the transaction.
  const after = await db
    .update(job, { id: jobId })
    .set((row) => ({ slashed: row.slashed + slashed }));
  await countRecord(db, provider, after.modelId, timestamp, { jobsLate: 1 });
  await countProvider(db, provider, timestamp, () => ({ missedInARow: Number(missedInARow) }));
  await updateMarket(db, timestamp, (row) => ({ slashed: row.slashed + slashed }));
});

ponder.on("JobMarket:MissedDeadlinesReset", async ({ event, context: { db } }) => {
  await countProvider(db, event.args.provider, event.block.timestamp, () => ({ missedInARow: 0 }));
});

ponder.on("JobMarket:JobRefunded", async ({ event, context: { db } }) => {
  const { jobId, refund, status } = event.args;
  const to = JOB_STATUS[status];
  if (to !== "Cancelled" && to !== "Expired" && to !== "Rejected") {
    throw new Error(`job ${jobId} refunded with status ${status}`);
  }
  const at = event.block.timestamp;
  // The round is over: disputes still running are stale.
  await moveJob(db, event, jobId, to, {
    refund,
    openDisputes: 0,
    ...(to === "Cancelled" ? { cancelledAt: at } : to === "Expired" ? { expiredAt: at } : {}),
    ...(to === "Rejected" ? { rejectedAt: at } : {}),
  });
});

/* DISPUTES (they run side by side; the challenge deadline never moves) */

ponder.on("JobMarket:JobDisputed", async ({ event, context: { db } }) => {
  const { jobId } = event.args;
  const current = await getJob(db, jobId);
  // The dispute game may have recorded this dispute already, in the same transaction.
  const { key, values } = await openedDispute(db, event, current);
  await db
    .insert(dispute)
    .values({ ...key, ...values })
    .onConflictDoNothing();
  await moveJob(db, event, jobId, "Disputed", {
    disputeCount: key.seq + 1,
    disputedAt: event.block.timestamp,
  });
  await db.update(result, { jobId, round: values.round }).set({ status: "Disputed" });
});

ponder.on("JobMarket:OpenDisputesChanged", async ({ event, context: { db } }) => {
  const { jobId, round, openDisputes } = event.args;
  const current = await getJob(db, jobId);
  if (current.round !== round) return;
  const open = Number(openDisputes);
  // The last dispute of the round is over and the provider won them all.
  if (open === 0 && current.status === "Disputed") {
    await moveJob(db, event, jobId, "Submitted", { openDisputes: 0 });
    await db.update(result, { jobId, round }).set({ status: "Pending" });
  } else {
    await db.update(job, { id: jobId }).set({ openDisputes: open });
  }
});

ponder.on("JobMarket:DisputeRejected", async ({ event, context: { db } }) => {
  const { jobId } = event.args;
  const timestamp = event.block.timestamp;
  const current = await getJob(db, jobId);
  const settled = await settledDispute(db, event, current);
  await db
    .update(dispute, { jobId, seq: settled.seq })
    .set({ outcome: "ProviderWon", resolvedAt: timestamp });
  await countRecord(db, settled.provider, current.modelId, timestamp, { disputesWon: 1 });
});

ponder.on("JobMarket:ResultRejected", async ({ event, context: { db } }) => {
  const { jobId, provider, challenger, slashed } = event.args;
  const timestamp = event.block.timestamp;
  // The job was refunded or re-auctioned earlier in the transaction; the dispute
  // remembers the round it was about.
  const current = await getJob(db, jobId);
  const settled = await settledDispute(db, event, current);
  await db
    .update(dispute, { jobId, seq: settled.seq })
    .set({ outcome: "ChallengerWon", challenger, slashed, resolvedAt: timestamp });
  await db.update(result, { jobId, round: settled.round }).set({ status: "Rejected" });
  await db.update(job, { id: jobId }).set((row) => ({ slashed: row.slashed + slashed }));
  await countRecord(db, provider, current.modelId, timestamp, { disputesLost: 1 });
  await updateMarket(db, timestamp, (row) => ({ slashed: row.slashed + slashed }));
});

/* PAYMENTS */

ponder.on("JobMarket:Credited", async ({ event, context: { db } }) => {
  const { account, jobId, amount } = event.args;
  await updateAccount(db, account, event.block.timestamp, { credited: amount });
  await db.insert(balanceChange).values({
    id: event.id,
    account,
    kind: "Credited",
    asset: "Payment",
    amount,
    jobId,
    ...logColumns(event),
  });
});

ponder.on("JobMarket:Claimed", async ({ event, context: { db } }) => {
  const { account, amount } = event.args;
  await updateAccount(db, account, event.block.timestamp, { claimed: amount });
  await db.insert(balanceChange).values({
    id: event.id,
    account,
    kind: "Claimed",
    asset: "Payment",
    amount,
    ...logColumns(event),
  });
});

/* GUARDIAN */

ponder.on("JobMarket:PausedSet", async ({ event, context: { db } }) => {
  await updateMarket(db, event.block.timestamp, () => ({ paused: event.args.paused }));
});

ponder.on("JobMarket:GuardianSet", async ({ event, context: { db } }) => {
  await updateMarket(db, event.block.timestamp, () => ({ guardian: event.args.guardian }));
});
