/** `verity gov propose|vote|status|queue|execute`: parameter governance. */
import {
  isParameterName,
  type ParameterChange,
  parameterSetters,
  type VoteSupportName,
} from "@verity/sdk";
import { parse, parseId } from "../args.js";
import { chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { color, keyValues, type Output, vrt, when } from "../output.js";

export const govUsage = `usage:
  verity gov propose --set <parameter>=<value> [--set ...] [--description <text>]
  verity gov vote <proposalId> --support for|against|abstain [--reason <text>]
  verity gov status <proposalId>
  verity gov queue <proposalId>       once the vote succeeded
  verity gov execute <proposalId>     once the timelock delay has passed

  parameters: ${[...Object.keys(parameterSetters), "slashShares"].join(", ")}
  values are integers in the parameter's unit (seconds, basis points, wei; slashShares=<challengerBps>,<requesterBps>;
  treasury=<address>); each parameter has hard bounds that the contracts enforce on execution.

${chainOptionsHelp}
  (on a devnet these act as the deployer, who holds the VRT supply and delegated it to itself)`;

export async function govCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "propose":
      return propose(rest, output);
    case "vote":
      return vote(rest, output);
    case "status":
      return status(rest, output);
    case "queue":
      return queueOrExecute(rest, output, "queue");
    case "execute":
      return queueOrExecute(rest, output, "execute");
    default:
      throw new UsageError(
        sub === undefined ? "verity gov needs a subcommand" : `unknown subcommand "gov ${sub}"`,
        govUsage,
      );
  }
}

export function parseChange(text: string): ParameterChange {
  const match = /^(\w+)=(.+)$/.exec(text);
  if (!match) throw new UsageError(`--set takes <parameter>=<value>, got "${text}"`, govUsage);
  const [, name = "", value = ""] = match;
  if (!isParameterName(name)) {
    throw new UsageError(
      `unknown parameter "${name}"; one of ${[...Object.keys(parameterSetters), "slashShares"].join(", ")}`,
      govUsage,
    );
  }
  if (name === "treasury") {
    if (!/^0x[0-9a-fA-F]{40}$/.test(value))
      throw new UsageError(`treasury must be an address, got "${value}"`, govUsage);
    return { name, value: value as `0x${string}` };
  }
  if (name === "slashShares") {
    const parts = value.split(",");
    if (parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p))) {
      throw new UsageError(
        `slashShares takes <challengerBps>,<requesterBps>, got "${value}"`,
        govUsage,
      );
    }
    return { name, value: [Number(parts[0]), Number(parts[1])] as const };
  }
  if (!/^\d+$/.test(value))
    throw new UsageError(`${name} takes a non-negative integer, got "${value}"`, govUsage);
  return { name, value: BigInt(value) };
}

async function propose(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    { ...chainOptions, set: { type: "string", multiple: true }, description: { type: "string" } },
    govUsage,
  );
  const changes = (values.set ?? []).map(parseChange);
  if (changes.length === 0)
    throw new UsageError("give at least one --set <parameter>=<value>", govUsage);
  const description =
    values.description ??
    `Set ${changes.map((c) => `${c.name} to ${Array.isArray(c.value) ? c.value.join("/") : String(c.value)}`).join(", ")}`;
  const ctx = await cliContext(values, "deployer", output);
  const proposed = await output.step(`propose: ${description}`, () =>
    ctx.client.propose({ description, parameterChanges: changes }),
  );
  output.result(
    {
      proposalId: proposed.proposalId,
      voteStart: proposed.voteStart,
      voteEnd: proposed.voteEnd,
      transactionHash: proposed.hash,
    },
    () => {
      output.line(
        keyValues([
          ["proposal", color.bold(String(proposed.proposalId))],
          ["voting opens", `block ${proposed.voteStart + 1n}`],
          ["voting closes", `block ${proposed.voteEnd}`],
        ]),
      );
      output.line(color.dim(`next: verity gov vote ${proposed.proposalId} --support for`));
    },
  );
}

async function vote(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, support: { type: "string" }, reason: { type: "string" } },
    govUsage,
  );
  const proposalId = parseId(positionals[0], "proposal", govUsage);
  const support = values.support;
  if (support !== "for" && support !== "against" && support !== "abstain") {
    throw new UsageError(
      `--support must be for, against or abstain${support === undefined ? "" : `, got "${support}"`}`,
      govUsage,
    );
  }
  const ctx = await cliContext(values, "deployer", output);
  const cast = await output.step(`vote ${support} on ${short(proposalId)}`, () =>
    ctx.client.vote({ proposalId, support: support as VoteSupportName, reason: values.reason }),
  );
  output.result({ proposalId, support, weight: cast.weight, transactionHash: cast.hash }, () =>
    output.line(keyValues([["weight", vrt(cast.weight)]])),
  );
}

async function status(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, govUsage);
  const proposalId = parseId(positionals[0], "proposal", govUsage);
  const ctx = await cliContext(values, "deployer", output);
  const s = await ctx.client.getProposalState({ proposalId });
  const next: Record<string, string> = {
    Pending: `voting opens after block ${s.snapshot}`,
    Active: `voting closes at block ${s.deadline} (now ${s.clock})`,
    Succeeded: `verity gov queue ${proposalId}`,
    Queued: `verity gov execute ${proposalId} from ${when(s.eta)}`,
  };
  output.result(s, () => {
    output.line(
      keyValues([
        ["proposal", short(proposalId)],
        ["state", color.bold(s.state)],
        ["for", vrt(s.forVotes)],
        ["against", vrt(s.againstVotes)],
        ["abstain", vrt(s.abstainVotes)],
        [
          "quorum",
          `${vrt(s.quorum)} ${s.forVotes + s.abstainVotes >= s.quorum ? color.green("(reached)") : "(not reached)"}`,
        ],
        ["snapshot", `block ${s.snapshot}`],
        ["deadline", `block ${s.deadline}`],
        ...(next[s.state] ? ([["next", next[s.state] as string]] as const) : []),
      ]),
    );
  });
}

async function queueOrExecute(
  argv: readonly string[],
  output: Output,
  action: "queue" | "execute",
): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, govUsage);
  const proposalId = parseId(positionals[0], "proposal", govUsage);
  const ctx = await cliContext(values, "deployer", output);
  if (action === "queue") {
    const { hash, eta } = await output.step(`queue ${short(proposalId)} in the timelock`, () =>
      ctx.client.queue({ proposalId }),
    );
    output.result({ proposalId, eta, transactionHash: hash }, () =>
      output.line(keyValues([["executable", when(eta)]])),
    );
  } else {
    const { hash } = await output.step(`execute ${short(proposalId)}`, () =>
      ctx.client.execute({ proposalId }),
    );
    output.result({ proposalId, transactionHash: hash }, () => output.line("executed"));
  }
}

function short(id: bigint): string {
  const text = id.toString();
  return text.length > 16 ? `${text.slice(0, 8)}…${text.slice(-6)}` : text;
}
