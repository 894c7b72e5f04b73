/** `verity provider stake|status|share|unstake|withdraw`: a provider's stake and delegation terms. */
import {
  type GetDelegationPoolReturnType,
  type GetStakeReturnType,
  GraphqlError,
  type IndexedProvider,
} from "@verity/sdk";
import { parse, parseAddress, parseAmount } from "../args.js";
import { chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { amount, color, keyValues, type Output, vrt, when } from "../output.js";
import { percent } from "./delegate.js";

export const providerUsage = `usage:
  verity provider stake --amount <VRT> [--metadata <json>]   register if needed, approve and bond
  verity provider status [--address <0x..>]                   stake, delegation terms, eligibility, track record
  verity provider share <percent>                             the share of your job earnings paid to delegators
                                                              (a raise applies now, a cut after one unbonding delay)
  verity provider unstake --amount <VRT>                      start unbonding free stake
  verity provider withdraw                                    withdraw stake whose unbonding ended

${chainOptionsHelp}
  (on a devnet these act as providerA unless --account or --private-key says otherwise)`;

export async function providerCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "stake":
      return stake(rest, output);
    case "status":
      return status(rest, output);
    case "share":
      return share(rest, output);
    case "unstake":
      return unstake(rest, output);
    case "withdraw":
      return withdraw(rest, output);
    default:
      throw new UsageError(
        sub === undefined
          ? "verity provider needs a subcommand"
          : `unknown subcommand "provider ${sub}"`,
        providerUsage,
      );
  }
}

async function stake(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    { ...chainOptions, amount: { type: "string" }, metadata: { type: "string" } },
    providerUsage,
  );
  const value = parseAmount(values.amount, 18, "--amount", providerUsage);
  let metadata: string = values.metadata ?? JSON.stringify({ endpoint: "", models: [] });
  try {
    JSON.parse(metadata);
  } catch {
    throw new UsageError(
      `--metadata must be JSON, e.g. '{"endpoint":"https://me.example","models":[1]}'`,
      providerUsage,
    );
  }
  const ctx = await cliContext(values, "providerA", output);
  const before = await ctx.client.getStake();
  let registered = false;
  if (!before.registered) {
    await output.step("register as a provider", () => ctx.client.register({ metadata }));
    registered = true;
  } else metadata = "";
  const { hash, approvalHash } = await output.step(`approve and stake ${vrt(value)}`, () =>
    ctx.client.stake({ amount: value }),
  );
  const after = await ctx.client.getStake();
  output.result(
    { registered, approvalHash: approvalHash ?? null, transactionHash: hash, stake: after },
    () => {
      output.line(stakeLines(after));
    },
  );
}

async function status(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(argv, { ...chainOptions, address: { type: "string" } }, providerUsage);
  const address = parseAddress(values.address, "--address", providerUsage);
  const ctx = await cliContext(values, "providerA", output);
  const stake = await ctx.client.getStake(address ? { provider: address } : {});
  const [owed, pool] = await Promise.all([
    ctx.client.claimable({ account: stake.provider }),
    ctx.client.getDelegationPool({ provider: stake.provider }),
  ]);
  let record: IndexedProvider | undefined;
  let indexerProblem: string | undefined;
  if (ctx.client.graphqlUrl !== undefined) {
    try {
      const page = await ctx.client.listProviders({ limit: 1000 });
      record = page.items.find((p) => p.address.toLowerCase() === stake.provider.toLowerCase());
    } catch (error) {
      indexerProblem =
        error instanceof GraphqlError ? error.shortMessage : (error as Error).message;
    }
  }
  output.result({ stake, claimable: owed, delegation: pool, indexed: record ?? null }, () => {
    output.line(
      stakeLines(stake, [["claimable", amount(owed, ctx.payment.decimals, ctx.payment.symbol)]]),
    );
    output.line();
    output.line(delegationLines(pool, stake.locked));
    if (record) {
      output.line();
      output.line(
        keyValues([
          ["bids", `${record.bidsCommitted} committed, ${record.bidsRevealed} revealed`],
          [
            "jobs",
            `${record.jobsWon} won, ${record.jobsCompleted} completed, ${record.jobsLate} late`,
          ],
          ["disputes", `${record.disputesWon} won, ${record.disputesLost} lost`],
          ["earnings", amount(record.earnings, ctx.payment.decimals, ctx.payment.symbol)],
          ["slashed", vrt(record.totalSlashed)],
        ]),
      );
    } else if (indexerProblem) output.note(`(no track record: ${indexerProblem})`);
  });
}

