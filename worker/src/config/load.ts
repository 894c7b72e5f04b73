/**
 * Reads the configuration file, applies environment overrides and resolves
 * paths against the file's directory.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { parseConfig, type WorkerConfig } from "./schema.js";

export const ENV = {
  rpcUrl: "VERITY_RPC_URL",
  deploymentFile: "VERITY_DEPLOYMENT",
  stateDir: "VERITY_STATE_DIR",
  modelsDir: "VERITY_MODELS_DIR",
  keystoreFile: "VERITY_KEYSTORE",
  confirmations: "VERITY_CONFIRMATIONS",
  watch: "VERITY_WATCH",
  metricsPort: "VERITY_METRICS_PORT",
  logLevel: "VERITY_LOG_LEVEL",
} as const;

type Env = Record<string, string | undefined>;

function applyEnv(json: Record<string, unknown>, env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = { ...json };
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== "") out[key] = value;
  };
  set("rpcUrl", env[ENV.rpcUrl]);
  set("deploymentFile", env[ENV.deploymentFile]);
  set("stateDir", env[ENV.stateDir]);
  set("modelsDir", env[ENV.modelsDir]);
  set("keystoreFile", env[ENV.keystoreFile]);
  set("logLevel", env[ENV.logLevel]);
  const confirmations = env[ENV.confirmations];
  if (confirmations !== undefined && confirmations !== "")
    out.confirmations = Number(confirmations);
  const watch = env[ENV.watch];
  if (watch !== undefined && watch !== "") {
    out.watch = {
      ...((json.watch as object | undefined) ?? {}),
      enabled: watch === "1" || watch === "true",
    };
  }
  const port = env[ENV.metricsPort];
  if (port !== undefined && port !== "") {
    out.metrics = { ...((json.metrics as object | undefined) ?? {}), port: Number(port) };
  }
  return out;
}

export function resolveConfig(
  json: unknown,
  baseDir: string,
  env: Env = process.env,
): WorkerConfig {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError("The configuration must be a JSON object");
  }
  const config = parseConfig(applyEnv(json as Record<string, unknown>, env));
  return {
    ...config,
    deploymentFile: resolve(baseDir, config.deploymentFile),
    keystoreFile:
      config.keystoreFile === undefined ? undefined : resolve(baseDir, config.keystoreFile),
    stateDir: resolve(baseDir, config.stateDir),
    modelsDir: resolve(baseDir, config.modelsDir),
  };
}

export async function loadConfig(path: string, env: Env = process.env): Promise<WorkerConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration file ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The configuration file ${path} is not valid JSON`, { cause: error });
  }
  return resolveConfig(json, dirname(resolve(path)), env);
}
