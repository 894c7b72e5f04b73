/** `verity job post|wait|show|list`: the requester's side of the market. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { AnyModel } from "@verity/model/types";
import {
  BaseError,
  GraphqlError,
  type IndexedJobHistory,
  type IndexedJobStatus,
  type Job,
  JobFailedError,
  type JobSettlement,
  jobStatuses,
  type WaitForResultReturnType,
  WaitForResultTimeoutError,
} from "@verity/sdk";
import { type Hex, hexToBytes, isAddress, isHex } from "viem";
import { parse, parseAmount, parseId, parseInteger } from "../args.js";
import { type CliContext, chainOptions, chainOptionsHelp, cliContext } from "../context.js";
import {
  digitInput,
  heldOutDigits,
  loadSampleModel,
  SAMPLE_MODELS,
  sampleModelFiles,
} from "../devnet/mnist.js";
import { paths, repoRoot } from "../devnet/paths.js";
import { UsageError } from "../errors.js";
import { amount, color, keyValues, type Output, short, table, when } from "../output.js";

export const jobUsage = `usage:
  verity job post --model <id> --max-price <tokens> (--digit <0-9> | --input <0xhex|@file> | --input-uri <uri> --input-hash <0xhash>)
                  [--window <seconds>] [--min-collateral <VRT>] [--reauction] [--count <n>] [--wait] [--provisional]
                  [--fast [--provider <address>]]
  verity job wait <jobId> [--provisional] [--finalize] [--timeout <seconds>]
  verity job settle <jobId>   close an auction whose reveal window ended (no valid bid: refunds)
  verity job cancel <jobId>   cancel a job nobody has bid on yet (refunds)
  verity job show <jobId>
  verity job list [--status <status>] [--limit <n>]

  --digit         a held-out MNIST digit of this class, quantized for the sample model
  --max-price     escrowed maximum, in payment tokens (e.g. 5 = 5 tUSD); the winning bid is paid
  --window        seconds the winner has to submit (default 600)
  --min-collateral  the least protocol-token collateral (in VRT, e.g. 500) the winner must lock,
                  for results worth more than their price; the job takes the largest of this, the
                  collateral its price sets and the per-job floor, and every bidder locks it at commit
  --fast          take a provider's standing ask instead of an auction: the job is assigned in the
                  posting transaction at the ask's price (the cheapest takeable ask whose terms
                  the job meets: price within --max-price, --window at least the ask's min window;
                  or --provider's, refused by the market if the job does not meet them); see
                  verity ask list
  --count         post the same job n times in one go: one approval, every post sent without
                  waiting for the one before (follow them with verity job wait <id>); with --fast,
                  spread over the cheapest asks by their free room
  --wait          wait for the result after posting (final, or --provisional)
  --finalize      finalize the job yourself once its challenge window ends
  --timeout       give up waiting after this many seconds (default 1800; 0 waits for ever). While
                  waiting, a stalled job is moved on for you: an auction nobody settled is settled
                  (with no bid that refunds you), a provider past its deadline is reported (refund)
  --skip-width-check  leave the input width check to the market (which refuses other widths too)

${chainOptionsHelp}`;

export async function jobCommand(argv: readonly string[], output: Output): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "post":
      return post(rest, output);
    case "wait":
      return wait(rest, output);
    case "settle":
      return settle(rest, output);
    case "cancel":
      return cancel(rest, output);
    case "show":
      return show(rest, output);
    case "list":
      return list(rest, output);
    default:
      throw new UsageError(
        sub === undefined ? "verity job needs a subcommand" : `unknown subcommand "job ${sub}"`,
        jobUsage,
      );
  }
}

async function post(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    {
      ...chainOptions,
      model: { type: "string" },
      "max-price": { type: "string" },
      digit: { type: "string" },
      input: { type: "string" },
      "input-uri": { type: "string" },
      "input-hash": { type: "string" },
      window: { type: "string" },
      "min-collateral": { type: "string" },
      reauction: { type: "boolean" },
      wait: { type: "boolean" },
      provisional: { type: "boolean" },
      finalize: { type: "boolean" },
      timeout: { type: "string" },
      count: { type: "string" },
      fast: { type: "boolean" },
      provider: { type: "string" },
      "skip-width-check": { type: "boolean" },
    },
    jobUsage,
  );
  if (values.model === undefined)
    throw new UsageError("--model <id> is required: the registered model to run", jobUsage);
  const modelId = parseId(values.model, "--model", jobUsage);
  const sources = [values.digit, values.input, values["input-uri"]].filter(
    (v) => v !== undefined,
  ).length;
  if (sources !== 1) {
    throw new UsageError(
      "give exactly one input: --digit <0-9>, --input <0xhex|@file>, or --input-uri with --input-hash",
      jobUsage,
    );
  }
  const executionWindow = parseInteger(values.window, "--window", 600, 1, jobUsage);
  const minCollateral =
    values["min-collateral"] === undefined
      ? 0n
      : parseAmount(values["min-collateral"], 18, "--min-collateral", jobUsage);
  const count = parseInteger(values.count, "--count", 1, 1, jobUsage);
  if (count > 1 && values.wait)
    throw new UsageError(
      "--wait follows one job: post the batch, then follow each with verity job wait <id>",
      jobUsage,
    );
  checkDigit(values.digit);
  const ctx = await cliContext(values, "requester", output);
  const input = await readInput(values, () => sampleModelOf(ctx, modelId));
  const maxPrice = parseAmount(values["max-price"], ctx.payment.decimals, "--max-price", jobUsage);
  const base = {
    modelId,
    maxPrice,
    executionWindow,
    minCollateral,
    checkInputWidth: !values["skip-width-check"],
  };
  const job = {
    ...base,
    reauction: values.reauction ?? false,
    ...(input.kind === "inline"
      ? { input: input.bytes }
      : { inputUri: input.uri, inputHash: input.hash }),
  };
  if (values.fast) {
    if (input.kind !== "inline") throw new UsageError("--fast takes an inline input", jobUsage);
    if (values.provider !== undefined && !isAddress(values.provider))
      throw new UsageError(`--provider must be an address, got "${values.provider}"`, jobUsage);
    if (count > 1)
      return postFastBatch(ctx, { ...base, input: input.bytes }, count, values, output);
    const provider =
      values.provider !== undefined
        ? (values.provider as Hex)
        : (
            await output.step("pick the cheapest ask whose terms the job meets", () =>
              ctx.client.pickAsk({ modelId, maxPrice, executionWindow }),
            )
          ).provider;
    const fast = await output.step(
      `post a fast job on model ${modelId} to ${short(provider)}`,
      () => ctx.client.postJobWithAsk({ ...base, provider, input: input.bytes }),
    );
    const fastSummary = {
      jobId: fast.jobId,
      modelId,
      maxPrice,
      provider: fast.provider,
      price: fast.price,
      collateral: fast.collateral,
      deadline: fast.deadline,
      transactionHash: fast.hash,
      ...(input.label !== undefined ? { digitLabel: input.label } : {}),
    };
    return followPosted(ctx, fast.jobId, fastSummary, values, output, [
      ["job", color.bold(String(fast.jobId))],
      ["assigned to", fast.provider],
      ["price", fmt(ctx, fast.price)],
      ["result due", when(fast.deadline)],
      ["transaction", fast.hash],
    ]);
  }
  if (count > 1) {
    const { posted } = await output.step(
      `post ${count} jobs on model ${modelId} (max ${fmt(ctx, maxPrice)} each)`,
      () => ctx.client.postJobs({ jobs: Array.from({ length: count }, () => job) }),
    );
    output.result(
      {
        modelId,
        maxPrice,
        jobs: posted.map((p) => ({
          jobId: p.jobId,
          collateral: p.collateral,
          revealDeadline: p.revealDeadline,
          transactionHash: p.hash,
        })),
      },
      () => {
        output.line(
          table([
            ["job", "collateral", "reveals until", "transaction"],
            ...posted.map((p) => [
              String(p.jobId),
              amount(p.collateral, 18, "VRT"),
              when(p.revealDeadline),
              p.hash,
            ]),
          ]),
        );
        output.line(color.dim(`next: verity job wait <id>, or verity job list`));
      },
    );
    return;
  }

  const posted = await output.step(
    `post a job on model ${modelId} (max ${fmt(ctx, maxPrice)})`,
    () => ctx.client.postJob(job),
  );
  const summary = {
    jobId: posted.jobId,
    modelId,
    maxPrice,
    inputHash: posted.inputHash,
    collateral: posted.collateral,
    commitDeadline: posted.commitDeadline,
    revealDeadline: posted.revealDeadline,
    transactionHash: posted.hash,
    ...(input.label !== undefined ? { digitLabel: input.label } : {}),
  };
  return followPosted(ctx, posted.jobId, summary, values, output, [
    ["job", color.bold(String(posted.jobId))],
    ["input hash", posted.inputHash],
    ["collateral", amount(posted.collateral, 18, "VRT")],
    ["bids until", when(posted.commitDeadline)],
    ["reveals until", when(posted.revealDeadline)],
    ["transaction", posted.hash],
  ]);
}

/** After a post: print what was posted, or with --wait follow the job to its result. */
async function followPosted(
  ctx: CliContext,
  jobId: bigint,
  summary: Record<string, unknown>,
  values: {
    wait?: boolean | undefined;
    provisional?: boolean | undefined;
    finalize?: boolean | undefined;
    timeout?: string | undefined;
  },
  output: Output,
  rows: [string, string][],
): Promise<void> {
  if (!values.wait) {
    output.result(summary, () => {
      output.line(keyValues(rows));
      output.line(color.dim(`next: verity job wait ${jobId}`));
    });
    return;
  }
  const result = await waitWithProgress(ctx, jobId, values, output);
  const settlement = await settlementOf(ctx, result);
  output.result({ ...summary, result: resultJson(result, settlement) }, () =>
    printResult(ctx, result, settlement, output),
  );
}

