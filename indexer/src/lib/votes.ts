import { votingPower } from "ponder:schema";
import type { Address } from "viem";
import type { Db } from "./store.js";

/** Where voting power comes from: liquid tokens (ERC20Votes) or stake (Staking's Votes). */
export type VotesSource = "token" | "staking";

async function getVotingPower(db: Db, account: Address, timestamp: bigint) {
  const row = await db.find(votingPower, { account });
  if (row !== null) return row;
  return db.insert(votingPower).values({
    account,
    tokenVotes: 0n,
    stakingVotes: 0n,
    votes: 0n,
    updatedAt: timestamp,
  });
}

export async function setDelegate(
  db: Db,
  source: VotesSource,
  delegator: Address,
  delegate: Address,
  timestamp: bigint,
) {
  await getVotingPower(db, delegator, timestamp);
  await db
    .update(votingPower, { account: delegator })
    .set(
      source === "token"
        ? { tokenDelegate: delegate, updatedAt: timestamp }
        : { stakingDelegate: delegate, updatedAt: timestamp },
    );
}

export async function setVotes(
  db: Db,
  source: VotesSource,
  delegate: Address,
  votes: bigint,
  timestamp: bigint,
) {
  await getVotingPower(db, delegate, timestamp);
  await db.update(votingPower, { account: delegate }).set((row) => {
    const tokenVotes = source === "token" ? votes : row.tokenVotes;
    const stakingVotes = source === "staking" ? votes : row.stakingVotes;
    return { tokenVotes, stakingVotes, votes: tokenVotes + stakingVotes, updatedAt: timestamp };
  });
}
