/**
 * The worker's configuration: a plain JSON file, then environment overrides.
 * Amounts are integers in the token's smallest unit, given as JSON strings (or
 * safe integers); `costPerComputeUnit` may be a decimal string, since one
 * multiply-accumulate costs far less than one unit of the payment token.
 */
import { ConfigError } from "../errors.js";

export type CorruptActivation = { layer: number; index: number };

export type WorkerConfig = {
  rpcUrl: string;
  /** deployments/<chainId>.json written by the forge deploy script. */
  deploymentFile: string;
  /** Keystore file (web3 secret-storage v3); without one the key comes from VERITY_PRIVATE_KEY. */
  keystoreFile: string | undefined;
  stateDir: string;
  modelsDir: string;
  /** The registered models this worker serves, each with its ONNX file (relative to modelsDir). */
  models: { id: bigint; file: string }[];
  pricing: {
    /** Payment-token units per compute unit (multiply-accumulate), decimal string. */
    costPerComputeUnit: string;
    /** Payment-token units added to every job's cost (gas, overhead). */
    fixedCostPerJob: bigint;
    /** Margin over cost, in basis points. */
    marginBps: number;
    /** Never bid below this price. */
    minPrice: bigint;
  };
  /** Blocks an event must be buried under before the worker acts on it. */
  confirmations: number;
  pollIntervalMs: number;
  /** First block to read events from on a fresh state directory (default: the deployment's startBlock). */
  startBlock: bigint | undefined;
  /** Largest block range of one eth_getLogs. */
  logChunkSize: number;
  bidding: {
    enabled: boolean;
    /** Commit only while at least this many seconds of the commit phase remain. */
    commitMarginSeconds: number;
  };
  execution: {
    /** Seconds added to the estimated execution time before comparing it with a job's window. */
    safetySeconds: number;
    /** onnxruntime intra-op threads (0 = onnxruntime's default). */
    threads: number;
    warmupRuns: number;
  };
  watch: {
    enabled: boolean;
    /** Probability that a challenge this worker believes right is lost anyway (bugs, reorgs). */
    lossProbability: number;
    /** Gas cost of a whole dispute, expressed in protocol-token units. */
    gasCostTokens: bigint;
  };
  metrics: { enabled: boolean; host: string; port: number };
  claimIntervalMs: number;
  logLevel: "debug" | "info" | "warn" | "error";
  testing: { corruptActivation: CorruptActivation | undefined };
};

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function section(json: Json, key: string): Json {
  const value = json[key];
  if (value === undefined) return {};
  if (!isRecord(value)) throw new ConfigError(`${key} must be an object`);
  return value;
}

function str(json: Json, key: string, path: string, fallback?: string): string {
  const value = json[key] ?? fallback;
  if (typeof value !== "string" || value.length === 0)
    throw new ConfigError(`${path} must be a non-empty string`);
  return value;
}

function optStr(json: Json, key: string, path: string): string | undefined {
  return json[key] === undefined ? undefined : str(json, key, path);
}