type Input =
  | { kind: "inline"; bytes: Hex; label?: number | undefined }
  | { kind: "uri"; uri: string; hash: Hex; label?: undefined };

function checkDigit(digit: string | undefined): void {
  if (digit !== undefined && !/^[0-9]$/.test(digit))
    throw new UsageError(`--digit must be one digit 0-9, got "${digit}"`, jobUsage);
}

/**
 * The sample MNIST model (MLP or CNN) that model `modelId` is, by its registered artifact hash:
 * a digit is quantized for the very model that will run it.
 */
async function sampleModelOf(ctx: CliContext, modelId: bigint): Promise<AnyModel> {
  const root = repoRoot();
  const onchain = await ctx.client.getModel({ modelId });
  for (const name of SAMPLE_MODELS) {
    const files = sampleModelFiles(root, name);
    if (!existsSync(files.meta) || !existsSync(files.integer)) continue;
    const meta = JSON.parse(await readFile(files.meta, "utf8")) as { artifactHash?: string };
    if (meta.artifactHash?.toLowerCase() === onchain.artifactHash.toLowerCase())
      return loadSampleModel(root, name);
  }
  throw new UsageError(
    `--digit works with the sample MNIST models (${SAMPLE_MODELS.join(", ")} in ${paths.modelsDir(root)}); model ${modelId} is neither: give its input with --input`,
  );
}

