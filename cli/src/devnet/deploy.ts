import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { type Deployment, loadDeployment } from "@verity/sdk";
import type { Hex } from "viem";
import { foundryBinary, paths } from "./paths.js";
import { ProcessFailedError, spawnManaged } from "./processes.js";

export type DeployParameters = {
  root: string;
  rpcUrl: string;
  chainId: number;
  privateKey: Hex;
  logDir: string;
  /** Where to keep this devnet's copy of the deployment JSON. */
  outFile: string;
  env?: Record<string, string> | undefined;
  /** More `forge script` flags (the gas tools skip compiling the tests). */
  forgeArgs?: readonly string[] | undefined;
  /**
   * A throwaway chain (tests): the deploy writes its JSON straight to `outFile` and forge's
   * broadcast record under `logDir`, never into the repository, so that chains side by side on
   * the same (local) chain id neither race nor touch a running devnet's deployments/<chainId>.json.
   */
  cleanup?: boolean | undefined;
};

/**
 * Runs contracts/script/Deploy.s.sol with forge (which compiles first if the
 * sources changed), then copies the deployments/<chainId>.json it writes to
 * `outFile`, so that a later deploy on the same chain id cannot change it under us.
 * The deploy script refuses devnet parameters on any chain id but the local ones
 * (31337, 1337): a test chain runs on one of those too.
 */
export async function deployContracts(parameters: DeployParameters): Promise<Deployment> {
  const { root, rpcUrl, chainId, privateKey, logDir, outFile } = parameters;
  const forge = foundryBinary(root, "forge");
  if (forge === undefined) {
    throw new Error(
      "forge is not installed: run `npm install` at the repository root (@foundry-rs/forge)",
    );
  }
  const run = spawnManaged({
    name: "forge script (deploy)",
    command: forge,
    args: [
      "script",
      paths.deployScript,
      "--rpc-url",
      rpcUrl,
      "--broadcast",
      // One transaction at a time: anvil can leave a transaction that arrives while the one
      // before it is being mined queued for ever (a nonce gap that never closes), and forge then
      // waits for its receipt for ever. On anvil's instant blocks this costs nothing measurable.
      "--slow",
      "--private-key",
      privateKey,
      ...(parameters.forgeArgs ?? []),
    ],
    cwd: root,
    env: {
      FOUNDRY_DISABLE_NIGHTLY_WARNING: "1",
      ...(parameters.cleanup
        ? { VERITY_DEPLOYMENT_OUT: outFile, FOUNDRY_BROADCAST: join(logDir, "broadcast") }
        : {}),
      ...parameters.env,
    },
    logFile: join(logDir, "deploy.log"),
  });
  const code = await run.exited;
  if (code !== 0) throw new ProcessFailedError(run, `failed (exit ${code})`);
  if (!parameters.cleanup) await copyFile(paths.deploymentFile(root, chainId), outFile);
  const deployment = await loadDeployment({ source: outFile });
  if (deployment.chainId !== chainId) {
    throw new Error(`the deploy wrote chain ${deployment.chainId}, expected ${chainId}`);
  }
  return deployment;
}
