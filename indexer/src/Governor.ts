import { ponder } from "ponder:registry";
import { parameterChange, proposal, vote } from "ponder:schema";
import { verityGovernorAbi } from "@verity/sdk/abis";
import { eq } from "ponder";
import { type Address, hexToBigInt } from "viem";
import { isIndexed } from "./lib/deployed.js";
import { recordParameter } from "./lib/parameters.js";
import { decodeActions, scheduleProposal, tickProposals } from "./lib/proposals.js";
import type { Db, EventMeta } from "./lib/store.js";

/** GovernorCountingSimple's `VoteType` by its numeric value. */
const SUPPORT = ["Against", "For", "Abstain"] as const;

async function castVote(
  db: Db,
  event: EventMeta,
  ballot: {
    voter: Address;
    proposalId: bigint;
    support: number;
    weight: bigint;
    reason: string;
    params?: `0x${string}`;
  },
) {
  const support = SUPPORT[ballot.support];
  if (support === undefined) throw new Error(`unknown vote type ${ballot.support}`);
  await db.insert(vote).values({
    proposalId: ballot.proposalId,
    voter: ballot.voter,
    support,
    weight: ballot.weight,
    reason: ballot.reason,
    params: ballot.params ?? null,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  const { weight } = ballot;
  await db.update(proposal, { id: ballot.proposalId }).set((row) => ({
    forVotes: row.forVotes + (support === "For" ? weight : 0n),
    againstVotes: row.againstVotes + (support === "Against" ? weight : 0n),
    abstainVotes: row.abstainVotes + (support === "Abstain" ? weight : 0n),
    voteCount: row.voteCount + 1,
  }));
}

// Governance is optional in a deployment: register only when it is indexed.
if (isIndexed.Governor) {
  ponder.on("Governor:ProposalCreated", async ({ event, context: { db } }) => {
    const { proposalId, proposer, targets, values, signatures, calldatas, description } =
      event.args;
    await db.insert(proposal).values({
      id: proposalId,
      proposer,
      targets: [...targets],
      values: values.map(String),
      signatures: [...signatures],
      calldatas: [...calldatas],
      description,
      voteStart: event.args.voteStart,
      voteEnd: event.args.voteEnd,
      status: "Pending",
      actions: await decodeActions(db, { targets, values, calldatas }),
      forVotes: 0n,
      againstVotes: 0n,
      abstainVotes: 0n,
      voteCount: 0,
      createdAt: event.block.timestamp,
      createdBlock: event.block.number,
    });
    await scheduleProposal(db, proposalId, event.args.voteStart, event.args.voteEnd);
  });

  // Voting opens and closes at blocks no event marks: the clock applies them at those blocks.
  ponder.on("ProposalClock:block", async ({ event, context: { db, client, contracts } }) => {
    await tickProposals(db, event.block.number, (snapshot) =>
      client.readContract({
        abi: verityGovernorAbi,
        address: contracts.Governor.address as Address,
        functionName: "quorum",
        args: [snapshot],
        blockNumber: event.block.number,
      }),
    );
  });

  ponder.on("Governor:VoteCast", async ({ event, context: { db } }) => {
    await castVote(db, event, event.args);
  });

  ponder.on("Governor:VoteCastWithParams", async ({ event, context: { db } }) => {
    await castVote(db, event, event.args);
  });

  ponder.on("Governor:ProposalQueued", async ({ event, context: { db } }) => {
    await db
      .update(proposal, { id: event.args.proposalId })
      .set({ status: "Queued", eta: event.args.etaSeconds, queuedAt: event.block.timestamp });
  });

  ponder.on("Governor:ProposalExecuted", async ({ event, context: { db } }) => {
    const { proposalId } = event.args;
    await db.update(proposal, { id: proposalId }).set({
      status: "Executed",
      executedAt: event.block.timestamp,
      executionTransactionHash: event.transaction.hash,
    });
    // The proposal's calls ran earlier in this transaction. Their parameter changes
    // know the proposal already when `execute` was called directly; otherwise
    // tie them to it here (a raw write, which costs Ponder its cache: rare).
    if (event.transaction.to?.toLowerCase() !== event.log.address.toLowerCase()) {
      await db.sql
        .update(parameterChange)
        .set({ proposalId })
        .where(eq(parameterChange.transactionHash, event.transaction.hash));
    }
  });

  ponder.on("Governor:ProposalCanceled", async ({ event, context: { db } }) => {
    await db
      .update(proposal, { id: event.args.proposalId })
      .set({ status: "Canceled", canceledAt: event.block.timestamp });
  });

  /* The Governor's own settings, as parameters named governor.* */

  ponder.on("Governor:VotingDelaySet", async ({ event, context: { db } }) => {
    const { oldVotingDelay, newVotingDelay } = event.args;
    await recordParameter(db, event, "governor.votingDelay", oldVotingDelay, newVotingDelay);
  });

  ponder.on("Governor:VotingPeriodSet", async ({ event, context: { db } }) => {
    const { oldVotingPeriod, newVotingPeriod } = event.args;
    await recordParameter(db, event, "governor.votingPeriod", oldVotingPeriod, newVotingPeriod);
  });

  ponder.on("Governor:ProposalThresholdSet", async ({ event, context: { db } }) => {
    const { oldProposalThreshold, newProposalThreshold } = event.args;
    await recordParameter(
      db,
      event,
      "governor.proposalThreshold",
      oldProposalThreshold,
      newProposalThreshold,
    );
  });

  ponder.on("Governor:QuorumNumeratorUpdated", async ({ event, context: { db } }) => {
    const { oldQuorumNumerator, newQuorumNumerator } = event.args;
    await recordParameter(
      db,
      event,
      "governor.quorumNumerator",
      oldQuorumNumerator,
      newQuorumNumerator,
    );
  });

  ponder.on("Governor:TimelockChange", async ({ event, context: { db } }) => {
    const { oldTimelock, newTimelock } = event.args;
    await recordParameter(
      db,
      event,
      "governor.timelock",
      hexToBigInt(oldTimelock),
      hexToBigInt(newTimelock),
    );
  });
}