async function readInput(
  values: {
    digit?: string | undefined;
    input?: string | undefined;
    "input-uri"?: string | undefined;
    "input-hash"?: string | undefined;
  },
  sampleModel: () => Promise<AnyModel>,
): Promise<Input> {
  if (values.digit !== undefined) {
    checkDigit(values.digit);
    const label = Number(values.digit);
    const digit = heldOutDigits(10 * 7).filter((d) => d.label === label)[
      Math.floor(Math.random() * 7)
    ];
    if (digit === undefined) throw new Error("no held-out digit");
    const bytes = digitInput(await sampleModel(), digit);
    return { kind: "inline", bytes: `0x${Buffer.from(bytes).toString("hex")}`, label };
  }
  if (values.input !== undefined) {
    if (values.input.startsWith("@")) {
      const path = values.input.slice(1);
      const bytes = await readFile(path).catch(() => {
        throw new UsageError(`cannot read the input file ${path}`);
      });
      if (bytes.length === 0) throw new UsageError(`the input file ${path} is empty`);
      return { kind: "inline", bytes: `0x${bytes.toString("hex")}` };
    }
    if (
      !isHex(values.input, { strict: true }) ||
      values.input.length < 4 ||
      values.input.length % 2 !== 0
    ) {
      throw new UsageError(
        `--input must be 0x-prefixed hex bytes or @<file>, got "${short(values.input, 12)}"`,
        jobUsage,
      );
    }
    return { kind: "inline", bytes: values.input };
  }
  const uri = values["input-uri"] as string;
  const hash = values["input-hash"];
  if (hash === undefined || !isHex(hash, { strict: true }) || hash.length !== 66) {
    throw new UsageError(
      "--input-uri needs --input-hash, the keccak256 of the bytes at the URI (0x + 64 hex digits)",
      jobUsage,
    );
  }
  return { kind: "uri", uri, hash };
}

