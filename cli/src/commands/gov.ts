/** `verity gov`: voting power, delegation and parameter proposals, from proposal to execution. */
import {
  type CheckProposalReturnType,
  cancelProposal,
  checkProposal,
  type DescribeProposalReturnType,
  describeProposal,
  encodeParameterChange,
  type GetVotingPowerReturnType,
  getProposalState,
  getVotingPower,
  isParameterName,
  type ParameterChange,
  type ProposalStateName,
  ProposalWouldFailError,
  parameterSetters,
  proposalId,
  scanProposals,
  type VoteSupportName,
  verityGovernorAbi,
} from "@verity/sdk";
import type { Address } from "viem";
import { parse, parseAddress, parseId } from "../args.js";
import { type ChainFlags, chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { color, keyValues, type Output, table, vrt, when } from "../output.js";

const parameterList = [...Object.keys(parameterSetters), "slashShares"].join(", ");

/** One line per subcommand: what a usage error shows (the whole text is `verity gov --help`). */
const lines = {
  power: "verity gov power [address]",
  delegate: "verity gov delegate <address|self> [--liquid | --staked]",
  propose:
    "verity gov propose --set <parameter>=<value> [--set ...] [--description <text>] [--dry-run]",
  list: "verity gov list",
  show: "verity gov show <proposalId>",
  vote: "verity gov vote <proposalId> --support for|against|abstain [--reason <text>]",
  queue: "verity gov queue <proposalId>",
  execute: "verity gov execute <proposalId>",
  cancel: "verity gov cancel <proposalId>",
} as const;
type Sub = keyof typeof lines;
const usageOf = (sub: Sub) => `usage: ${lines[sub]}\n(all options: verity gov --help)`;

export const govUsage = `usage:
  ${lines.power.padEnd(60)} liquid and staked VRT, their delegates, votes, threshold
  ${lines.delegate.padEnd(60)} who votes with your VRT (both kinds by default)
  ${lines.propose}
  ${"".padEnd(60)} checked first: actions that would revert on execution are refused
  ${lines.list.padEnd(60)} every proposal with its state and the next step
  ${lines.show.padEnd(60)} actions (old -> new), tally, quorum, deadlines, your vote
  ${lines.vote}
  ${lines.queue.padEnd(60)} once the vote succeeded
  ${lines.execute.padEnd(60)} once the timelock delay has passed
  ${lines.cancel.padEnd(60)} the proposer, while it is Pending
  verity gov status <proposalId>                               the same as show

  parameters: ${parameterList}
  values are integers in the parameter's unit (seconds, basis points, wei; slashShares=<challengerBps>,<requesterBps>;
  treasury=<address>); each parameter has hard bounds, checked before proposing and enforced on execution.
  Liquid VRT votes once delegated (to yourself included); staked VRT votes for its stake delegate.

${chainOptionsHelp}
  (write commands on a devnet act as the deployer unless --account or --private-key says otherwise)`;

export async function govCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "power":
      return power(rest, output);
    case "delegate":
      return delegate(rest, output);
    case "propose":
      return propose(rest, output);
    case "list":
      return list(rest, output);
    case "show":
    case "status":
      return show(rest, output);
    case "vote":
      return vote(rest, output);
    case "queue":
      return queueOrExecute(rest, output, "queue");
    case "execute":
      return queueOrExecute(rest, output, "execute");
    case "cancel":
      return cancel(rest, output);
    default:
      throw new UsageError(
        sub === undefined
          ? `verity gov needs a subcommand: ${Object.keys(lines).join(", ")}`
          : `unknown subcommand "gov ${sub}"; one of ${Object.keys(lines).join(", ")}`,
        "(all options: verity gov --help)",
      );
  }
}

