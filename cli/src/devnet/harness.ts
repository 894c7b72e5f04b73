/**
 * The one harness for every program that starts a network: `verity devnet`, the
 * end-to-end tests, the indexer's and the worker's tests and the gas tools. A part
 * starts on a free port, is waited for by a condition (never a fixed sleep), and
 * stops with SIGTERM to its process group, SIGKILL after a grace period.
 *
 *   const chain = await startChain({ dir });          // anvil, local chain id
 *   const { deployment } = await deploy(chain, { dir }); // the real forge deploy script
 *   const indexer = await startIndexer({ dir, rpcUrl, deploymentFile });
 *   const worker = await startWorker({ ... });          // ./workers.ts
 *   await stopAll();                                   // everything, the chain last
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Deployment } from "@verity/sdk";
import type { Hex } from "viem";
import { devAccounts } from "./accounts.js";
import { type Anvil, startAnvil } from "./anvil.js";
import { deployContracts } from "./deploy.js";
import { type Indexer, startIndexer as startIndexerProcess } from "./indexer.js";
import { repoRoot } from "./paths.js";
import { freePort } from "./processes.js";

export { freePort, stopAllProcesses as stopAll, waitUntil } from "./processes.js";
export { startWorker, type Worker, type WorkerSpec } from "./workers.js";
export type { Anvil, Indexer };

/** The chain id of every throwaway chain: a local one, where the deploy script accepts devnet parameters. */
export const LOCAL_CHAIN_ID = 31_337;

export type StartChainParameters = {
  /** Where its log goes. */
  dir: string;
  /** A fixed port (the devnet's); a free one by default. */
  port?: number | undefined;
  /** The local chain id by default; the deploy script refuses devnet parameters on any other. */
  chainId?: number | undefined;
  /** Seconds between blocks; 0 (the default) mines a block per transaction. */
  blockTime?: number | undefined;
  accounts?: number | undefined;
  balance?: number | undefined;
  extraArgs?: readonly string[] | undefined;
};

/** Starts a fresh anvil (a free port and the local chain id unless told) and waits until it answers. */
export async function startChain(parameters: StartChainParameters): Promise<Anvil> {
  return startAnvil({
    root: repoRoot(),
    logDir: parameters.dir,
    port: parameters.port ?? (await freePort()),
    chainId: parameters.chainId ?? LOCAL_CHAIN_ID,
    blockTime: parameters.blockTime ?? 0,
    accounts: parameters.accounts,
    balance: parameters.balance,
    extraArgs: parameters.extraArgs,
  });
}

export type Deployed = { deployment: Deployment; deploymentFile: string };

/**
 * Deploys the protocol with the real deploy script; the deployment JSON goes to
 * `dir/deployment.json`. On a throwaway chain (the default) forge's broadcast record and the
 * deployment file stay out of the repository; the devnet keeps them (`keepInRepository`), so
 * that the CLI and the indexer find the local network without being told.
 */
export async function deploy(
  chain: Anvil,
  parameters: {
    dir: string;
    privateKey?: Hex | undefined;
    env?: Record<string, string> | undefined;
    forgeArgs?: readonly string[] | undefined;
    keepInRepository?: boolean | undefined;
    /** Where forge's log goes; `dir` by default. */
    logDir?: string | undefined;
  },
): Promise<Deployed> {
  const deploymentFile = join(parameters.dir, "deployment.json");
  const deployment = await deployContracts({
    root: repoRoot(),
    rpcUrl: chain.rpcUrl,
    chainId: chain.chainId,
    privateKey: parameters.privateKey ?? devAccounts.deployer.privateKey,
    logDir: parameters.logDir ?? parameters.dir,
    outFile: deploymentFile,
    cleanup: parameters.keepInRepository !== true,
    env: parameters.env,
    forgeArgs: parameters.forgeArgs,
  });
  return { deployment, deploymentFile };
}

/** A Ponder schema name never used before (Ponder refuses a schema another build used). */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

export type StartIndexerParameters = {
  /** Its log goes here, and its PGlite data unless `dataDir` says otherwise. */
  dir: string;
  dataDir?: string | undefined;
  /** A fixed port (the devnet's); a free one by default. */
  port?: number | undefined;
  rpcUrl: string;
  deploymentFile: string;
  /** PostgreSQL; PGlite in `dir` when absent. */
  databaseUrl?: string | undefined;
  /** A fresh one by default (`serve` needs the indexing instance's). */
  schema?: string | undefined;
  command?: "start" | "serve" | undefined;
  name?: string | undefined;
  projectDir?: string | undefined;
  /** `health` (the default: tests wait for the blocks they need) or `ready` (the historical sync is done). */
  waitFor?: "ready" | "health" | undefined;
};

/** Starts the real indexer (`ponder start`) on a free port (unless told) and a fresh schema. */
export async function startIndexer(parameters: StartIndexerParameters): Promise<Indexer> {
  return startIndexerProcess({
    root: repoRoot(),
    logDir: parameters.dir,
    dataDir: parameters.dataDir ?? parameters.dir,
    rpcUrl: parameters.rpcUrl,
    deploymentFile: parameters.deploymentFile,
    port: parameters.port ?? (await freePort()),
    schema: parameters.schema ?? freshSchema(),
    databaseUrl: parameters.databaseUrl,
    command: parameters.command,
    name: parameters.name,
    projectDir: parameters.projectDir,
    waitFor: parameters.waitFor ?? "health",
  });
}
