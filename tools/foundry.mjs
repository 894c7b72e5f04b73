#!/usr/bin/env node
// Runs forge, anvil or cast from the platform package npm installed, passing the exit code on.
// The @foundry-rs npm wrappers (node_modules/.bin/forge, 1.7.1) never pass the tool's exit code
// on: `npx forge test` exits 0 when tests fail, `npx forge fmt --check` when files are unformatted.
// Every script that must fail when forge fails calls forge through this file.
//
//   node tools/foundry.mjs forge test --match-path 'contracts/test/market/*'
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [tool, ...args] = process.argv.slice(2);
if (tool !== "forge" && tool !== "anvil" && tool !== "cast") {
  console.error("usage: node tools/foundry.mjs forge|anvil|cast [arguments...]");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const os =
  process.platform === "win32" ? "win32" : process.platform === "darwin" ? "darwin" : "linux";
const arch = process.arch === "arm64" ? "arm64" : "amd64";
const binary = join(
  root,
  "node_modules",
  "@foundry-rs",
  `${tool}-${os}-${arch}`,
  "bin",
  os === "win32" ? `${tool}.exe` : tool,
);
if (!existsSync(binary)) {
  console.error(`${binary} is missing: run \`npm ci\` at the repository root`);
  process.exit(1);
}
const result = spawnSync(binary, args, { stdio: "inherit" });
if (result.error) throw result.error;
// A tool ended by a signal exits as a shell would report it (128 + the signal's number).
process.exit(result.status ?? 128 + 15);
