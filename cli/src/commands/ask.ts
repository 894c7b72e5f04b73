/** `verity ask set|show|list|withdraw`: a provider's standing asks, the fast path's offers. */
import type { Address } from "viem";
import { isAddress } from "viem";
import { parse, parseAmount, parseId, parseInteger } from "../args.js";
import { type CliContext, chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { amount, color, keyValues, type Output, table, when } from "../output.js";

export const askUsage = `usage:
  verity ask set --model <id> --price <tokens> --capacity <n> --max-collateral <VRT>
                 --min-window <seconds> [--max-callback-gas <gas>] [--ttl <seconds>]
  verity ask withdraw --model <id>
  verity ask show <provider> --model <id>
  verity ask list --model <id> [--max-price <tokens>]

  set       publish or update your ask: requesters take it with verity job post --fast, and the
            job is yours at once, at this price (in payment tokens, e.g. 0.2 = 0.2 tUSD)
  --capacity        most jobs taken and not yet submitted at once
  --max-collateral  most collateral (VRT) one job may lock through this ask
  --min-window      the shortest execution window (seconds) a job taking the ask may give you:
                    what you need to run the model and have the result mined, with a margin.
                    Required: you cannot refuse a job that takes your ask, and one with a shorter
                    window could only end in a missed deadline, your collateral slashed
  --max-callback-gas  most consumer callback gas a job taking the ask may ask for (you pay it
                    when you finalize to be paid); default 0 = no jobs with a consumer callback
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
      "min-window": { type: "string" },
      "max-callback-gas": { type: "string" },
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
  if (values["min-window"] === undefined)
    throw new UsageError(
      "--min-window <seconds> is required: the shortest execution window a job taking your ask may give you (a shorter one could only end in a missed deadline, slashed)",
      askUsage,
    );
  const minExecutionWindow = parseTerm(values["min-window"], "--min-window", 1, 1);
  const maxCallbackGas = parseTerm(values["max-callback-gas"], "--max-callback-gas", 0, 0);
  const ctx = await cliContext(values, "providerA", output);
  const price = parseAmount(values.price, ctx.payment.decimals, "--price", askUsage);
  const { hash, expiry } = await output.step(`publish an ask for model ${modelId}`, () =>
    ctx.client.setAsk({
      modelId,
      price,
      capacity,
      ttlSeconds,
      maxCollateral,
      minExecutionWindow,
      maxCallbackGas,
    }),
  );
  output.result(
    {
      modelId,
      price,
      capacity,
      maxCollateral,
      minExecutionWindow,
      maxCallbackGas,
      expiry,
      transactionHash: hash,
    },
    () =>
      output.line(
        keyValues([
          ["model", String(modelId)],
          ["price", amount(price, ctx.payment.decimals, ctx.payment.symbol)],
          ["capacity", `${capacity} job(s) at once`],
          ["max collateral", amount(maxCollateral, 18, "VRT")],
          ...termRows({ minExecutionWindow, maxCallbackGas }),
          ["until", when(expiry)],
          ["transaction", hash],
        ]),
      ),
  );
}

/** An ask's term: an integer the ask book keeps in 32 bits. */
function parseTerm(text: string | undefined, flag: string, fallback: number, min: number): number {
  const value = parseInteger(text, flag, fallback, min, askUsage);
  if (value > 0xffff_ffff)
    throw new UsageError(`${flag} must be at most 4294967295 (32 bits), got "${text}"`, askUsage);
  return value;
}

/** The terms a job taking the ask must meet besides price and collateral, in words. */
function termRows(ask: { minExecutionWindow: number; maxCallbackGas: number }): [string, string][] {
  return [
    ["min window", `${ask.minExecutionWindow} s to deliver, at least`],
    [
      "max callback",
      ask.maxCallbackGas === 0 ? "none (no consumer callbacks)" : `${ask.maxCallbackGas} gas`,
    ],
  ];
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
    ...termRows(ask),
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
        [
          "provider",
          "price",
          "in use",
          "min window",
          "max callback",
          "until",
          "takeable",
          "reliability",
        ],
        ...asks.map((a) => [
          a.provider,
          amount(a.price, ctx.payment.decimals, ctx.payment.symbol),
          `${a.active}/${a.capacity}`,
          `${a.minExecutionWindow} s`,
          a.maxCallbackGas === 0 ? "none" : `${a.maxCallbackGas} gas`,
          when(a.expiry),
          a.takeable ? "yes" : "no",
          `${(a.record.reliabilityBps / 100).toFixed(2)}%`,
        ]),
      ]),
    );
  });
}
