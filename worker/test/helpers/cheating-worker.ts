/**
 * `verity-worker start` for a cheating provider (tests only): the same start,
 * with the corrupting runner of cheat.ts. The corruption is read from the
 * test-only key `testing.corruptActivation` of the configuration file, which
 * the worker's own schema ignores.
 *
 *   node --import tsx test/helpers/cheating-worker.ts start --config <file>
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { start } from "../../src/cli/start.js";
import { type CorruptActivation, corruptingRunner } from "./cheat.js";

const { values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { config: { type: "string", short: "c" } },
});
if (values.config === undefined) throw new Error("cheating-worker start --config <file>");
const json = JSON.parse(await readFile(values.config, "utf8")) as {
  testing?: { corruptActivation?: CorruptActivation };
};
const corruption = json.testing?.corruptActivation;
if (corruption === undefined) throw new Error("the configuration has no testing.corruptActivation");
const worker = await start(values.config, { createRunner: corruptingRunner(corruption) });
console.log(JSON.stringify({ event: "testing_cheater_started", ...corruption }));
void worker;
