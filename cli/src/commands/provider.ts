/** `verity provider stake|status|unstake|withdraw`: a provider's stake. */
import { type GetStakeReturnType, GraphqlError, type IndexedProvider } from "@verity/sdk";
import { parse, parseAddress, parseAmount } from "../args.js";
import { chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { amount, color, keyValues, type Output, vrt, when } from "../output.js";

export const providerUsage = `usage:
  verity provider stake --amount <VRT> [--metadata <json>]   register if needed, approve and bond
  verity provider status [--address <0x..>]                   stake, eligibility and track record
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
  const owed = await ctx.client.claimable({ account: stake.provider });
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
  output.result({ stake, claimable: owed, indexed: record ?? null }, () => {
    output.line(
      stakeLines(stake, [["claimable", amount(owed, ctx.payment.decimals, ctx.payment.symbol)]]),
    );
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