export function parseChange(text: string): ParameterChange {
  const usage = usageOf("propose");
  const match = /^(\w+)=(.+)$/.exec(text);
  if (!match) throw new UsageError(`--set takes <parameter>=<value>, got "${text}"`, usage);
  const [, name = "", value = ""] = match;
  if (!isParameterName(name)) {
    throw new UsageError(`unknown parameter "${name}"; one of ${parameterList}`, usage);
  }
  if (name === "treasury") {
    if (!/^0x[0-9a-fA-F]{40}$/.test(value))
      throw new UsageError(`treasury must be an address, got "${value}"`, usage);
    return { name, value: value as `0x${string}` };
  }
  if (name === "slashShares") {
    const parts = value.split(",");
    if (parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p))) {
      throw new UsageError(
        `slashShares takes <challengerBps>,<requesterBps>, got "${value}"`,
        usage,
      );
    }
    return { name, value: [Number(parts[0]), Number(parts[1])] as const };
  }
  if (!/^\d+$/.test(value))
    throw new UsageError(`${name} takes a non-negative integer, got "${value}"`, usage);
  return { name, value: BigInt(value) };
}

/** A context for a read-only command: it reads as an account but never says it acts as one. */
function readContext(values: ChainFlags, output: Output) {
  return cliContext(values, "deployer", { ...output, note: () => {} });
}

const bps = (value: number) => `${(value / 100).toFixed(2)}%`;
const delegateText = (to: Address | undefined, self: Address) =>
  to === undefined
    ? "nobody (does not vote)"
    : to.toLowerCase() === self.toLowerCase()
      ? "self"
      : to;

async function power(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, usageOf("power"));
  const account = parseAddress(positionals[0], "address", usageOf("power"));
  const ctx = await readContext(values, output);
  const p = await getVotingPower(ctx.client, { account });
  output.result(p, () => output.line(renderPower(p)));
}

function renderPower(p: GetVotingPowerReturnType): string {
  return keyValues([
    ["account", p.account],
    ["liquid", `${vrt(p.liquid)}, delegated to ${delegateText(p.liquidDelegate, p.account)}`],
    ["staked", `${vrt(p.staked)}, delegated to ${delegateText(p.stakeDelegate, p.account)}`],
    [
      "votes",
      `${color.bold(vrt(p.votes))} (${vrt(p.votesFromLiquid)} liquid + ${vrt(p.votesFromStake)} staked delegated to it), ${bps(p.shareBps)} of the supply`,
    ],
    [
      "threshold",
      `${vrt(p.proposalThreshold)} to propose: ${p.canPropose ? color.green("can propose") : "cannot propose yet"}`,
    ],
  ]);
}

async function delegate(argv: readonly string[], output: Output): Promise<void> {
  const usage = usageOf("delegate");
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, liquid: { type: "boolean" }, staked: { type: "boolean" } },
    usage,
  );
  if (positionals[0] === undefined)
    throw new UsageError("delegate to whom? Give an address, or self", usage);
  if (values.liquid && values.staked)
    throw new UsageError("give --liquid or --staked, or neither for both", usage);
  const to = positionals[0] === "self" ? undefined : parseAddress(positionals[0], "address", usage);
  const ctx = await cliContext(values, "deployer", output);
  const source = values.liquid ? "token" : values.staked ? "stake" : "both";
  const what =
    source === "token" ? "liquid VRT" : source === "stake" ? "staked VRT" : "liquid and staked VRT";
  const sent = await output.step(`delegate ${what} to ${to ?? "self"}`, () =>
    ctx.client.delegate({ delegatee: to, source }),
  );
  const after = await getVotingPower(ctx.client);
  output.result(
    {
      liquidTransactionHash: sent.tokenHash,
      stakedTransactionHash: sent.stakeHash,
      power: after,
    },
    () => {
      output.line(renderPower(after));
      output.line(color.dim("votes delegated now count for proposals made from the next block on"));
    },
  );
}

