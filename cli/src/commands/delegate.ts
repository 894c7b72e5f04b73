/** `verity delegate ...`: back a provider with VRT, share its earnings and its risk. */

import { type GetDelegationReturnType, GraphqlError } from "@verity/sdk";
import { type Address, formatUnits, isAddress } from "viem";
import { parse, parseAddress, parseAmount } from "../args.js";
import { type CliContext, chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { amount, color, keyValues, type Output, short, table, vrt, when } from "../output.js";

export const delegateUsage = `usage:
  verity delegate <provider> <VRT>                          delegate VRT to a provider (approves first)
  verity delegate undelegate <provider> [<VRT> | --all]     start thawing (one unbonding delay, still slashable)
  verity delegate withdraw <provider>                       take out VRT whose thawing ended
  verity delegate claim <provider>                          claim earnings (payment token)
  verity delegate status [<provider>...] [--delegator <0x..>]
                                                            positions: worth, thawing, earnings, votes, slashes

Delegated VRT adds to the provider's capacity (up to maxDelegationRatio × its own stake), earns
the provider's delegator share of its job earnings, and is slashed only after the provider's own
stake; it keeps voting for you. A provider sets its share with \`verity provider share <percent>\`.

${chainOptionsHelp}
  (on a devnet these act as the spare account unless --account or --private-key says otherwise)`;

const ROLE = "spare";

export async function delegateCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "undelegate":
      return undelegate(rest, output);
    case "withdraw":
      return withdraw(rest, output);
    case "claim":
      return claim(rest, output);
    case "status":
      return status(rest, output);
    default:
      if (sub !== undefined && isAddress(sub, { strict: false })) return delegate(argv, output);
      throw new UsageError(
        sub === undefined
          ? "verity delegate needs a provider and an amount, or a subcommand"
          : `unknown subcommand "delegate ${sub}" (a provider is an address: 0x + 40 hex digits)`,
        delegateUsage,
      );
  }
}

function providerOf(positionals: readonly string[]): Address {
  const provider = parseAddress(positionals[0], "provider", delegateUsage);
  if (provider === undefined)
    throw new UsageError("which provider? Give its address", delegateUsage);
  return provider;
}

async function delegate(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, delegateUsage);
  const provider = providerOf(positionals);
  const value = parseAmount(positionals[1], 18, "the amount (VRT)", delegateUsage);
  const ctx = await cliContext(values, ROLE, output);
  const { hash, approvalHash, shares } = await output.step(
    `approve and delegate ${vrt(value)} to ${short(provider)}`,
    () => ctx.client.delegateStake({ provider, amount: value }),
  );
  const position = await ctx.client.getDelegation({ provider });
  const pool = await ctx.client.getDelegationPool({ provider });
  output.result(
    { transactionHash: hash, approvalHash: approvalHash ?? null, shares, position, pool },
    () => {
      output.line(
        keyValues([
          ["shares", formatUnits(shares, 18)],
          ["your delegation", vrt(position.active)],
          ["provider capacity", `${vrt(pool.capacity)} (${vrt(pool.free)} free)`],
          ["delegator share", percent(pool.delegatorShareBps)],
        ]),
      );
    },
  );
}

async function undelegate(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, all: { type: "boolean" } },
    delegateUsage,
  );
  const provider = providerOf(positionals);
  if (values.all === true && positionals[1] !== undefined)
    throw new UsageError("give an amount or --all, not both", delegateUsage);
  if (values.all !== true && positionals[1] === undefined)
    throw new UsageError("how much? Give an amount of VRT, or --all", delegateUsage);
  const value =
    values.all === true
      ? undefined
      : parseAmount(positionals[1], 18, "the amount (VRT)", delegateUsage);
  const ctx = await cliContext(values, ROLE, output);
  const out = await output.step(
    `undelegate ${value === undefined ? "everything" : vrt(value)} from ${short(provider)}`,
    () => ctx.client.undelegateStake({ provider, amount: value }),
  );
  output.result(
    { transactionHash: out.hash, shares: out.shares, amount: out.amount, releaseAt: out.releaseAt },
    () => {
      output.line(
        keyValues([
          ["thawing", `${vrt(out.amount)} (slashable, earning nothing)`],
          ["withdrawable", when(out.releaseAt)],
        ]),
      );
    },
  );
}

