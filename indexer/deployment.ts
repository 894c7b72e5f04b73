import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Deployment, parseDeployment } from "@verity/sdk/deployment";

export type { Deployment };

const here = dirname(fileURLToPath(import.meta.url));

/** Where the deployment file is: `VERITY_DEPLOYMENT` (relative to the working directory), else the devnet's. */
export function deploymentPath(): string {
  const fromEnv = process.env.VERITY_DEPLOYMENT;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  return resolve(here, "../deployments/31337.json");
}

/**
 * Reads and checks the deployment file. The core contracts must all be there;
 * the dispute game, governance and the delegation pool are optional, so the
 * indexer runs on a deployment that does not have them yet.
 */
export function loadDeployment(path: string = deploymentPath()): Deployment {
  if (!existsSync(path)) {
    throw new Error(
      `No deployment at ${path}: deploy with contracts/script/Deploy.s.sol or set VERITY_DEPLOYMENT.`,
    );
  }
  // One definition of a deployment file, shared with the SDK.
  return parseDeployment(JSON.parse(readFileSync(path, "utf8")), path);
}
