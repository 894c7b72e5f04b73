/**
 * The worker's configuration: a plain JSON file, then environment overrides,
 * validated by a zod schema that fills the defaults. Amounts are integers in
 * the token's smallest unit, given as JSON strings (or safe integers);
 * `costPerComputeUnit` may be a decimal string, since one multiply-accumulate
 * costs far less than one unit of the payment token.
 */
import { z } from "zod";
import { ConfigError } from "../errors.js";

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
  z.object(shape).prefault({} as never);

export const workerConfigSchema = z.object({
  rpcUrl: text.default("http://127.0.0.1:8545"),
  /** Several endpoints of the same chain, tried in order (failover); when set, rpcUrl is unused. */
  rpcUrls: z.array(text).min(1, { error: "must list at least one URL" }).optional(),
  /** Per-request timeout: far below the 10 s commit window, so a hung request fails over in time. */
  rpcTimeoutMs: int(100, 60_000).default(3000),
  /** deployments/<chainId>.json written by the forge deploy script. */
  deploymentFile: text,
  /** Keystore file (web3 secret-storage v3); without one the key comes from VERITY_PRIVATE_KEY. */
  keystoreFile: text.optional(),
  stateDir: text.default("./state"),
  modelsDir: text.default("./models"),
  /** The registered models this worker serves, each with its ONNX file (relative to modelsDir). */
  models: z.array(z.object({ id: amount, file: text })).default([]),
  pricing: section({
    /** Payment-token units per compute unit (multiply-accumulate), decimal string. */
    costPerComputeUnit: decimal.default("0"),
    /** Payment-token units added to every job's cost (gas, overhead). */
    fixedCostPerJob: amount.default(0n),
    /** Margin over cost, in basis points. */
    marginBps: int(0, 1_000_000).default(2000),
    /** Never bid below this price. */
    minPrice: amount.default(1n),
  }),
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
  execution: section({
    /** Seconds added to the estimated execution time before comparing it with a job's window. */
    safetySeconds: int(0, 86_400).default(5),
    /** onnxruntime intra-op threads (0 = onnxruntime's default). */
    threads: int(0, 256).default(0),
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
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`));
    const name = path.join("").replace(/^\./, "") || "The configuration";
    return `${name} ${issue.message}`;
  });
  throw new ConfigError(issues[0] ?? "Invalid configuration", {
    ...(issues.length > 1 ? { metaMessages: issues.slice(1) } : {}),
  });
}