async function propose(argv: readonly string[], output: Output): Promise<void> {
  const usage = usageOf("propose");
  const { values } = parse(
    argv,
    {
      ...chainOptions,
      set: { type: "string", multiple: true },
      description: { type: "string" },
      "dry-run": { type: "boolean" },
    },
    usage,
  );
  const changes = (values.set ?? []).map(parseChange);
  if (changes.length === 0)
    throw new UsageError("give at least one --set <parameter>=<value>", usage);
  const description =
    values.description ??
    `Set ${changes.map((c) => `${c.name} to ${Array.isArray(c.value) ? c.value.join("/") : String(c.value)}`).join(", ")}`;
  const dryRun = values["dry-run"] === true;
  const ctx = dryRun
    ? await readContext(values, output)
    : await cliContext(values, "deployer", output);
  const checked = await output.step("check the actions as the timelock would make them", () =>
    checkProposal(ctx.client, { parameterChanges: changes }),
  );
  if (dryRun) {
    const actions = changes.map((c) => encodeParameterChange(ctx.deployment, c));
    const id = proposalId(actions, description);
    output.result(
      {
        dryRun: true,
        description,
        proposalId: id,
        simulation: checked.simulation,
        actions: checked.actions,
      },
      () => {
        output.line(
          keyValues([
            ["description", description],
            ["proposal id", String(id)],
          ]),
        );
        renderActions(output, checked.actions, true);
        output.line(color.dim("dry run: nothing was proposed"));
      },
    );
    return;
  }
  const proposed = await output.step(`propose: ${description}`, () =>
    ctx.client.propose({ description, parameterChanges: changes, check: false }),
  );
  output.result(
    {
      proposalId: proposed.proposalId,
      voteStart: proposed.voteStart,
      voteEnd: proposed.voteEnd,
      actions: checked.actions,
      transactionHash: proposed.hash,
    },
    () => {
      output.line(
        keyValues([
          ["proposal", color.bold(String(proposed.proposalId))],
          ["voting opens", `after block ${proposed.voteStart}`],
          ["voting closes", `at block ${proposed.voteEnd}`],
        ]),
      );
      renderActions(output, checked.actions, false);
      output.line(color.dim(`next: verity gov show ${proposed.proposalId}`));
    },
  );
}

function renderActions(
  output: Output,
  actions: CheckProposalReturnType["actions"] | DescribeProposalReturnType["actions"],
  withCalldata: boolean,
): void {
  actions.forEach((a, i) => {
    output.line(`  ${i + 1}. ${a.summary}`);
    if (withCalldata)
      output.line(color.dim(`     to ${a.target} value ${a.value} calldata ${a.calldata}`));
  });
}

/** The command to run next, or none once the proposal can go no further. */
function nextStep(id: bigint, state: ProposalStateName, eta: number): string | undefined {
  switch (state) {
    case "Pending":
      return `wait for voting to open; the proposer may still \`verity gov cancel ${id}\``;
    case "Active":
      return `verity gov vote ${id} --support for|against|abstain`;
    case "Succeeded":
      return `verity gov queue ${id}`;
    case "Queued":
      return `verity gov execute ${id}${eta > Date.now() / 1000 ? ` from ${when(eta)}` : ""}`;
    default:
      return undefined;
  }
}

async function list(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(argv, { ...chainOptions }, usageOf("list"));
  const ctx = await readContext(values, output);
  const governor = ctx.deployment.governor;
  if (governor === undefined) throw new UsageError("this deployment has no governor");
  const proposals = await scanProposals(ctx.client, governor);
  const rows = await Promise.all(
    proposals.reverse().map(async (p) => {
      const s = await getProposalState(ctx.client, { proposalId: p.proposalId });
      return {
        proposalId: p.proposalId,
        proposer: p.proposer,
        description: p.description,
        state: s.state,
        forVotes: s.forVotes,
        againstVotes: s.againstVotes,
        abstainVotes: s.abstainVotes,
        quorum: s.quorum,
        next: nextStep(p.proposalId, s.state, s.eta),
      };
    }),
  );
  output.result({ proposals: rows }, () => {
    if (rows.length === 0) {
      output.line("no proposals yet; make one with `verity gov propose --set <parameter>=<value>`");
      return;
    }
    output.line(
      table([
        ["proposal", "state", "for", "against", "description"],
        ...rows.map((r) => [
          short(r.proposalId),
          r.state,
          vrt(r.forVotes),
          vrt(r.againstVotes),
          r.description.length > 50 ? `${r.description.slice(0, 49)}…` : r.description,
        ]),
      ]),
    );
  });
}

