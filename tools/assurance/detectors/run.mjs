#!/usr/bin/env node
// Checks the project's own rules on contracts/src (npm run check:rules): entry points guarded
// against re-entry, parameter setters bounded, no external call before a state write. Each finding
// names file:line and the rule; allowlist.json holds the exceptions, each with its reason, and an
// entry that no longer matches anything fails too, so the list stays true.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULE as CEI, detectCallsBeforeWrites } from "./calls-before-writes.mjs";
import { RULE as BOUNDS, detectUncheckedSetters } from "./parameter-bounds.mjs";
import { detectUnguardedEntryPoints, RULE as GUARD } from "./reentrancy-guard.mjs";
import { loadUnit } from "./solidity.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");

// The contracts that hold funds or stake: the market, staking, the dispute game (with its reward
// pots and bonds) and the model registry (registration bonds).
const MONEY = [
  { file: "contracts/src/market/JobMarket.sol", contract: "JobMarket" },
  { file: "contracts/src/staking/Staking.sol", contract: "Staking" },
  { file: "contracts/src/dispute/DisputeGame.sol", contract: "DisputeGame" },
  { file: "contracts/src/models/ModelRegistry.sol", contract: "ModelRegistry" },
];
const PARAMETERS = [{ file: "contracts/src/Parameters.sol", contract: "Parameters" }];

/** Runs every detector; returns the findings the allowlist does not excuse and its stale entries. */
export async function checkRules({ rootDir, money, parameters, allowlist }) {
  const files = [...new Set([...money, ...parameters].map((t) => t.file))];
  const unit = await loadUnit(rootDir, files);
  const findings = [
    ...detectUnguardedEntryPoints(unit, money),
    ...detectUncheckedSetters(unit, parameters),
    ...detectCallsBeforeWrites(unit, [...money, ...parameters]),
  ];
  const used = new Set();
  const open = findings.filter((f) => {
    const reason = allowlist[f.rule]?.[f.key];
    if (typeof reason === "string" && reason.trim().length > 0) {
      used.add(`${f.rule}/${f.key}`);
      return false;
    }
    return true;
  });
  const stale = [];
  for (const rule of [GUARD, BOUNDS, CEI]) {
    for (const key of Object.keys(allowlist[rule] ?? {})) {
      if (!used.has(`${rule}/${key}`)) stale.push({ rule, key });
    }
  }
  return { findings: open, stale };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const allowlist = JSON.parse(readFileSync(join(here, "allowlist.json"), "utf8"));
  const { findings, stale } = await checkRules({
    rootDir: root,
    money: MONEY,
    parameters: PARAMETERS,
    allowlist,
  });
  for (const f of findings) console.error(`${f.file}:${f.line}: [${f.rule}] ${f.message}`);
  for (const s of stale) {
    console.error(
      `tools/assurance/detectors/allowlist.json: [${s.rule}] "${s.key}" excuses nothing any more: remove the entry`,
    );
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (findings.length > 0 || stale.length > 0) {
    console.error(
      `check:rules: ${findings.length} finding(s), ${stale.length} stale allowlist entr(ies) (${seconds} s)`,
    );
    process.exit(1);
  }
  console.log(`check:rules: ${GUARD}, ${BOUNDS}, ${CEI} hold on contracts/src (${seconds} s)`);
}
