/** `verity ask set|show|list|withdraw`: a provider's standing asks, the fast path's offers. */
import type { Address } from "viem";
import { isAddress } from "viem";
import { parse, parseAmount, parseId, parseInteger } from "../args.js";
import { type CliContext, chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { amount, color, keyValues, type Output, table, when } from "../output.js";

export const askUsage = `usage:
  verity ask set --model <id> --price <tokens> --capacity <n> --max-collateral <VRT> [--ttl <seconds>]
  verity ask withdraw --model <id>
  verity ask show <provider> --model <id>
  verity ask list --model <id> [--max-price <tokens>]

  set       publish or update your ask: requesters take it with verity job post --fast, and the
            job is yours at once, at this price (in payment tokens, e.g. 0.2 = 0.2 tUSD)
  --capacity        most jobs taken and not yet submitted at once
  --max-collateral  most collateral (VRT) one job may lock through this ask
  --ttl             seconds until the ask lapses (default 3600); publish again to extend it
  withdraw  take your ask down (jobs already taken go on)
  list      every active provider's ask for the model (from the indexer's providers), cheapest first

${chainOptionsHelp}`;

export async function askCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "set":
      return set(rest, output);
    case "withdraw":
      return withdraw(rest, output);
    case "show":
      return show(rest, output);
    case "list":
      return list(rest, output);
    default:
      throw new UsageError(
        sub === undefined ? "verity ask needs a subcommand" : `unknown subcommand "ask ${sub}"`,
        askUsage,
      );
  }
}

function modelOf(value: string | undefined): bigint {
  if (value === undefined) throw new UsageError("--model <id> is required", askUsage);
  return parseId(value, "--model", askUsage);
}

async function set(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    {
      ...chainOptions,
      model: { type: "string" },
      price: { type: "string" },
      capacity: { type: "string" },
      "max-collateral": { type: "string" },
      ttl: { type: "string" },
    },
    askUsage,
  );
  const modelId = modelOf(values.model);
  if (values.capacity === undefined)
    throw new UsageError("--capacity <n> is required: jobs you take at once", askUsage);
  const capacity = parseInteger(values.capacity, "--capacity", 1, 1, askUsage);
  const ttlSeconds = parseInteger(values.ttl, "--ttl", 3600, 1, askUsage);
  if (values["max-collateral"] === undefined)
    throw new UsageError("--max-collateral <VRT> is required", askUsage);
  const maxCollateral = parseAmount(values["max-collateral"], 18, "--max-collateral", askUsage);
  const ctx = await cliContext(values, "providerA", output);
  const price = parseAmount(values.price, ctx.payment.decimals, "--price", askUsage);
  const { hash, expiry } = await output.step(`publish an ask for model ${modelId}`, () =>
    ctx.client.setAsk({ modelId, price, capacity, ttlSeconds, maxCollateral }),
  );
  output.result({ modelId, price, capacity, maxCollateral, expiry, transactionHash: hash }, () =>
    output.line(
      keyValues([
        ["model", String(modelId)],
        ["price", amount(price, ctx.payment.decimals, ctx.payment.symbol)],
        ["capacity", `${capacity} job(s) at once`],
        ["max collateral", amount(maxCollateral, 18, "VRT")],
        ["until", when(expiry)],
        ["transaction", hash],
      ]),
    ),
  );
}

async function withdraw(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(argv, { ...chainOptions, model: { type: "string" } }, askUsage);
  const modelId = modelOf(values.model);
  const ctx = await cliContext(values, "providerA", output);
  const { hash } = await output.step(`withdraw the ask for model ${modelId}`, () =>
    ctx.client.withdrawAsk({ modelId }),
  );
  output.result({ modelId, transactionHash: hash }, () =>
    output.line(`ask for model ${modelId} withdrawn`),
  );
}

async function show(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(
    argv,
    { ...chainOptions, model: { type: "string" } },
    askUsage,
  );
  const provider = positionals[0];
  if (provider === undefined || !isAddress(provider))
    throw new UsageError("give the provider's address: verity ask show <provider>", askUsage);
  const modelId = modelOf(values.model);
  const ctx = await cliContext(values, "requester", output);
  const [ask, record] = await Promise.all([
    ctx.client.getAsk({ provider, modelId }),
    ctx.client.getProviderRecord({ provider }),
  ]);
  output.result({ ...ask, record }, () => output.line(keyValues(askRows(ctx, ask, record))));
}

function askRows(
  ctx: CliContext,
  ask: Awaited<ReturnType<CliContext["client"]["getAsk"]>>,
  record: Awaited<ReturnType<CliContext["client"]["getProviderRecord"]>>,
): [string, string][] {
  if (ask.capacity === 0) return [["ask", color.dim("none")]];
  return [
    ["provider", ask.provider],
    ["price", amount(ask.price, ctx.payment.decimals, ctx.payment.symbol)],
    ["in use", `${ask.active} of ${ask.capacity}`],
    ["max collateral", amount(ask.maxCollateral, 18, "VRT")],
    ["until", when(ask.expiry)],
    ["takeable", ask.takeable ? color.green("yes") : color.yellow("no")],
    [
      "record",
      `${record.completed} completed, ${record.missed} missed, ${record.convicted} convicted (${(record.reliabilityBps / 100).toFixed(2)}%)`,
    ],
  ];
}

async function list(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    { ...chainOptions, model: { type: "string" }, "max-price": { type: "string" } },
    askUsage,
  );
  const modelId = modelOf(values.model);
  const ctx = await cliContext(values, "requester", output);
  const providers = (await ctx.client.listProviders({ status: "Active", limit: 1000 })).items.map(
    (p) => p.address as Address,
  );
  const maxPrice =
    values["max-price"] === undefined
      ? undefined
      : parseAmount(values["max-price"], ctx.payment.decimals, "--max-price", askUsage);
  const asks = (
    await Promise.all(
      providers.map(async (provider) => ({
        ...(await ctx.client.getAsk({ provider, modelId })),
        record: await ctx.client.getProviderRecord({ provider }),
      })),
    )
  )
    .filter((a) => a.capacity > 0 && (maxPrice === undefined || a.price <= maxPrice))
    .sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : 0));
  output.result({ modelId, asks }, () => {
    if (asks.length === 0) {
      output.line(`no asks for model ${modelId}: post through the auction (verity job post)`);
      return;
    }
    output.line(
      table([
        ["provider", "price", "in use", "until", "takeable", "reliability"],
        ...asks.map((a) => [
          a.provider,
          amount(a.price, ctx.payment.decimals, ctx.payment.symbol),
          `${a.active}/${a.capacity}`,
          when(a.expiry),
          a.takeable ? "yes" : "no",
          `${(a.record.reliabilityBps / 100).toFixed(2)}%`,
        ]),
      ]),
    );
  });
}
