// Each detector catches the violations planted in fixtures/ and nothing else; the allowlist
// excuses a finding only with a reason and reports its own stale entries.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkRules } from "./run.mjs";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const money = [{ file: "Vault.sol", contract: "Vault" }];
const parameters = [{ file: "Settings.sol", contract: "Settings" }];

/** The 1-based lines of `file` whose comment plants a violation of `rule`. */
function planted(file, rule) {
  return readFileSync(join(fixtures, file), "utf8")
    .split("\n")
    .flatMap((text, i) => (text.includes(`planted: ${rule}`) ? [i + 1] : []));
}

const run = (allowlist = {}) => checkRules({ rootDir: fixtures, money, parameters, allowlist });
const summary = (findings, rule) =>
  findings
    .filter((f) => f.rule === rule)
    .map((f) => `${f.file}:${f.line} ${f.key}`)
    .sort();

test("reentrancy-guard: flags the state-changing entry point without nonReentrant, not views", async () => {
  const { findings } = await run();
  // The finding points at the function's header, the line above the planted comment.
  const [comment] = planted("Vault.sol", "reentrancy-guard");
  assert.deepEqual(summary(findings, "reentrancy-guard"), [
    `Vault.sol:${comment - 1} Vault.withdrawUnguarded`,
  ]);
});

test("parameter-bounds: flags a setter with no check and one that checks after writing", async () => {
  const { findings } = await run();
  const [noCheck, lateCheck] = planted("Settings.sol", "parameter-bounds");
  assert.deepEqual(summary(findings, "parameter-bounds"), [
    `Settings.sol:${noCheck - 1} Settings.setWindow`,
    `Settings.sol:${lateCheck - 1} Settings.setFeeCheckedLate`,
  ]);
});

test("calls-before-writes: flags writes after a call (direct, low-level, negated, through a library and a helper)", async () => {
  const { findings } = await run();
  const lines = planted("Vault.sol", "calls-before-writes");
  assert.deepEqual(summary(findings, "calls-before-writes"), [
    `Vault.sol:${lines[0]} Vault.withdrawCallFirst`,
    `Vault.sol:${lines[1]} Vault.ethCallThenPointerWrite`,
    `Vault.sol:${lines[2]} Vault.checkedTransferThenWrite`,
    `Vault.sol:${lines[3]} Vault.payThroughLibraryThenCount`,
  ]);
  const viaLibrary = findings.find((f) => f.key === "Vault.payThroughLibraryThenCount");
  assert.match(viaLibrary.message, /token\.transfer\(to, amount\)/);
  assert.match(viaLibrary.message, /via Vault\._count/);
});

test("a finding names file:line and the rule, and says how to fix or excuse it", async () => {
  const { findings } = await run();
  const finding = findings.find((f) => f.key === "Vault.withdrawCallFirst");
  assert.match(finding.message, /writes storage after an external call/);
  assert.match(finding.message, /allowlist\.json/);
});

test("the allowlist excuses a finding only with a reason, and reports entries that excuse nothing", async () => {
  const { findings, stale } = await run({
    "reentrancy-guard": {
      "Vault.withdrawUnguarded": "fixture: writes only the caller's own balance",
    },
    "parameter-bounds": { "Settings.setWindow": "" },
    "calls-before-writes": { "Vault.withdrawEffectsFirst": "fixture: nothing to excuse" },
  });
  assert.equal(summary(findings, "reentrancy-guard").length, 0);
  assert.equal(summary(findings, "parameter-bounds").length, 2, "an empty reason excuses nothing");
  assert.deepEqual(stale.map((s) => `${s.rule}/${s.key}`).sort(), [
    "calls-before-writes/Vault.withdrawEffectsFirst",
    "parameter-bounds/Settings.setWindow",
  ]);
});
