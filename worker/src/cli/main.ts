/**
 * verity-worker: the Verity provider node.
 *
 *   verity-worker init --deployment <file> --model <id>=<file> [...]   (see USAGE)
 *   verity-worker start --config <file>
 *   verity-worker keystore create --out <file> [--scrypt-n <N>]
 *   verity-worker keystore import --out <file> [--scrypt-n <N>]   (key from VERITY_PRIVATE_KEY or stdin)
 *   verity-worker status --config <file> [--json]
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/load.js";
import { describeError } from "../errors.js";
import { runInit } from "./init.js";
import { runKeystore } from "./keystore.js";
import { start } from "./start.js";
import { collectStatus, formatStatus } from "./status.js";

const USAGE = `usage:
  verity-worker init --deployment <file> --model <id>=<file.onnx> [--model ...] [--models-dir <dir>]
                     [--rpc <url>] [--keystore <file>] [--stake <VRT>|min] [--out worker.json]
                     [--fixed-cost <tokens>] [--cost-per-compute-unit <tokens>] [--min-price <tokens>]
                     [--margin-bps <n>] [--state-dir <dir>] [--metrics-port <n>] [--dry-run] [--force] [--json]
      checks the node, the gas, the model files and the stake, registers and stakes what the
      parameters require, and writes the configuration (prices in whole payment tokens)
  verity-worker start --config <file>
  verity-worker keystore create --out <file> [--scrypt-n <N>]
  verity-worker keystore import --out <file> [--scrypt-n <N>]
  verity-worker status --config <file> [--json]

environment:
  VERITY_PRIVATE_KEY              signing key (else the config's keystoreFile)
  VERITY_KEYSTORE_PASSWORD[_FILE] keystore password (or a file holding it)
  VERITY_RPC_URL, VERITY_DEPLOYMENT, VERITY_STATE_DIR, VERITY_MODELS_DIR, VERITY_KEYSTORE,
  VERITY_CONFIRMATIONS, VERITY_WATCH, VERITY_METRICS_PORT, VERITY_LOG_LEVEL  override the config file`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      out: { type: "string", short: "o" },
      json: { type: "boolean" },
      "scrypt-n": { type: "string" },
      deployment: { type: "string" },
      rpc: { type: "string" },
      keystore: { type: "string" },
      model: { type: "string", multiple: true },
      "models-dir": { type: "string" },
      stake: { type: "string" },
      "fixed-cost": { type: "string" },
      "cost-per-compute-unit": { type: "string" },
      "min-price": { type: "string" },
      "margin-bps": { type: "string" },
      "state-dir": { type: "string" },
      "metrics-port": { type: "string" },
      "dry-run": { type: "boolean" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === "init") {
    if (!values.deployment) throw new Error(`init needs --deployment <file>\n${USAGE}`);
    const models = (values.model ?? []).map((entry) => {
      const match = /^(\d+)=(.+)$/.exec(entry);
      if (match === null)
        throw new Error(`--model ${entry}: expected <id>=<file.onnx>, e.g. 1=mnist-mlp.onnx`);
      return { id: BigInt(match[1] as string), file: match[2] as string };
    });
    const result = await runInit(
      {
        rpcUrl: values.rpc ?? "http://127.0.0.1:8545",
        deploymentFile: values.deployment,
        out: values.out ?? "worker.json",
        keystoreFile: values.keystore,
        models,
        modelsDir: values["models-dir"] ?? "./models",
        stake: values.stake ?? "min",
        fixedCostPerJob: values["fixed-cost"] ?? "0.1",
        costPerComputeUnit: values["cost-per-compute-unit"] ?? "0",
        minPrice: values["min-price"] ?? "0.05",
        marginBps: Number(values["margin-bps"] ?? 2000),
        stateDir: values["state-dir"] ?? "./state",
        metricsPort: Number(values["metrics-port"] ?? 9464),
        dryRun: values["dry-run"] ?? false,
        force: values.force ?? false,
      },
      process.env,
      values.json
        ? undefined
        : (step) => process.stdout.write(`ok  ${step.step.padEnd(9)} ${step.detail}\n`),
    );
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`next: verity-worker start --config ${result.config}\n`);
    return;
  }
  if (command === "start") {
    if (!values.config) throw new Error("start needs --config <file>");
    await start(values.config);
    return;
  }
  if (command === "keystore") {
    if ((sub !== "create" && sub !== "import") || !values.out)
      throw new Error("keystore create|import --out <file>");
    const scryptN = values["scrypt-n"] === undefined ? undefined : Number(values["scrypt-n"]);
    const address = await runKeystore({ action: sub, out: values.out, scryptN });
    process.stdout.write(`${JSON.stringify({ keystore: values.out, address })}\n`);
    return;
  }
  if (command === "status") {
    if (!values.config) throw new Error("status needs --config <file>");
    const report = await collectStatus(await loadConfig(values.config));
    process.stdout.write(
      values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatus(report)}\n`,
    );
    return;
  }
  throw new Error(`unknown command ${command}\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(
    `${JSON.stringify({ level: "error", event: "fatal", error: describeError(error) })}\n`,
  );
  process.exit(1);
});
