/**
 * The worker's configuration: a plain JSON file, then environment overrides,
 * validated by a zod schema that fills the defaults. Unknown keys are refused
 * (a typo would otherwise silently leave a default in force).
 *
 * Pricing amounts are in the payment token's smallest unit (integers as JSON
 * strings or safe integers; `costPerComputeUnit` may be a decimal string),
 * unless `pricing.decimals` is set: then every pricing amount is in whole
 * tokens ("1.5") and is scaled here; the worker checks at start that the
 * payment token has exactly that many decimals.
 */
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { closestKey, knownKeysAt } from "./keys.js";

/** A non-negative integer amount: a string of digits, or a safe integer. */
const amount = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)], {
    error: "must be a non-negative integer (a string of digits)",
  })
  .transform((value) => BigInt(value));

const int = (min: number, max: number) =>
  z
    .number({ error: `must be an integer in [${min}, ${max}]` })
    .int({ error: `must be an integer in [${min}, ${max}]` })
    .min(min, { error: `must be an integer in [${min}, ${max}]` })
    .max(max, { error: `must be an integer in [${min}, ${max}]` });

const text = z.string().min(1, { error: "must be a non-empty string" });

const decimal = z
  .union([z.string(), z.number().nonnegative()])
  .transform((value) => String(value))
  .refine((value) => /^\d+(\.\d+)?$/.test(value), {
    error: 'must be a non-negative decimal such as "0.002"',
  });

/** `{}` when absent: every field of a section has a default. */
const section = <shape extends z.ZodRawShape>(shape: shape) =>
  z.strictObject(shape).prefault({} as never);

/** A whole-token amount: a non-negative decimal string or number. */
const tokens = z
  .union([z.string(), z.number().nonnegative()])
  .transform((value) => String(value))
  .refine((value) => /^\d+(\.\d+)?$/.test(value), {
    error: 'must be a non-negative decimal amount of tokens such as "1.5"',
  });

const pricing = z
  .strictObject({
    /**
     * The payment token's decimals: when set, the amounts below are whole tokens ("1.5");
     * when absent, they are in the token's smallest unit (the original form).
     */
    decimals: int(0, 36).optional(),
    /** Payment-token units per compute unit (multiply-accumulate), decimal string. */
    costPerComputeUnit: z.union([z.string(), z.number()]).optional(),
    /** Payment-token units added to every job's cost (gas, overhead). */
    fixedCostPerJob: z.union([z.string(), z.number()]).optional(),
    /** Margin over cost, in basis points. */
    marginBps: int(0, 1_000_000).default(2000),
    /** Never bid below this price. */
    minPrice: z.union([z.string(), z.number()]).optional(),
  })
  .prefault({})
  .transform((raw, ctx) => {
    const out = {
      ...(raw.decimals !== undefined ? { decimals: raw.decimals } : {}),
      costPerComputeUnit: "0",
      fixedCostPerJob: 0n,
      marginBps: raw.marginBps,
      minPrice: 1n,
    };
    const field = <T>(name: string, value: unknown, schema: z.ZodType<T>): T | undefined => {
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", message: issue.message, path: [name, ...issue.path] });
      return undefined;
    };
    const scaled = (name: string, value: unknown): string | undefined => {
      if (raw.decimals === undefined) return undefined;
      const human = field(name, value, tokens);
      if (human === undefined) return undefined;
      const [, fraction = ""] = human.split(".");
      // The cost per compute unit may stay fractional in the smallest unit; amounts may not.
      if (name !== "costPerComputeUnit" && fraction.length > raw.decimals) {
        ctx.addIssue({
          code: "custom",
          message: `has more than the token's ${raw.decimals} decimals`,
          path: [name],
        });
        return undefined;
      }
      return shiftDecimal(human, raw.decimals);
    };
    if (raw.costPerComputeUnit !== undefined) {
      const value =
        raw.decimals === undefined
          ? field("costPerComputeUnit", raw.costPerComputeUnit, decimal)
          : scaled("costPerComputeUnit", raw.costPerComputeUnit);
      if (value !== undefined) out.costPerComputeUnit = value;
    }
    for (const name of ["fixedCostPerJob", "minPrice"] as const) {
      if (raw[name] === undefined) continue;
      const value =
        raw.decimals === undefined ? field(name, raw[name], amount) : scaled(name, raw[name]);
      if (value !== undefined) out[name] = BigInt(value);
    }
    return out;
  });

/** `value` x 10^decimals as a decimal string, exact (no float). */
function shiftDecimal(value: string, decimals: number): string {
  const [whole = "0", fraction = ""] = value.split(".");
  const digits = `${whole}${fraction.padEnd(decimals, "0")}`;
  const point = whole.length + decimals;
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const rest = digits.slice(point).replace(/0+$/, "");
  return rest === "" ? intPart : `${intPart}.${rest}`;
}