async function withdraw(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, delegateUsage);
  const provider = providerOf(positionals);
  const ctx = await cliContext(values, ROLE, output);
  const { hash, amount: value } = await output.step(
    `withdraw thawed delegation from ${short(provider)}`,
    () => ctx.client.withdrawDelegation({ provider }),
  );
  output.result({ transactionHash: hash, amount: value }, () =>
    output.line(keyValues([["withdrawn", vrt(value)]])),
  );
}

async function claim(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, delegateUsage);
  const provider = providerOf(positionals);
  const ctx = await cliContext(values, ROLE, output);
  const { hash, amount: value } = await output.step(
    `claim delegation earnings from ${short(provider)}`,
    () => ctx.client.claimDelegationEarnings({ provider }),
  );
  output.result({ transactionHash: hash, amount: value }, () =>
    output.line(keyValues([["claimed", amount(value, ctx.payment.decimals, ctx.payment.symbol)]])),
  );
}

type StatusRow = GetDelegationReturnType & {
  delegatorShareBps: number;
  slashed: bigint | null;
  earned: bigint | null;
};

async function status(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, delegator: { type: "string" } },
    delegateUsage,
  );
  const named = positionals.map((p) => {
    const address = parseAddress(p, "provider", delegateUsage);
    if (address === undefined) throw new UsageError("a provider is an address", delegateUsage);
    return address;
  });
  const ctx = await cliContext(values, ROLE, output);
  const delegator =
    parseAddress(values.delegator, "--delegator", delegateUsage) ??
    ctx.client.walletClient?.account?.address;
  if (delegator === undefined)
    throw new UsageError("whose delegations? Pass --delegator <0x..>", delegateUsage);
  const { providers, indexed } = await providersOf(ctx, delegator, named);
  const rows: StatusRow[] = [];
  for (const provider of providers) {
    const [position, pool] = await Promise.all([
      ctx.client.getDelegation({ provider, delegator }),
      ctx.client.getDelegationPool({ provider }),
    ]);
    const totals = indexed.get(provider.toLowerCase());
    rows.push({
      ...position,
      delegatorShareBps: pool.delegatorShareBps,
      slashed: totals?.slashed ?? null,
      earned: totals?.earned ?? null,
    });
  }
  output.result({ delegator, delegations: rows }, () => {
    if (rows.length === 0) {
      output.line(`no delegations for ${delegator}`);
      return;
    }
    const money = (v: bigint | null) => amount(v, ctx.payment.decimals, ctx.payment.symbol);
    output.line(
      table([
        ["provider", "active", "thawing", "withdrawable", "earnings", "share", "votes", "slashed"],
        ...rows.map((r) => [
          short(r.provider),
          vrt(r.active),
          vrt(r.thawing),
          r.releaseAt === 0 ? "-" : when(r.releaseAt),
          money(r.earnings),
          percent(r.delegatorShareBps),
          vrt(r.votes),
          r.slashed === null ? color.dim("?") : vrt(r.slashed),
        ]),
      ]),
    );
  });
}

/**
 * The providers to show: those named, else the delegator's positions from the indexer. The
 * indexer's totals (slashes, earnings over time) come along when it answers.
 */
async function providersOf(
  ctx: CliContext,
  delegator: Address,
  named: Address[],
): Promise<{ providers: Address[]; indexed: Map<string, { slashed: bigint; earned: bigint }> }> {
  const indexed = new Map<string, { slashed: bigint; earned: bigint }>();
  if (ctx.client.graphqlUrl !== undefined) {
    try {
      const page = await ctx.client.listDelegations({ delegator, limit: 1000 });
      for (const d of page.items) indexed.set(d.provider.toLowerCase(), d);
      if (named.length === 0) return { providers: page.items.map((d) => d.provider), indexed };
    } catch (error) {
      if (named.length === 0) {
        const why = error instanceof GraphqlError ? error.shortMessage : (error as Error).message;
        throw new UsageError(
          `cannot list delegations without the indexer (${why}): name the providers, e.g. \`verity delegate status 0x..\``,
          delegateUsage,
        );
      }
    }
  } else if (named.length === 0) {
    throw new UsageError(
      "listing delegations needs the indexer (--graphql); or name the providers: `verity delegate status 0x..`",
      delegateUsage,
    );
  }
  return { providers: named, indexed };
}

export function percent(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}
