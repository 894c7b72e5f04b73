import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import { paths } from "./paths.js";
import { type ManagedProcess, spawnManaged, waitUntil } from "./processes.js";

export type WorkerRole = "provider" | "watcher";

export type WorkerSpec = {
  name: string;
  role: WorkerRole;
  privateKey: Hex;
  /** Payment-token wei per compute unit (decimal string) and per job: what sets the worker's bids. */
  costPerComputeUnit: string;
  fixedCostPerJob: bigint;
  marginBps: number;
  metricsPort: number;
  /** TESTING ONLY: submit a wrong activation (layer, index), to be caught by a watcher. */
  corruptActivation?: { layer: number; index: number } | undefined;
};

export type Worker = {
  spec: WorkerSpec;
  process: ManagedProcess;
  configFile: string;
  healthUrl: string;
};

/** Whether the worker CLI exists in this checkout. */
export function workerAvailable(root: string): string | undefined {
  return existsSync(paths.workerCli(root)) ? undefined : "worker/src/cli/main.ts is missing";
}

export type StartWorkerParameters = {
  root: string;
  dir: string;
  logDir: string;
  rpcUrl: string;
  deploymentFile: string;
  modelId: bigint | undefined;
  modelFile: string;
  /** Other models to serve beside `modelId` (the devnet's sample CNN). */
  moreModels?: readonly { id: bigint; file: string }[] | undefined;
  spec: WorkerSpec;
};

/** Writes the worker's JSON config, starts `verity-worker start`, and waits for its /health. */
export async function startWorker(parameters: StartWorkerParameters): Promise<Worker> {
  const { root, dir, logDir, rpcUrl, deploymentFile, modelId, modelFile, spec } = parameters;
  const models = [
    ...(modelId === undefined ? [] : [{ id: modelId, file: modelFile }]),
    ...(parameters.moreModels ?? []),
  ];
  const workDir = join(dir, spec.name);
  await mkdir(join(workDir, "state"), { recursive: true });
  const config = {
    rpcUrl,
    deploymentFile,
    stateDir: join(workDir, "state"),
    modelsDir: paths.modelsDir(root),
    models: models.map((m) => ({ id: m.id.toString(), file: m.file })),
    pricing: {
      costPerComputeUnit: spec.costPerComputeUnit,
      fixedCostPerJob: spec.fixedCostPerJob.toString(),
      marginBps: spec.marginBps,
      minPrice: "1",
    },
    confirmations: 1,
    pollIntervalMs: 250,
    bidding: { enabled: spec.role === "provider", commitMarginSeconds: 2 },
    // Standing asks, so that `verity job post --fast` works out of the box: a provider takes up
    // to 16 fast jobs of the model at once at its pricing's price (a cheater publishes none). The
    // worker states the shortest window it accepts from its own run-time estimate (for the sample
    // models well under the 600 s a post gives by default) and takes no consumer callback.
    asks: { enabled: spec.role === "provider" && !spec.corruptActivation, capacity: 16 },
    execution: { warmupRuns: 3 },
    watch: { enabled: spec.role === "watcher" },
    metrics: { enabled: true, host: "127.0.0.1", port: spec.metricsPort },
    claimIntervalMs: 10_000,
    logLevel: "info",
    ...(spec.corruptActivation ? { testing: { corruptActivation: spec.corruptActivation } } : {}),
  };
  const configFile = join(workDir, "worker.json");
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const process = spawnManaged({
    name: `worker ${spec.name}`,
    command: globalThis.process.execPath,
    // A cheater runs the worker's test-only entry, which reads `testing.corruptActivation`.
    args: [
      "--import",
      "tsx",
      spec.corruptActivation
        ? join(root, "worker/test/helpers/cheating-worker.ts")
        : paths.workerCli(root),
      "start",
      "--config",
      configFile,
    ],
    cwd: join(root, "worker"),
    env: { VERITY_PRIVATE_KEY: spec.privateKey },
    logFile: join(logDir, `worker-${spec.name}.log`),
  });
  const healthUrl = `http://127.0.0.1:${spec.metricsPort}/health`;
  await waitUntil("healthy", async () => (await fetch(healthUrl)).ok, {
    timeoutMs: 120_000,
    intervalMs: 250,
    process,
  });
  return { spec, process, configFile, healthUrl };
}