async function show(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, voter: { type: "string" } },
    usageOf("show"),
  );
  const proposalId = parseId(positionals[0], "proposal", usageOf("show"));
  const voter = parseAddress(values.voter, "--voter", usageOf("show"));
  const ctx = await readContext(values, output);
  const p = await describeProposal(ctx.client, { proposalId, voter });
  // A proposal made elsewhere (unchecked) may never execute: say so instead of suggesting it.
  const wouldFail = open.has(p.state) ? await executionFailure(ctx.client, p) : undefined;
  const next = wouldFail ? undefined : nextStep(proposalId, p.state, p.eta);
  output.result({ ...p, next, ...(wouldFail ? { wouldFail } : {}) }, () => {
    const t = p.tally;
    const moment = (m: DescribeProposalReturnType["opens"]) =>
      `${m.estimated ? "~" : ""}${when(m.time)} (block ${m.block})`;
    output.line(
      keyValues([
        ["proposal", String(proposalId)],
        ["description", p.description],
        ["proposer", p.proposer],
        ["state", `${color.bold(p.state)}${p.defeatedBecause ? ` (${p.defeatedBecause})` : ""}`],
        ["for", vrt(t.forVotes)],
        ["against", vrt(t.againstVotes)],
        ["abstain", vrt(t.abstainVotes)],
        [
          "quorum",
          `${vrt(t.quorum)} (${bps(t.quorumShareBps)} of the supply, For + Abstain) ${t.quorumReached ? color.green("(reached)") : "(not reached)"}`,
        ],
        [
          "margin",
          `${t.margin >= 0n ? "+" : "-"}${vrt(t.margin >= 0n ? t.margin : -t.margin)} for`,
        ],
        ["voting opens", moment(p.opens)],
        ["voting closes", moment(p.closes)],
        ...(p.eta > 0 ? ([["executable", when(p.eta)]] as const) : []),
        ...(p.myVote
          ? ([
              [
                "your vote",
                p.myVote.voted
                  ? `${p.myVote.support} with ${vrt(p.myVote.weight)}${p.myVote.reason ? `: "${p.myVote.reason}"` : ""}`
                  : `not cast (${p.myVote.voter})`,
              ],
            ] as const)
          : []),
        ["actions", ""],
      ]),
    );
    renderActions(output, p.actions, false);
    if (wouldFail) output.line(`${color.red("cannot execute:")} ${wouldFail}`);
    if (next) output.line(`${color.dim("next")}  ${next}`);
  });
}

const open = new Set<ProposalStateName>(["Pending", "Active", "Succeeded", "Queued"]);

/** Why the proposal's actions would revert if executed now; undefined when they would not. */
async function executionFailure(
  client: Parameters<typeof checkProposal>[0],
  p: DescribeProposalReturnType,
): Promise<string | undefined> {
  try {
    await checkProposal(client, {
      actions: p.actions.map((a) => ({ target: a.target, value: a.value, calldata: a.calldata })),
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof ProposalWouldFailError)) throw error;
    const why = error.reason?.explanation ?? error.reason?.shortMessage ?? "it reverts";
    return `action ${error.actionIndex + 1} (${error.action.parameter ?? error.action.functionName ?? "call"}) would revert on the current chain: ${why}`;
  }
}