async function wait(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      ...chainOptions,
      provisional: { type: "boolean" },
      finalize: { type: "boolean" },
      timeout: { type: "string" },
    },
    jobUsage,
  );
  const jobId = parseId(positionals[0], "job", jobUsage);
  const ctx = await cliContext(values, "requester", output);
  const result = await waitWithProgress(ctx, jobId, values, output);
  const settlement = await settlementOf(ctx, result);
  output.result(resultJson(result, settlement), () => printResult(ctx, result, settlement, output));
}

async function waitWithProgress(
  ctx: CliContext,
  jobId: bigint,
  values: {
    provisional?: boolean | undefined;
    finalize?: boolean | undefined;
    timeout?: string | undefined;
  },
  output: Output,
): Promise<WaitForResultReturnType> {
  const seconds = parseInteger(values.timeout, "--timeout", DEFAULT_WAIT_SECONDS, 0, jobUsage);
  const started = Date.now();
  try {
    return await ctx.client.waitForResult({
      jobId,
      until: values.provisional ? "provisional" : "final",
      finalize: values.finalize ?? false,
      timeout: seconds === 0 ? undefined : seconds * 1000,
      onStatusChange: (job) =>
        output.line(
          `${color.dim(`[${Math.round((Date.now() - started) / 1000)}s]`.padStart(6))} ${describe(ctx, job)}`,
        ),
    });
  } catch (error) {
    if (error instanceof WaitForResultTimeoutError)
      throw new WaitGaveUpError(jobId, seconds, error.job);
    if (error instanceof JobFailedError) throw new JobEndedError(error);
    throw error;
  }
}

/** Long enough for the devnet's windows and a dispute; `--timeout 0` waits for ever. */
const DEFAULT_WAIT_SECONDS = 1800;

/** `job wait` gave up: where the job stands and what the requester can do about it. */
class WaitGaveUpError extends BaseError {
  override name = "WaitGaveUpError";
  constructor(jobId: bigint, seconds: number, job: Job | undefined) {
    super(`gave up after ${seconds} s waiting for job ${jobId} (${job?.status ?? "unknown"})`, {
      metaMessages: job === undefined ? [] : whatNow(job),
    });
  }
}

function whatNow(job: Job): string[] {
  const again = `wait again: verity job wait ${job.id} [--timeout <seconds>]`;
  switch (job.status) {
    case "Bidding":
      return job.provider === undefined
        ? [
            `no valid bid yet (bids until ${when(job.commitDeadline)}, reveals until ${when(job.revealDeadline)}): does a staked provider serve model ${job.modelId}?`,
            `after the reveal window: verity job settle ${job.id} refunds you; before any bid: verity job cancel ${job.id}`,
          ]
        : [`won by ${short(job.provider)}, not yet settled: verity job settle ${job.id}`, again];
    case "Assigned":
      return [
        `${short(job.provider)} has until ${when(job.deadline)} to submit; after that waiting reports it and you are refunded`,
        again,
      ];
    case "Submitted":
      return [
        `a result is in, challengeable until ${when(job.deadline)}: read it now with --provisional`,
        again,
      ];
    case "Disputed":
      return [`a challenger disputes the result; its moves: verity job show ${job.id}`, again];
    default:
      return [again];
  }
}

