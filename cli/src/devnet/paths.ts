/**
 * Where the repository's parts are, found from this file (so any working directory
 * works). The CLI is the only package that knows the repository's layout: the other
 * packages get paths and URLs from it (a worker config, an indexer environment).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest ancestor holding foundry.toml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "foundry.toml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("cannot find the repository root (no foundry.toml above the CLI)");
    dir = parent;
  }
}

/** A foundry binary: the platform package's own file first (a signal reaches it directly), else node_modules/.bin. */
export function foundryBinary(root: string, tool: "anvil" | "forge" | "cast"): string | undefined {
  const arch = process.arch === "arm64" ? "arm64" : "amd64";
  const os =
    process.platform === "darwin" ? "darwin" : process.platform === "win32" ? "win32" : "linux";
  const candidates = [
    join(root, "node_modules", "@foundry-rs", `${tool}-${os}-${arch}`, "bin", tool),
    join(root, "node_modules", ".bin", tool),
  ];
  return candidates.find((path) => existsSync(path));
}

export const paths = {
  ponderBin: (root: string) =>
    join(root, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js"),
  indexerDir: (root: string) => join(root, "indexer"),
  workerCli: (root: string) => join(root, "worker", "src", "cli", "main.ts"),
  modelsDir: (root: string) => join(root, "model", "models"),
  deployScript: "contracts/script/Deploy.s.sol",
  deploymentFile: (root: string, chainId: number) => join(root, "deployments", `${chainId}.json`),
};
