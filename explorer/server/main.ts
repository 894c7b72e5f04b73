/**
 * `npm run start -w @verity/explorer -- [--port 4173] [--host 127.0.0.1] [--graphql <url>]
 *  [--rpc <url>] [--chain-id <id>] [--deployment <file>] [--model <id>=<meta.json>]`: serves the
 *  built explorer. `--model` (repeatable) names a model's quantizer metadata (the `.meta.json`
 *  beside a quantized model), so that the page can post jobs to it from a drawing.
 * Defaults are the devnet's (VERITY_GRAPHQL_URL and VERITY_RPC_URL are read too).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type ExplorerServerConfig, startExplorerServer } from "./server.js";

export const DEFAULT_EXPLORER_PORT = 4173;

const usage =
  "usage: explorer [--port <port>] [--host <host>] [--graphql <url>] [--rpc <url>] [--chain-id <id>] [--deployment <file>] [--model <id>=<meta.json>]...";

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      graphql: { type: "string" },
      rpc: { type: "string" },
      "chain-id": { type: "string" },
      deployment: { type: "string" },
      model: { type: "string", multiple: true },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port ?? DEFAULT_EXPLORER_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port ${values.port}: not a port number\n${usage}`);
  let addresses: Record<string, string> = {};
  let chainId = values["chain-id"] === undefined ? null : Number(values["chain-id"]);
  if (values.deployment) {
    // The deploy script's file: contract addresses by name, and the chain id.
    const deployment = JSON.parse(await readFile(values.deployment, "utf8")) as Record<
      string,
      unknown
    >;
    addresses = Object.fromEntries(
      Object.entries(deployment).filter(
        (e): e is [string, string] => typeof e[1] === "string" && e[1].startsWith("0x"),
      ),
    );
    if (chainId === null && typeof deployment.chainId === "number") chainId = deployment.chainId;
  }
  const models: ExplorerServerConfig["models"] = {};
  for (const spec of values.model ?? []) {
    const [id, file] = spec.split(/=(.*)/s);
    if (!id || !/^\d+$/.test(id) || !file)
      throw new Error(`--model ${spec}: expected <model id>=<meta.json file>\n${usage}`);
    const meta = JSON.parse(await readFile(file, "utf8")) as { inputScale?: unknown };
    if (typeof meta.inputScale !== "number" || !(meta.inputScale > 0))
      throw new Error(
        `--model ${spec}: ${file} has no positive inputScale (not a quantizer's output?)`,
      );
    models[id] = { inputScale: meta.inputScale };
  }
  const config: ExplorerServerConfig = {
    graphqlUrl:
      values.graphql ?? process.env.VERITY_GRAPHQL_URL ?? "http://127.0.0.1:42069/graphql",
    rpcUrl: values.rpc ?? process.env.VERITY_RPC_URL ?? "http://127.0.0.1:8545",
    chainId,
    addresses,
    models,
  };
  const server = await startExplorerServer({ config, port, host: values.host });
  console.log(`explorer on ${server.url} (indexer ${config.graphqlUrl})`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`explorer: ${error.message}`);
  process.exit(1);
});