/** The job ended without a result: why, and where the money went. */
class JobEndedError extends BaseError {
  override name = "JobEndedError";
  constructor(failed: JobFailedError) {
    super(failed.shortMessage, {
      metaMessages: [
        "your escrow was credited back to you: withdraw it with verity claim",
        ...(failed.job.provider !== undefined && failed.status !== "Cancelled"
          ? [`the provider's record: verity provider status ${failed.job.provider}`]
          : []),
      ],
    });
  }
}

async function settle(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, chainOptions, jobUsage);
  const jobId = parseId(positionals[0], "job", jobUsage);
  const ctx = await cliContext(values, "requester", output);
  const { hash } = await output.step(`settle the auction of job ${jobId}`, () =>
    ctx.client.settleAuction({ jobId }),
  );
  const job = await ctx.client.getJob({ jobId });
  output.result(
    { jobId, status: job.status, provider: job.provider ?? null, transactionHash: hash },
    () =>
      output.line(
        job.status === "Expired"
          ? `job ${jobId} had no valid bid: expired, your escrow is credited back (verity claim)`
          : `job ${jobId} ${describe(ctx, job)}`,
      ),
  );
}

async function cancel(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, chainOptions, jobUsage);
  const jobId = parseId(positionals[0], "job", jobUsage);
  const ctx = await cliContext(values, "requester", output);
  const { hash } = await output.step(`cancel job ${jobId}`, () => ctx.client.cancelJob({ jobId }));
  output.result({ jobId, status: "Cancelled", transactionHash: hash }, () =>
    output.line(`job ${jobId} cancelled: your escrow is credited back (verity claim)`),
  );
}

function describe(ctx: CliContext, job: Job): string {
  const status = color.bold(job.status.padEnd(9));
  switch (job.status) {
    case "Bidding":
      return `${status} sealed bids until ${when(job.commitDeadline)}, reveals until ${when(job.revealDeadline)}`;
    case "Assigned":
      return `${status} won by ${short(job.provider)} at ${fmt(ctx, job.price)}; result due ${when(job.deadline)}`;
    case "Submitted":
      return `${status} result in; challengeable until ${when(job.deadline)}`;
    case "Disputed":
      return `${status} a challenger disputes the result; the dispute game decides`;
    case "Finalized":
      return `${status} settled at ${fmt(ctx, job.price)} with ${short(job.provider)} (the split below)`;
    default:
      return `${status}`;
  }
}

/** The escrow's split once the job is finalized (undefined for a provisional result). */
async function settlementOf(
  ctx: CliContext,
  r: WaitForResultReturnType,
): Promise<JobSettlement | undefined> {
  return r.status === "Finalized" ? ctx.client.getSettlement({ jobId: r.jobId }) : undefined;
}

/** Where the escrow went: the provider's payment, the protocol fee, the refund. */
function settlementJson(s: JobSettlement | undefined) {
  return s === undefined
    ? null
    : { payment: s.payment, fee: s.fee, refund: s.refund, transactionHash: s.transactionHash };
}

function settlementRows(ctx: CliContext, s: JobSettlement | undefined): [string, string][] {
  if (s === undefined) return [];
  return [
    ["paid to provider", fmt(ctx, s.payment)],
    ["protocol fee", `${fmt(ctx, s.fee)} (to the treasury)`],
    ["refunded", `${fmt(ctx, s.refund)} (claim with verity claim)`],
  ];
}

function resultJson(r: WaitForResultReturnType, settlement: JobSettlement | undefined) {
  return {
    settlement: settlementJson(settlement),
    jobId: r.jobId,
    status: r.status,
    final: r.final,
    provider: r.provider,
    price: r.price,
    output: r.output ?? null,
    outputUri: r.outputUri ?? null,
    outputHash: r.outputHash,
    traceRoot: r.traceRoot,
    challengeDeadline: r.challengeDeadline,
    ...classification(r.output),
  };
}

