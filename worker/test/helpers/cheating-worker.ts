/**
 * `verity-worker start` for a cheating provider (tests only): the same start,
 * with the corrupting runner of cheat.ts. The corruption is read from the
 * test-only key `testing.corruptActivation` of the configuration file; the
 * worker itself is started on a copy without that key (its schema refuses
 * unknown keys).
 *
 *   node --import tsx test/helpers/cheating-worker.ts start --config <file>
 */
import { readFile, writeFile } from "node:fs/promises";
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
const { testing: _testOnly, ...workerJson } = json;
// Beside the original, so that relative paths resolve the same.
const workerConfigFile = values.config.replace(/(\.json)?$/, ".worker.json");
await writeFile(workerConfigFile, JSON.stringify(workerJson, null, 2));
const worker = await start(workerConfigFile, { createRunner: corruptingRunner(corruption) });
console.log(JSON.stringify({ event: "testing_cheater_started", ...corruption }));
void worker;