export const workerConfigSchema = z.strictObject({
  rpcUrl: text.default("http://127.0.0.1:8545"),
  /** Several endpoints of the same chain, tried in order (failover); when set, rpcUrl is unused. */
  rpcUrls: z.array(text).min(1, { error: "must list at least one URL" }).optional(),
  /** Per-request timeout: far below the 10 s commit window, so a hung request fails over in time. */
  rpcTimeoutMs: int(100, 60_000).default(3000),
  /** A read unanswered after this long is sent once more and the first answer wins; 0 turns it off. */
  rpcHedgeMs: int(0, 60_000).default(750),
  /** deployments/<chainId>.json written by the forge deploy script. */
  deploymentFile: text,
  /** Keystore file (web3 secret-storage v3); without one the key comes from VERITY_PRIVATE_KEY. */
  keystoreFile: text.optional(),
  stateDir: text.default("./state"),
  modelsDir: text.default("./models"),
  /** The registered models this worker serves, each with its ONNX file (relative to modelsDir). */
  models: z.array(z.strictObject({ id: amount, file: text })).default([]),
  pricing,
  /** Days a finished (or skipped) job's records are kept after it is done, then pruned. */
  retentionDays: z.number().min(0).max(3650).default(7),
  /** Blocks an event must be buried under before the worker acts on it. */
  confirmations: int(0, 1000).default(2),
  pollIntervalMs: int(50, 600_000).default(500),
  /** First block to read events from on a fresh state directory (default: the deployment's startBlock). */
  startBlock: amount.optional(),
  /** Largest block range of one eth_getLogs. */
  logChunkSize: int(1, 1_000_000).default(2000),
  bidding: section({
    enabled: z.boolean().default(true),
    /** Commit only while at least this many seconds of the commit phase remain. */
    commitMarginSeconds: int(0, 3600).default(2),
  }),
  /**
   * Standing asks (the fast path): one per held model at the pricing's price (cost + margin, at
   * least minPrice), republished before it lapses and withdrawn on a clean stop. A requester who
   * takes one assigns the job to this worker at once; the market never exceeds `capacity`.
   */
  asks: section({
    enabled: z.boolean().default(false),
    /** Jobs taken through an ask and not yet submitted, at most, per model. */
    capacity: int(1, 65_535).default(2),
    /** Seconds an ask lives: what a crash can leave behind (jobs assigned to a worker that is down). */
    ttlSeconds: int(30, 86_400).default(300),
    /** Most collateral one job may lock through the ask, in VRT wei. */
    maxCollateral: amount.default(1000n * 10n ** 18n),
    /**
     * Shortest execution window (seconds) a job taking the ask may give. The worker publishes the
     * larger of this and its own estimate (p99 run time x capacity, three blocks, the safety
     * margin): a requester who could give less could take the ask and report the deadline the
     * worker never had a chance to meet.
     */
    minExecutionWindowSeconds: int(0, 30 * 86_400).default(0),
    /** Most consumer callback gas a job taking the ask may ask for: finality pays it (0: none). */
    maxCallbackGas: int(0, 2_000_000).default(0),
  }),
  execution: section({
    /** Seconds added to the estimated execution time before comparing it with a job's window. */
    safetySeconds: int(0, 86_400).default(5),
    /**
     * onnxruntime intra-op threads (0 = onnxruntime's default, one per core). One is fastest for
     * the small integer models served here: a thread pool only adds wake-ups and contention.
     */
    threads: int(0, 256).default(1),
    warmupRuns: int(1, 10_000).default(20),
  }),
  watch: section({
    enabled: z.boolean().default(false),
    /** Probability that a challenge this worker believes right is lost anyway (bugs, reorgs). */
    lossProbability: z.number().min(0).max(1).default(0.01),
    /** Gas cost of a whole dispute, expressed in protocol-token units. */
    gasCostTokens: amount.default(10n ** 16n),
  }),
  metrics: section({
    enabled: z.boolean().default(true),
    host: text.default("127.0.0.1"),
    port: int(0, 65_535).default(9464),
  }),
  claimIntervalMs: int(0, 86_400_000).default(30_000),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type WorkerConfig = z.output<typeof workerConfigSchema>;

/** The RPC endpoints to use, in order: `rpcUrls` when given, else the single `rpcUrl`. */
export function rpcEndpoints(config: Pick<WorkerConfig, "rpcUrl" | "rpcUrls">): string[] {
  return config.rpcUrls ?? [config.rpcUrl];
}

/** Validates the JSON form (paths are returned as written; load.ts resolves them). */
export function parseConfig(json: unknown): WorkerConfig {
  const parsed = workerConfigSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`));
    const name = path.join("").replace(/^\./, "");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(workerConfigSchema, issue.path);
      return issue.keys.map((key) => {
        const near = closestKey(key, known);
        const where = name === "" ? "" : ` in ${name}`;
        return `Unknown key "${key}"${where}${near ? ` (did you mean "${near}"?)` : ""}; known keys: ${known.join(", ")}`;
      });
    }
    return [`${name || "The configuration"} ${issue.message}`];
  });
  throw new ConfigError(issues[0] ?? "Invalid configuration", {
    ...(issues.length > 1 ? { metaMessages: issues.slice(1) } : {}),
  });
}