async function vote(argv: readonly string[], output: Output): Promise<void> {
  const usage = usageOf("vote");
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, support: { type: "string" }, reason: { type: "string" } },
    usage,
  );
  const proposalId = parseId(positionals[0], "proposal", usage);
  const support = values.support;
  if (support !== "for" && support !== "against" && support !== "abstain") {
    throw new UsageError(
      `--support must be for, against or abstain${support === undefined ? "" : `, got "${support}"`}`,
      usage,
    );
  }
  const ctx = await cliContext(values, "deployer", output);
  const warning = await zeroWeightWarning(ctx.client, proposalId);
  if (warning) output.note(`${color.yellow("warning:")} ${warning}`);
  const cast = await output.step(`vote ${support} on ${short(proposalId)}`, () =>
    ctx.client.vote({ proposalId, support: support as VoteSupportName, reason: values.reason }),
  );
  output.result(
    {
      proposalId,
      support,
      weight: cast.weight,
      transactionHash: cast.hash,
      ...(warning ? { warning } : {}),
    },
    () => output.line(keyValues([["weight", vrt(cast.weight)]])),
  );
}

/** Why the wallet's vote would count for nothing, naming its delegates; undefined if it counts. */
async function zeroWeightWarning(
  client: Parameters<typeof getVotingPower>[0],
  proposalId: bigint,
): Promise<string | undefined> {
  const governor = client.deployment.governor;
  const account = client.walletClient?.account?.address;
  if (governor === undefined || account === undefined) return undefined;
  const s = await getProposalState(client, { proposalId });
  if (s.snapshot >= s.clock) return undefined;
  const weight = await client.publicClient.readContract({
    address: governor,
    abi: verityGovernorAbi,
    functionName: "getVotes",
    args: [account, s.snapshot],
  });
  if (weight > 0n) return undefined;
  const p = await getVotingPower(client);
  return `${account} had no votes at the proposal's snapshot (block ${s.snapshot}): this vote will count 0. Liquid VRT is delegated to ${delegateText(p.liquidDelegate, account)}, staked VRT to ${delegateText(p.stakeDelegate, account)}; delegation counts only for proposals made after it.`;
}

async function queueOrExecute(
  argv: readonly string[],
  output: Output,
  action: "queue" | "execute",
): Promise<void> {
  const usage = usageOf(action);
  const { values, positionals } = parse(argv, { ...chainOptions }, usage);
  const proposalId = parseId(positionals[0], "proposal", usage);
  const ctx = await cliContext(values, "deployer", output);
  if (action === "queue") {
    const { hash, eta } = await output.step(`queue ${short(proposalId)} in the timelock`, () =>
      ctx.client.queue({ proposalId }),
    );
    output.result({ proposalId, eta, transactionHash: hash }, () =>
      output.line(
        keyValues([
          ["executable", when(eta)],
          ["next", `verity gov execute ${proposalId}`],
        ]),
      ),
    );
  } else {
    const { hash } = await output.step(`execute ${short(proposalId)}`, () =>
      ctx.client.execute({ proposalId }),
    );
    output.result({ proposalId, transactionHash: hash }, () => output.line("executed"));
  }
}

async function cancel(argv: readonly string[], output: Output): Promise<void> {
  const usage = usageOf("cancel");
  const { values, positionals } = parse(argv, { ...chainOptions }, usage);
  const proposalId = parseId(positionals[0], "proposal", usage);
  const ctx = await cliContext(values, "deployer", output);
  const { hash } = await output.step(`cancel ${short(proposalId)}`, () =>
    cancelProposal(ctx.client, { proposalId }),
  );
  output.result({ proposalId, transactionHash: hash }, () => output.line("canceled"));
}

function short(id: bigint): string {
  const text = id.toString();
  return text.length > 16 ? `${text.slice(0, 8)}…${text.slice(-6)}` : text;
}