/** For small int8 outputs (a classifier's logits), the values and the predicted class. */
function classification(output: Hex | undefined): { logits?: number[]; predictedClass?: number } {
  if (output === undefined) return {};
  const bytes = hexToBytes(output);
  if (bytes.length === 0 || bytes.length > 64) return {};
  const logits = Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  const predictedClass = logits.indexOf(Math.max(...logits));
  return { logits, predictedClass };
}

function printResult(
  ctx: CliContext,
  r: WaitForResultReturnType,
  settlement: JobSettlement | undefined,
  output: Output,
): void {
  const { logits, predictedClass } = classification(r.output);
  output.line();
  output.line(
    keyValues([
      [
        "job",
        `${r.jobId} ${r.final ? color.green("final") : color.yellow("provisional (still challengeable)")}`,
      ],
      ["provider", r.provider],
      ["price", fmt(ctx, r.price)],
      ...settlementRows(ctx, settlement),
      ["output", r.output ? short(r.output, 34) : `at ${r.outputUri}`],
      ...(logits
        ? ([
            ["int8 logits", logits.join(" ")],
            ["class", color.bold(String(predictedClass))],
          ] as const)
        : []),
      ["output hash", r.outputHash],
      ["trace root", r.traceRoot],
    ]),
  );
}

async function show(argv: readonly string[], output: Output): Promise<void> {
  const { values, positionals } = parse(argv, { ...chainOptions }, jobUsage);
  const jobId = parseId(positionals[0], "job", jobUsage);
  const ctx = await cliContext(values, "requester", output);
  const job = await ctx.client.getJob({ jobId });
  const result = await ctx.client.getResult({ jobId, job });
  const settlement =
    job.status === "Finalized" ? await ctx.client.getSettlement({ jobId }) : undefined;
  let history: IndexedJobHistory | null | undefined;
  let indexerProblem: string | undefined;
  if (ctx.client.graphqlUrl !== undefined) {
    try {
      history = await ctx.client.getJobHistory({ jobId });
    } catch (error) {
      indexerProblem =
        error instanceof GraphqlError ? error.shortMessage : (error as Error).message;
    }
  }
  const json = { job, result: result ?? null, settlement: settlementJson(settlement) };
  output.result({ ...json, history: history ?? null }, () => {
    output.line(
      keyValues([
        ["job", color.bold(String(job.id))],
        ["status", color.bold(job.status)],
        ["model", String(job.modelId)],
        ["requester", job.requester],
        ["max price", fmt(ctx, job.maxPrice)],
        ["provider", job.provider ?? "-"],
        ["price", job.provider ? fmt(ctx, job.price) : "-"],
        ...settlementRows(ctx, settlement),
        ["collateral", job.collateral > 0n ? amount(job.collateral, 18, "VRT") : "-"],
        ["round", String(job.round)],
        ["input hash", job.inputHash],
        ["deadline", when(job.deadline)],
        ["output", result?.output ? short(result.output, 34) : (result?.outputUri ?? "-")],
        ...(result ? ([["output hash", result.outputHash]] as const) : []),
      ]),
    );
    if (history) {
      if (history.bids.length > 0) {
        output.line();
        output.line(
          table([
            ["bidder", "round", "price", "revealed", "won"],
            ...history.bids.map((b) => [
              short(b.bidder),
              String(b.round),
              b.price === null ? "sealed" : fmt(ctx, b.price),
              b.revealed ? "yes" : b.forfeited ? color.red("forfeited") : "no",
              b.won ? color.green("yes") : "no",
            ]),
          ]),
        );
      }
      if (history.statusChanges.length > 0) {
        output.line();
        output.line(
          table([
            ["block", "time", "status"],
            ...history.statusChanges.map((s) => [
              String(s.blockNumber),
              new Date(Number(s.timestamp) * 1000).toLocaleTimeString(),
              `${s.from ?? "-"} → ${s.to}`,
            ]),
          ]),
        );
      }
      if (history.disputes.length > 0) {
        output.line();
        output.line(
          table([
            ["dispute", "challenger", "outcome", "slashed", "reward"],
            ...history.disputes.map((d) => [
              String(d.seq),
              short(d.challenger),
              d.outcome,
              d.slashed === null ? "-" : amount(d.slashed, 18, "VRT"),
              d.reward === null ? "-" : amount(d.reward, 18, "VRT"),
            ]),
          ]),
        );
      }
    } else if (indexerProblem) output.note(`(no history: ${indexerProblem})`);
  });
}