function int(
  json: Json,
  key: string,
  path: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = json[key] ?? fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${path} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function num(
  json: Json,
  key: string,
  path: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = json[key] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(
      `${path} must be a number in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function bool(json: Json, key: string, path: string, fallback: boolean): boolean {
  const value = json[key] ?? fallback;
  if (typeof value !== "boolean") throw new ConfigError(`${path} must be true or false`);
  return value;
}

export function parseAmount(value: unknown, path: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  throw new ConfigError(
    `${path} must be a non-negative integer (a string of digits), got ${JSON.stringify(value)}`,
  );
}

function amount(json: Json, key: string, path: string, fallback: bigint): bigint {
  return json[key] === undefined ? fallback : parseAmount(json[key], path);
}

function decimal(json: Json, key: string, path: string, fallback: string): string {
  const value = json[key] ?? fallback;
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^\d+(\.\d+)?$/.test(text)) {
    throw new ConfigError(
      `${path} must be a non-negative decimal such as "0.002", got ${JSON.stringify(value)}`,
    );
  }
  return text;
}

function parseModels(value: unknown): { id: bigint; file: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError("models must be an array of { id, file }");
  return value.map((entry, i) => {
    if (!isRecord(entry)) throw new ConfigError(`models[${i}] must be an object { id, file }`);
    return {
      id: parseAmount(entry.id, `models[${i}].id`),
      file: str(entry, "file", `models[${i}].file`),
    };
  });
}

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** Validates the JSON form (paths are returned as written; load.ts resolves them). */
export function parseConfig(json: unknown): WorkerConfig {
  if (!isRecord(json)) throw new ConfigError("The configuration must be a JSON object");
  const pricing = section(json, "pricing");
  const bidding = section(json, "bidding");
  const execution = section(json, "execution");
  const watch = section(json, "watch");
  const metrics = section(json, "metrics");
  const testing = section(json, "testing");
  const logLevel = json.logLevel ?? "info";
  if (!LOG_LEVELS.includes(logLevel as (typeof LOG_LEVELS)[number])) {
    throw new ConfigError(`logLevel must be one of ${LOG_LEVELS.join(", ")}`);
  }
  return {
    rpcUrl: str(json, "rpcUrl", "rpcUrl", "http://127.0.0.1:8545"),
    deploymentFile: str(json, "deploymentFile", "deploymentFile"),
    keystoreFile: optStr(json, "keystoreFile", "keystoreFile"),
    stateDir: str(json, "stateDir", "stateDir", "./state"),
    modelsDir: str(json, "modelsDir", "modelsDir", "./models"),
    models: parseModels(json.models),
    pricing: {
      costPerComputeUnit: decimal(pricing, "costPerComputeUnit", "pricing.costPerComputeUnit", "0"),
      fixedCostPerJob: amount(pricing, "fixedCostPerJob", "pricing.fixedCostPerJob", 0n),
      marginBps: int(pricing, "marginBps", "pricing.marginBps", 2000, 0, 1_000_000),
      minPrice: amount(pricing, "minPrice", "pricing.minPrice", 1n),
    },
    confirmations: int(json, "confirmations", "confirmations", 2, 0, 1000),
    pollIntervalMs: int(json, "pollIntervalMs", "pollIntervalMs", 500, 50, 600_000),
    startBlock:
      json.startBlock === undefined ? undefined : parseAmount(json.startBlock, "startBlock"),
    logChunkSize: int(json, "logChunkSize", "logChunkSize", 2000, 1, 1_000_000),
    bidding: {
      enabled: bool(bidding, "enabled", "bidding.enabled", true),
      commitMarginSeconds: int(
        bidding,
        "commitMarginSeconds",
        "bidding.commitMarginSeconds",
        2,
        0,
        3600,
      ),
    },
    execution: {
      safetySeconds: int(execution, "safetySeconds", "execution.safetySeconds", 5, 0, 86_400),
      threads: int(execution, "threads", "execution.threads", 0, 0, 256),
      warmupRuns: int(execution, "warmupRuns", "execution.warmupRuns", 20, 1, 10_000),
    },
    watch: {
      enabled: bool(watch, "enabled", "watch.enabled", false),
      lossProbability: num(watch, "lossProbability", "watch.lossProbability", 0.01, 0, 1),
      gasCostTokens: amount(watch, "gasCostTokens", "watch.gasCostTokens", 10n ** 16n),
    },
    metrics: {
      enabled: bool(metrics, "enabled", "metrics.enabled", true),
      host: str(metrics, "host", "metrics.host", "127.0.0.1"),
      port: int(metrics, "port", "metrics.port", 9464, 0, 65_535),
    },
    claimIntervalMs: int(json, "claimIntervalMs", "claimIntervalMs", 30_000, 0, 86_400_000),
    logLevel: logLevel as WorkerConfig["logLevel"],
    testing: { corruptActivation: parseCorruption(testing.corruptActivation) },
  };
}

function parseCorruption(value: unknown): CorruptActivation | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value))
    throw new ConfigError("testing.corruptActivation must be an object { layer, index }");
  return {
    layer: int(value, "layer", "testing.corruptActivation.layer", 0, 1, 65_535),
    index: int(value, "index", "testing.corruptActivation.index", -1, 0, 4095),
  };
}
