/**
 * One proposal as a token holder reads it, from the chain alone: what it does
 * (old -> new), where the vote stands against quorum, when each step opens,
 * how the given voter voted, and why it was defeated.
 */
import { type Address, type Hex, parseEventLogs } from "viem";
import { parametersAbi, verityGovernorAbi, verityTokenAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { toVerityError, type VerityContractErrorType } from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import { bytes32Name } from "../../errors/explain.js";
import { getParameters } from "../parameters/getParameters.js";
import {
  type DecodedProposalAction,
  decodeProposalAction,
  describeProposalAction,
} from "./decodeProposalAction.js";
import {
  findProposal,
  type ProposalDetails,
  type UnknownProposalErrorType,
} from "./findProposal.js";
import { type GetProposalStateReturnType, getProposalState } from "./getProposalState.js";
import { type VoteSupportName, voteSupport } from "./proposalState.js";

export type DescribeProposalParameters = {
  proposalId: bigint;
  /** Whose vote to report; defaults to the wallet's account, if any. */
  voter?: Address | undefined;
};

/** A clock value (block number) and its time: exact once mined, else estimated from recent blocks. */
export type ProposalMoment = { block: bigint; time: number; estimated: boolean };

export type DescribedProposalAction = DecodedProposalAction & {
  /** Before the proposal: the value now, or for an executed proposal the value it replaced. */
  oldValue: string | undefined;
  summary: string;
};

export type DescribeProposalReturnType = Omit<
  ProposalDetails,
  "targets" | "values" | "calldatas"
> & {
  state: GetProposalStateReturnType["state"];
  actions: DescribedProposalAction[];
  tally: {
    forVotes: bigint;
    againstVotes: bigint;
    abstainVotes: bigint;
    /** Votes (For + Abstain) needed, and that as basis points of the supply. */
    quorum: bigint;
    quorumShareBps: number;
    quorumReached: boolean;
    /** For minus Against: a proposal passes with quorum and a positive margin. */
    margin: bigint;
  };
  /** Why a Defeated proposal was defeated. */
  defeatedBecause: "quorum not reached" | "not more for than against" | undefined;
  /** Voting opens after `voteStart` and closes at the end of `voteEnd`. */
  voteStart: bigint;
  voteEnd: bigint;
  opens: ProposalMoment;
  closes: ProposalMoment;
  /** Unix seconds from which a queued proposal can be executed; 0 if not queued. */
  eta: number;
  myVote:
    | {
        voter: Address;
        voted: boolean;
        support: VoteSupportName | undefined;
        weight: bigint | undefined;
        reason: string | undefined;
      }
    | undefined;
};
export type DescribeProposalErrorType =
  | VerityContractErrorType
  | MissingContractErrorType
  | UnknownProposalErrorType;

const supportNames = Object.fromEntries(
  Object.entries(voteSupport).map(([name, value]) => [value, name]),
) as Record<number, VoteSupportName>;

export async function describeProposal(
  client: VerityCoreClient,
  { proposalId, voter }: DescribeProposalParameters,
): Promise<DescribeProposalReturnType> {
  const governor = client.deployment.governor;
  if (governor === undefined) throw new MissingContractError("governor", "describeProposal");
  const read = client.publicClient;
  const details = await findProposal(client, governor, proposalId);
  const [s, supply, current] = await Promise.all([
    getProposalState(client, { proposalId }),
    read.readContract({
      address: client.deployment.token,
      abi: verityTokenAbi,
      functionName: "totalSupply",
    }),
    getParameters(client),
  ]);
  const replaced = s.state === "Executed" ? await replacedValues(client, governor, proposalId) : {};
  const actions = details.targets.map((target, i) => {
    const decoded = decodeProposalAction(client.deployment, {
      target,
      value: details.values[i],
      calldata: details.calldatas[i] as Hex,
    });
    const p = decoded.parameter;
    const oldValue =
      p === undefined
        ? undefined
        : s.state === "Executed"
          ? replaced[p]
          : p === "slashShares"
            ? `${current.challengerShareBps},${current.requesterShareBps}`
            : String(current[p]);
    return { ...decoded, oldValue, summary: describeProposalAction(decoded, oldValue) };
  });

  const quorumReached = s.forVotes + s.abstainVotes >= s.quorum;
  const margin = s.forVotes - s.againstVotes;
  const [opens, closes] = (await moments(client, [details.voteStart, details.voteEnd])) as [
    ProposalMoment,
    ProposalMoment,
  ];
  const who = voter ?? client.walletClient?.account?.address;
  let myVote: DescribeProposalReturnType["myVote"];
  if (who !== undefined) {
    try {
      const voted = await read.readContract({
        address: governor,
        abi: verityGovernorAbi,
        functionName: "hasVoted",
        args: [proposalId, who],
      });
      const cast = voted
        ? (
            await read.getContractEvents({
              address: governor,
              abi: verityGovernorAbi,
              eventName: "VoteCast",
              args: { voter: who },
              fromBlock: details.voteStart,
              strict: true,
            })
          ).find((e) => e.args.proposalId === proposalId)
        : undefined;
      myVote = {
        voter: who,
        voted,
        support: cast ? supportNames[cast.args.support] : undefined,
        weight: cast?.args.weight,
        reason: cast?.args.reason,
      };
    } catch (error) {
      throw toVerityError(error, "hasVoted");
    }
  }
  const { targets: _t, values: _v, calldatas: _c, ...rest } = details;
  return {
    ...rest,
    state: s.state,
    actions,
    tally: {
      forVotes: s.forVotes,
      againstVotes: s.againstVotes,
      abstainVotes: s.abstainVotes,
      quorum: s.quorum,
      quorumShareBps: supply === 0n ? 0 : Number((s.quorum * 10_000n) / supply),
      quorumReached,
      margin,
    },
    defeatedBecause:
      s.state !== "Defeated"
        ? undefined
        : !quorumReached
          ? "quorum not reached"
          : "not more for than against",
    opens,
    closes,
    eta: s.eta,
    myVote,
  };
}

/** The values an executed proposal replaced, from the ParameterChanged events of its execution. */
async function replacedValues(
  client: VerityCoreClient,
  governor: Address,
  proposalId: bigint,
): Promise<Record<string, string>> {
  const executed = (
    await client.publicClient.getContractEvents({
      address: governor,
      abi: verityGovernorAbi,
      eventName: "ProposalExecuted",
      fromBlock: BigInt(client.deployment.startBlock),
      strict: true,
    })
  ).find((e) => e.args.proposalId === proposalId);
  if (executed === undefined) return {};
  const receipt = await client.publicClient.getTransactionReceipt({
    hash: executed.transactionHash,
  });
  const changes = parseEventLogs({
    abi: parametersAbi,
    eventName: "ParameterChanged",
    logs: receipt.logs,
  });
  const out: Record<string, string> = {};
  for (const change of changes) {
    const name = bytes32Name(change.args.name);
    // The treasury is recorded as uint160; the slash shares as two changes.
    out[name] =
      name === "treasury"
        ? `0x${change.args.oldValue.toString(16).padStart(40, "0")}`
        : String(change.args.oldValue);
  }
  if (out.challengerShareBps !== undefined || out.requesterShareBps !== undefined) {
    out.slashShares = `${out.challengerShareBps ?? "?"},${out.requesterShareBps ?? "?"}`;
  }
  return out;
}

/** Times of clock values: a mined block's timestamp, else now plus the recent block time. */
async function moments(
  client: VerityCoreClient,
  blocks: readonly bigint[],
): Promise<ProposalMoment[]> {
  const latest = await client.publicClient.getBlock();
  const span = latest.number > 50n ? 50n : latest.number;
  const earlier =
    span === 0n
      ? latest
      : await client.publicClient.getBlock({ blockNumber: latest.number - span });
  const perBlock = span === 0n ? 12 : Number(latest.timestamp - earlier.timestamp) / Number(span);
  return Promise.all(
    blocks.map(async (block) => {
      if (block <= latest.number) {
        const b = await client.publicClient.getBlock({ blockNumber: block });
        return { block, time: Number(b.timestamp), estimated: false };
      }
      const ahead = Number(block - latest.number);
      return {
        block,
        time: Math.round(Number(latest.timestamp) + ahead * Math.max(perBlock, 1)),
        estimated: true,
      };
    }),
  );
}
