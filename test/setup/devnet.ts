/**
 * Global setup: a fresh devnet through the same code as `verity devnet`, on
 * free ports and a chain id of its own (so it never shares deployments/<id>.json
 * with a developer's devnet). It returns once every part answers: anvil's RPC,
 * the indexer's /ready, each worker's /health. Set VERITY_E2E_KEEP=1 to keep the
 * logs directory after the run.
 */
import { rm } from "node:fs/promises";
import { type DevnetPart, startDevnet } from "@verity/cli/devnet/devnet";
import { repoRoot } from "@verity/cli/devnet/paths";
import { freePort } from "@verity/cli/devnet/processes";
import type { TestProject } from "vitest/node";

export type DevnetInfo = {
  root: string;
  dir: string;
  logDir: string;
  chainId: number;
  rpcUrl: string;
  graphqlUrl: string | null;
  deploymentFile: string;
  modelId: string | null;
  /** The sample CNN's model id, when model/models/mnist-cnn.* exist. */
  cnnModelId: string | null;
  parts: DevnetPart[];
};

declare module "vitest" {
  export interface ProvidedContext {
    devnet: DevnetInfo;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const devnet = await startDevnet({
    port: await freePort(),
    graphqlPort: await freePort(),
    // A local chain id: the deploy script refuses devnet parameters on any other.
    chainId: 31_337,
    cleanupDeploymentFile: true,
    sampleJobs: 0,
    onProgress: (e) => {
      if (e.status !== "start") {
        process.stderr.write(
          `[devnet] ${e.step}: ${e.status}${e.detail ? ` (${e.detail.split("\n")[0]})` : ""}\n`,
        );
      }
    },
  });
  process.stderr.write(
    `[devnet] ready in ${Math.round((Date.now() - started) / 1000)} s; logs in ${devnet.logDir}\n`,
  );
  project.provide("devnet", {
    root: repoRoot(),
    dir: devnet.dir,
    logDir: devnet.logDir,
    chainId: devnet.chainId,
    rpcUrl: devnet.rpcUrl,
    graphqlUrl: devnet.graphqlUrl ?? null,
    deploymentFile: devnet.deploymentFile,
    modelId: devnet.modelId?.toString() ?? null,
    cnnModelId: devnet.cnnModelId?.toString() ?? null,
    parts: devnet.parts,
  });
  return async () => {
    await devnet.stop();
    if (process.env.VERITY_E2E_KEEP !== "1") await rm(devnet.dir, { recursive: true, force: true });
    else process.stderr.write(`[devnet] kept ${devnet.dir}\n`);
  };
}
