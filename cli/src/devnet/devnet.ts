/**
 * One local Verity network: anvil, the contracts (deploy script), the indexer,
 * two provider workers and a watcher, the sample MNIST model and a few jobs.
 * Used by `verity devnet` and by the end-to-end tests' global setup, so both
 * run exactly the same thing. A part that is missing or fails to start is
 * reported and skipped; only anvil and the contracts are required.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createVerityClient, type Deployment, type VerityClient } from "@verity/sdk";
import { createPublicClient, createWalletClient, http, parseUnits } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  DEVNET_CHAIN_ID,
  DEVNET_GRAPHQL_PORT,
  DEVNET_RPC_PORT,
  type DevAccountName,
  devAccounts,
} from "./accounts.js";
import {
  DEVNET_EXPLORER_PORT,
  type Explorer,
  explorerAvailable,
  startExplorer,
} from "./explorer.js";
import { fund } from "./fund.js";
import {
  type Anvil,
  deploy,
  freePort,
  type Indexer,
  startChain,
  startIndexer,
  startWorker,
  type Worker,
  type WorkerSpec,
} from "./harness.js";
import { indexerAvailable } from "./indexer.js";
import {
  digitInput,
  heldOutDigits,
  loadMnistModel,
  MNIST_CNN_MODEL,
  mnistModelFiles,
  SAMPLE_MODELS,
  sampleModelFiles,
} from "./mnist.js";
import { repoRoot } from "./paths.js";
import { workerAvailable } from "./workers.js";

export type DevnetOptions = {
  root?: string | undefined;
  /** Where logs, configs and state go; default a new directory under the OS temp dir. */
  dir?: string | undefined;
  port?: number | undefined;
  chainId?: number | undefined;
  /** Seconds between blocks; default 1. */
  blockTime?: number | undefined;
  graphqlPort?: number | undefined;
  indexer?: boolean | undefined;
  /** The explorer web page, once the indexer runs; off unless asked for (`verity devnet` asks). */
  explorer?: boolean | undefined;
  explorerPort?: number | undefined;
  workers?: boolean | undefined;
  /** Also start a provider that submits wrong results (tests of the dispute game). */
  cheater?: boolean | undefined;
  model?: boolean | undefined;
  /** Sample MNIST jobs to post once everything runs; default 3. */
  sampleJobs?: number | undefined;
  /** A throwaway chain (tests): its deployment JSON and broadcast record stay in its own directory. */
  cleanupDeploymentFile?: boolean | undefined;
  onProgress?: ((event: DevnetProgress) => void) | undefined;
};

export type DevnetProgress = {
  step: string;
  status: "start" | "done" | "skipped" | "failed";
  detail?: string | undefined;
};

export type DevnetPart = {
  name: string;
  status: "running" | "done" | "skipped" | "failed";
  detail?: string | undefined;
};

export type Devnet = {
  dir: string;
  logDir: string;
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string | undefined;
  deployment: Deployment;
  deploymentFile: string;
  modelId: bigint | undefined;
  /** The sample CNN's id, when its files exist (model/models/mnist-cnn.*). */
  cnnModelId: bigint | undefined;
  workers: Worker[];
  sampleJobs: bigint[];
  parts: DevnetPart[];
  anvil: Anvil;
  indexer: Indexer | undefined;
  explorer: Explorer | undefined;
  /** A client for one of the dev accounts, with the devnet's GraphQL endpoint. */
  client(name: DevAccountName): VerityClient;
  stop(): Promise<void>;
};

/** The providers of a devnet: A is the cheaper, so it wins auctions that both bid on. */
export const devnetProviders = {
  providerA: { costPerComputeUnit: "10", fixedCostPerJob: 200_000n, marginBps: 1000 },
  providerB: { costPerComputeUnit: "15", fixedCostPerJob: 300_000n, marginBps: 1500 },
  cheater: { costPerComputeUnit: "1", fixedCostPerJob: 10_000n, marginBps: 0 },
} as const;

