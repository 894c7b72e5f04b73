/**
 * Proposals as the Governor sees them: their calls in words, and the state changes that no
 * event reports (voting opens after the snapshot block, closes after the deadline block),
 * applied by the proposal clock at exactly those blocks.
 */
import { parameter, proposal, proposalClock } from "ponder:schema";
import { decodeProposalAction } from "@verity/sdk";
import type { Address, Hex } from "viem";
import { loadDeployment } from "../../deployment.js";
import type { ProposalActionRow } from "../../ponder.schema.js";
import type { Db } from "./store.js";

const deployment = loadDeployment();

/** The calls in words, with each changed parameter's value when the proposal was made. */
export async function decodeActions(
  db: Db,
  calls: { targets: readonly Address[]; values: readonly bigint[]; calldatas: readonly Hex[] },
): Promise<ProposalActionRow[]> {
  const rows: ProposalActionRow[] = [];
  for (const [i, target] of calls.targets.entries()) {
    const decoded = decodeProposalAction(deployment, {
      target,
      value: calls.values[i] ?? 0n,
      calldata: calls.calldatas[i] ?? "0x",
    });
    const current =
      decoded.parameter === undefined
        ? null
        : await db.find(parameter, { name: decoded.parameter });
    rows.push({
      target,
      value: String(decoded.value),
      calldata: decoded.calldata,
      contract: decoded.contract ?? null,
      functionName: decoded.functionName ?? null,
      args: decoded.args.map(String),
      parameter: decoded.parameter ?? null,
      oldValue: current === null ? null : (current.address ?? String(current.value)),
      newValue: decoded.newValue ?? null,
    });
  }
  return rows;
}

/** Schedules a proposal's two state changes without an event on the proposal clock. */
export async function scheduleProposal(
  db: Db,
  proposalId: bigint,
  voteStart: bigint,
  voteEnd: bigint,
) {
  const id = String(proposalId);
  await db
    .insert(proposalClock)
    .values({ block: voteStart + 1n, opens: [id], closes: [] })
    .onConflictDoUpdate((row) => ({ opens: [...row.opens, id] }));
  await db
    .insert(proposalClock)
    .values({ block: voteEnd + 1n, opens: [], closes: [id] })
    .onConflictDoUpdate((row) => ({ closes: [...row.closes, id] }));
}

/**
 * Applies the proposal clock at `block`: Pending proposals whose snapshot block passed become
 * Active; Active ones whose deadline passed become Succeeded or Defeated exactly as
 * GovernorCountingSimple decides (quorum of For + Abstain at the snapshot, and For > Against).
 */
export async function tickProposals(
  db: Db,
  block: bigint,
  readQuorum: (snapshot: bigint) => Promise<bigint>,
) {
  const due = await db.find(proposalClock, { block });
  if (due === null) return;
  for (const id of due.opens) {
    const row = await db.find(proposal, { id: BigInt(id) });
    if (row?.status === "Pending")
      await db.update(proposal, { id: row.id }).set({ status: "Active" });
  }
  for (const id of due.closes) {
    const row = await db.find(proposal, { id: BigInt(id) });
    if (row?.status !== "Active") continue;
    const quorum = await readQuorum(row.voteStart);
    const quorumReached = row.forVotes + row.abstainVotes >= quorum;
    const succeeded = quorumReached && row.forVotes > row.againstVotes;
    await db.update(proposal, { id: row.id }).set({
      status: succeeded ? "Succeeded" : "Defeated",
      quorum,
      defeatedBecause: succeeded
        ? null
        : quorumReached
          ? "NotMoreForThanAgainst"
          : "QuorumNotReached",
    });
  }
}