async function share(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, providerUsage);
  const text = positionals[0]?.replace(/%$/, "");
  if (text === undefined || !/^\d+(\.\d{1,2})?$/.test(text) || Number(text) > 100) {
    throw new UsageError(
      `give the delegators' share as a percentage from 0 to 100 (two decimals at most), got "${positionals[0] ?? ""}"`,
      providerUsage,
    );
  }
  const bps = Math.round(Number(text) * 100);
  const ctx = await cliContext(values, "providerA", output);
  const set = await output.step(`set the delegator share to ${percent(bps)}`, () =>
    ctx.client.setDelegatorShare({ bps }),
  );
  output.result(
    { transactionHash: set.hash, bps, scheduled: set.scheduled, effectiveAt: set.effectiveAt },
    () =>
      output.line(
        keyValues([
          ["delegator share", percent(bps)],
          [
            "applies",
            set.scheduled ? `${when(set.effectiveAt)} (a cut waits one unbonding delay)` : "now",
          ],
        ]),
      ),
  );
}

async function unstake(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(argv, { ...chainOptions, amount: { type: "string" } }, providerUsage);
  const value = parseAmount(values.amount, 18, "--amount", providerUsage);
  const ctx = await cliContext(values, "providerA", output);
  const { hash, releaseAt } = await output.step(`request to unstake ${vrt(value)}`, () =>
    ctx.client.requestUnstake({ amount: value }),
  );
  output.result({ transactionHash: hash, releaseAt }, () =>
    output.line(keyValues([["withdrawable", when(releaseAt)]])),
  );
}

async function withdraw(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(argv, { ...chainOptions }, providerUsage);
  const ctx = await cliContext(values, "providerA", output);
  const { hash, amount: value } = await output.step("withdraw unbonded stake", () =>
    ctx.client.withdraw(),
  );
  output.result({ transactionHash: hash, amount: value }, () =>
    output.line(keyValues([["withdrawn", vrt(value)]])),
  );
}

function stakeLines(
  s: GetStakeReturnType,
  extra: readonly (readonly [string, string])[] = [],
): string {
  return keyValues([
    ["provider", s.provider],
    ["registered", s.registered ? "yes" : color.yellow("no")],
    [
      "eligible",
      s.eligible
        ? color.green("yes (may bid)")
        : color.yellow("no (register and stake the minimum)"),
    ],
    ["bonded", vrt(s.bonded)],
    ["locked", vrt(s.locked)],
    ["free", vrt(s.free)],
    [
      "unbonding",
      s.unbonding > 0n ? `${vrt(s.unbonding)}, withdrawable ${when(s.releaseAt)}` : "-",
    ],
    ...extra,
  ]);
}

/** The provider's delegation terms and what delegation adds to what it can take on. */
function delegationLines(pool: GetDelegationPoolReturnType, locked: bigint): string {
  return keyValues([
    ["delegator share", percent(pool.delegatorShareBps)],
    [
      "pending change",
      pool.pendingShare === undefined
        ? "-"
        : `${percent(pool.pendingShare.bps)} from ${when(pool.pendingShare.effectiveAt)}`,
    ],
    [
      "delegated",
      `${vrt(pool.tokens)} active, ${vrt(pool.thawingTokens)} thawing` +
        (pool.overCap > 0n
          ? color.yellow(` (${vrt(pool.overCap)} above the cap backs nothing)`)
          : ""),
    ],
    [
      "capacity",
      `${vrt(pool.capacity)} (own ${vrt(pool.ownStake)} + ${vrt(pool.capacity - pool.ownStake)} delegated), ${vrt(locked)} locked, ${vrt(pool.free)} free`,
    ],
    [
      "delegation cap",
      `${pool.maxDelegationRatio}× own stake; own stake must also cover the penalty floor of all that is locked`,
    ],
  ]);
}
