/**
 * verity-worker: the Verity provider node.
 *
 *   verity-worker start --config <file>
 *   verity-worker keystore create --out <file> [--scrypt-n <N>]
 *   verity-worker keystore import --out <file> [--scrypt-n <N>]   (key from VERITY_PRIVATE_KEY or stdin)
 *   verity-worker status --config <file> [--json]
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/load.js";
import { describeError } from "../errors.js";
import { runKeystore } from "./keystore.js";
import { start } from "./start.js";
import { collectStatus, formatStatus } from "./status.js";

const USAGE = `usage:
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
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
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