export const DEVNET_STAKE = parseUnits("10000", 18);
export const DEVNET_REQUESTER_USD = parseUnits("1000000", 6);
export const SAMPLE_MAX_PRICE = parseUnits("5", 6);

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const root = options.root ?? repoRoot();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "verity-devnet-")));
  const logDir = join(dir, "logs");
  await mkdir(logDir, { recursive: true });
  const chainId = options.chainId ?? DEVNET_CHAIN_ID;
  const progress = options.onProgress ?? (() => {});
  const parts: DevnetPart[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  // The indexer and the workers together, then anvil, which they may talk to while they stop.
  const stopAll = async () => {
    const [stopChain, ...stopOthers] = stoppers.splice(0);
    await Promise.all(stopOthers.map((stop) => stop().catch(() => {})));
    await stopChain?.().catch(() => {});
  };

  async function step<result>(name: string, run: () => Promise<result>): Promise<result> {
    progress({ step: name, status: "start" });
    try {
      const result = await run();
      progress({ step: name, status: "done" });
      return result;
    } catch (error) {
      progress({ step: name, status: "failed", detail: (error as Error).message });
      throw error;
    }
  }
  function skip(name: string, reason: string) {
    parts.push({ name, status: "skipped", detail: reason });
    progress({ step: name, status: "skipped", detail: reason });
  }
  async function optional<result>(
    name: string,
    run: () => Promise<result>,
  ): Promise<result | undefined> {
    try {
      return await step(name, run);
    } catch (error) {
      parts.push({ name, status: "failed", detail: (error as Error).message.split("\n")[0] });
      return undefined;
    }
  }

  // Required: the chain and the contracts.
  // Setup runs with a block per transaction (fast); interval mining starts once it is done.
  const anvil = await step("start anvil", () =>
    startChain({ dir: logDir, port: options.port ?? DEVNET_RPC_PORT, chainId, blockTime: 0 }),
  );
  stoppers.push(() => anvil.process.stop());
  parts.push({ name: "anvil", status: "running", detail: anvil.rpcUrl });

  try {
    const { deployment, deploymentFile } = await step("deploy contracts", () =>
      deploy(anvil, { dir, logDir, keepInRepository: options.cleanupDeploymentFile !== true }),
    );
    parts.push({ name: "contracts", status: "done", detail: deploymentFile });

    const transport = http(anvil.rpcUrl);
    const publicClient = createPublicClient({ transport, pollingInterval: 250 });
    let graphqlUrl: string | undefined;
    const clients = new Map<DevAccountName, VerityClient>();
    const client = (name: DevAccountName): VerityClient => {
      let c = clients.get(name);
      if (c === undefined || c.graphqlUrl !== graphqlUrl) {
        const account = privateKeyToAccount(devAccounts[name].privateKey);
        c = createVerityClient({
          publicClient,
          walletClient: createWalletClient({ account, transport }),
          deployment,
          graphqlUrl,
        });
        clients.set(name, c);
      }
      return c;
    };

    await step("fund and stake accounts", async () => {
      const deployer = client("deployer");
      const providers: DevAccountName[] = [
        "providerA",
        "providerB",
        ...(options.cheater ? ["cheater" as const] : []),
      ];
      for (const name of providers) {
        await fund(deployer, { to: devAccounts[name].address, vrt: DEVNET_STAKE });
        await client(name).register({
          metadata: { name, endpoint: "devnet", models: [...SAMPLE_MODELS] },
        });
        await client(name).stake({ amount: DEVNET_STAKE });
      }
      await fund(deployer, { to: devAccounts.watcher.address, vrt: parseUnits("1000", 18) });
      await fund(deployer, { to: devAccounts.requester.address, usd: DEVNET_REQUESTER_USD });
      await fund(deployer, {
        to: devAccounts.spare.address,
        vrt: parseUnits("1000", 18),
        usd: parseUnits("1000", 6),
      });
    });

    // The sample model.
    const files = mnistModelFiles(root);
    let modelId: bigint | undefined;
    if (options.model === false) skip("register the MNIST model", "disabled (--no-model)");
    else if (!existsSync(files.meta) || !existsSync(files.onnx)) {
      skip(
        "register the MNIST model",
        `${files.meta} is missing (train it: npx tsx model/scripts/train-mnist.ts)`,
      );
    } else {
      modelId = await optional("register the MNIST model", async () => {
        const meta = JSON.parse(await readFile(files.meta, "utf8"));
        const { modelId } = await client("deployer").registerModel({
          meta,
          uri: `file://model/models/${basename(files.onnx)}`,
        });
        return modelId;
      });
      if (modelId !== undefined)
        parts.push({ name: "MNIST model", status: "done", detail: `model ${modelId}` });
    }
    // The sample CNN beside it, when it has been trained (model/scripts/train-mnist-cnn.ts).
    const cnnFiles = sampleModelFiles(root, MNIST_CNN_MODEL);
    let cnnModelId: bigint | undefined;
    if (options.model !== false && modelId !== undefined) {
      if (!existsSync(cnnFiles.meta) || !existsSync(cnnFiles.onnx)) {
        skip(
          "register the MNIST CNN",
          `${cnnFiles.meta} is missing (train it: npx tsx model/scripts/train-mnist-cnn.ts)`,
        );
      } else {
        cnnModelId = await optional("register the MNIST CNN", async () => {
          const meta = JSON.parse(await readFile(cnnFiles.meta, "utf8"));
          const { modelId } = await client("deployer").registerModel({
            meta,
            uri: `file://model/models/${basename(cnnFiles.onnx)}`,
          });
          return modelId;
        });
        if (cnnModelId !== undefined)
          parts.push({ name: "MNIST CNN", status: "done", detail: `model ${cnnModelId}` });
      }
    }

    // From here on blocks come on an interval, so that deadlines pass without traffic.
    await publicClient.request({
      method: "evm_setIntervalMining",
      params: [options.blockTime ?? 1],
    } as never);

    // The indexer.
    let indexer: Indexer | undefined;
    const indexerMissing = indexerAvailable(root);
    if (options.indexer === false) skip("start the indexer", "disabled (--no-indexer)");
    else if (indexerMissing) skip("start the indexer", indexerMissing);
    else {
      indexer = await optional("start the indexer", () =>
        startIndexer({
          dir: logDir,
          dataDir: join(dir, "indexer"),
          rpcUrl: anvil.rpcUrl,
          deploymentFile,
          port: options.graphqlPort ?? DEVNET_GRAPHQL_PORT,
          schema: `devnet_${Date.now().toString(36)}`,
          waitFor: "ready",
        }),
      );
      if (indexer) {
        const running = indexer;
        stoppers.push(() => running.process.stop());
        graphqlUrl = indexer.graphqlUrl;
        parts.push({ name: "indexer", status: "running", detail: indexer.graphqlUrl });
      }
    }

    // The explorer, over the indexer.
    let explorer: Explorer | undefined;
    const explorerMissing = explorerAvailable(root);
    if (options.explorer !== true) {
      // Not a part of this devnet: nothing to report.
    } else if (graphqlUrl === undefined) skip("start the explorer", "no indexer to read from");
    else if (explorerMissing) skip("start the explorer", explorerMissing);
    else {
      const indexerUrl = graphqlUrl;
      explorer = await optional("start the explorer", () =>
        startExplorer({
          root,
          logDir,
          port: options.explorerPort ?? DEVNET_EXPLORER_PORT,
          graphqlUrl: indexerUrl,
          rpcUrl: anvil.rpcUrl,
          chainId,
          deploymentFile,
          model: modelId === undefined ? undefined : { id: modelId, metaFile: files.meta },
        }),
      );
      if (explorer) {
        const running = explorer;
        stoppers.push(() => running.process.stop());
        parts.push({ name: "explorer", status: "running", detail: explorer.url });
      }
    }

    // The workers.
    const workers: Worker[] = [];
    const workerMissing = workerAvailable(root);
    if (options.workers === false) skip("start the workers", "disabled (--no-workers)");
    else if (workerMissing) skip("start the workers", workerMissing);
    else if (modelId === undefined)
      skip("start the workers", "no model registered for them to serve");
    else {
      const specs: WorkerSpec[] = [];
      for (const name of ["providerA", "providerB"] as const) {
        specs.push({
          name,
          role: "provider",
          privateKey: devAccounts[name].privateKey,
          ...devnetProviders[name],
          metricsPort: await freePort(),
        });
      }
      specs.push({
        name: "watcher",
        role: "watcher",
        privateKey: devAccounts.watcher.privateKey,
        costPerComputeUnit: "0",
        fixedCostPerJob: 0n,
        marginBps: 0,
        metricsPort: await freePort(),
      });
      if (options.cheater) {
        specs.push({
          name: "cheater",
          role: "provider",
          privateKey: devAccounts.cheater.privateKey,
          ...devnetProviders.cheater,
          metricsPort: await freePort(),
          // The output: the trace root stays honest, so the watcher can prove the last layer wrong.
          corruptActivation: { layer: 3, index: 0 },
        });
      }
      // Started together: each loads onnxruntime and warms its model, which takes a few seconds.
      const started = await Promise.all(
        specs.map((spec) =>
          optional(`start worker ${spec.name}`, () =>
            startWorker({
              root,
              dir: join(dir, "workers"),
              logDir,
              rpcUrl: anvil.rpcUrl,
              deploymentFile,
              modelId,
              modelFile: basename(files.onnx),
              ...(cnnModelId === undefined
                ? {}
                : { moreModels: [{ id: cnnModelId, file: basename(cnnFiles.onnx) }] }),
              spec,
            }),
          ),
        ),
      );
      for (const worker of started) {
        if (worker === undefined) continue;
        workers.push(worker);
        stoppers.push(() => worker.process.stop());
        parts.push({
          name: `worker ${worker.spec.name}`,
          status: "running",
          detail: worker.healthUrl,
        });
      }
    }

    // A few sample jobs.
    const sampleJobs: bigint[] = [];
    const count = options.sampleJobs ?? 3;
    if (count > 0 && modelId !== undefined) {
      const id = modelId;
      await optional(`post ${count} sample MNIST jobs`, async () => {
        const model = await loadMnistModel(root);
        for (const digit of heldOutDigits(count)) {
          const { jobId } = await client("requester").postJob({
            modelId: id,
            input: digitInput(model, digit),
            maxPrice: SAMPLE_MAX_PRICE,
            approve: "max",
          });
          sampleJobs.push(jobId);
        }
      });
      if (sampleJobs.length > 0) {
        parts.push({
          name: "sample jobs",
          status: "done",
          detail: `jobs ${sampleJobs.join(", ")}`,
        });
      }
    } else if (count > 0) skip("post sample jobs", "no model registered");

    let stopped = false;
    return {
      dir,
      logDir,
      chainId,
      rpcUrl: anvil.rpcUrl,
      graphqlUrl,
      deployment,
      deploymentFile,
      modelId,
      cnnModelId,
      workers,
      sampleJobs,
      parts,
      anvil,
      indexer,
      explorer,
      client,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
