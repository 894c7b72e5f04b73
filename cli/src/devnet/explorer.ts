/**
 * The explorer of a devnet: explorer/server serving the built page, with a /config.json that
 * names this devnet's indexer, RPC, chain and contracts. A checkout that has not built the page
 * yet builds it first (a few seconds), so that `npm run devnet` always ends with a page to open.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type ManagedProcess, portInUse, spawnManaged, waitUntil } from "./processes.js";

/** `verity devnet`'s explorer port (vite preview's conventional one). */
export const DEVNET_EXPLORER_PORT = 4173;

const explorerDir = (root: string) => join(root, "explorer");

export type Explorer = { process: ManagedProcess; url: string };

/** Why the explorer cannot start in this checkout, or undefined when it can. */
export function explorerAvailable(root: string): string | undefined {
  if (!existsSync(join(explorerDir(root), "server", "main.ts")))
    return "explorer/server/main.ts is missing";
  if (!existsSync(join(root, "node_modules", "vite", "bin", "vite.js")))
    return "vite is not installed (npm install at the root)";
  return undefined;
}

export async function startExplorer(parameters: {
  root: string;
  logDir: string;
  port: number;
  graphqlUrl: string;
  rpcUrl: string;
  chainId: number;
  deploymentFile: string;
  /** The sample model and its quantizer metadata: the page posts jobs to it from a drawing. */
  model?: { id: bigint; metaFile: string } | undefined;
}): Promise<Explorer> {
  const { root, logDir, port } = parameters;
  if (await portInUse(port))
    throw new Error(`port ${port} is in use: pass --explorer-port <free port>`);
  const dir = explorerDir(root);
  if (!existsSync(join(dir, "dist", "index.html"))) {
    const build = spawnManaged({
      name: "explorer build",
      command: process.execPath,
      args: [join(root, "node_modules", "vite", "bin", "vite.js"), "build"],
      cwd: dir,
      logFile: join(logDir, "explorer-build.log"),
    });
    if ((await build.exited) !== 0)
      throw new Error(`the explorer's build failed (${build.logFile}):\n${build.tail(10)}`);
  }
  const server = spawnManaged({
    name: "explorer",
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      join(dir, "server", "main.ts"),
      "--port",
      String(port),
      "--graphql",
      parameters.graphqlUrl,
      "--rpc",
      parameters.rpcUrl,
      "--chain-id",
      String(parameters.chainId),
      "--deployment",
      parameters.deploymentFile,
      ...(parameters.model
        ? ["--model", `${parameters.model.id}=${parameters.model.metaFile}`]
        : []),
    ],
    cwd: dir,
    logFile: join(logDir, "explorer.log"),
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitUntil("serving the explorer", async () => (await fetch(`${url}config.json`)).ok, {
    timeoutMs: 60_000,
    intervalMs: 100,
    process: server,
  });
  return { process: server, url };
}