async function list(argv: readonly string[], output: Output): Promise<void> {
  const { values } = parse(
    argv,
    { ...chainOptions, status: { type: "string" }, limit: { type: "string" } },
    jobUsage,
  );
  // The contract's JobStatus (generated), without None: no job is ever listed in it.
  const statuses: readonly string[] = jobStatuses.slice(1);
  if (values.status !== undefined && !statuses.includes(values.status)) {
    throw new UsageError(`--status must be one of ${statuses.join(", ")}`, jobUsage);
  }
  const ctx = await cliContext(values, "requester", output);
  const page = await ctx.client.listJobs({
    status: values.status as IndexedJobStatus | undefined,
    limit: parseInteger(values.limit, "--limit", 20, 1, jobUsage),
  });
  output.result(page, () => {
    if (page.items.length === 0) {
      output.line("no jobs yet");
      return;
    }
    output.line(
      table([
        ["job", "model", "status", "max price", "price", "provider", "posted"],
        ...page.items.map((j) => [
          String(j.id),
          String(j.modelId),
          j.status,
          fmt(ctx, j.maxPrice),
          // No bid leads yet: the indexer says price 0 (as getJob does), which is no price.
          j.provider === null ? "-" : fmt(ctx, j.price),
          short(j.provider),
          new Date(Number(j.postedAt) * 1000).toLocaleTimeString(),
        ]),
      ]),
    );
    output.line(color.dim(`${page.items.length} of ${page.totalCount}`));
  });
}

function fmt(ctx: CliContext, value: bigint): string {
  return amount(value, ctx.payment.decimals, ctx.payment.symbol);
}

/**
 * `--fast --count n`: the jobs spread over the cheapest asks whose terms they meet, by their free
 * room (or all on `--provider`), posted in one batch; each is assigned in its own post.
 */
async function postFastBatch(
  ctx: CliContext,
  job: { modelId: bigint; maxPrice: bigint; executionWindow: number; input: Hex } & Record<
    string,
    unknown
  >,
  count: number,
  values: { provider?: string | undefined },
  output: Output,
): Promise<void> {
  const providers =
    values.provider !== undefined
      ? new Array<Hex>(count).fill(values.provider as Hex)
      : await output.step(`pick asks with room for ${count} jobs`, () =>
          ctx.client.pickAsks({
            modelId: job.modelId,
            maxPrice: job.maxPrice,
            executionWindow: job.executionWindow,
            count,
          }),
        );
  const { posted } = await output.step(
    `post ${count} fast jobs on model ${job.modelId} (max ${fmt(ctx, job.maxPrice)} each)`,
    () => ctx.client.postJobs({ jobs: providers.map((provider) => ({ ...job, provider })) }),
  );
  output.result(
    {
      modelId: job.modelId,
      maxPrice: job.maxPrice,
      jobs: posted.map((p) => ({
        jobId: p.jobId,
        provider: p.assigned?.provider,
        price: p.assigned?.price,
        collateral: p.collateral,
        deadline: p.assigned?.executionDeadline,
        transactionHash: p.hash,
      })),
    },
    () => {
      output.line(
        table([
          ["job", "assigned to", "price", "result due", "transaction"],
          ...posted.map((p) => [
            String(p.jobId),
            p.assigned?.provider ?? "",
            p.assigned === undefined ? "" : fmt(ctx, p.assigned.price),
            p.assigned === undefined ? "" : when(p.assigned.executionDeadline),
            p.hash,
          ]),
        ]),
      );
      output.line(color.dim(`next: verity job wait <id>, or verity job list`));
    },
  );
}
