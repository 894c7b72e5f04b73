#!/usr/bin/env node
// Runs the forge suite once and checks the per-call gas snapshots it writes (snapshots/<group>.json,
// from `vm.snapshotGasLastCall` in the tests) against the committed ones.
//
//   node tools/gas/check-snapshots.mjs            CI: fails when forge fails, when a value moved by
//                                                  more than 5%, or when a name appeared or disappeared
//   node tools/gas/check-snapshots.mjs --update   after an intended change: keeps forge's new files
//                                                  (then `git add snapshots/` and commit them)
//
// Other arguments go to `forge test` (e.g. --match-path); a partial run records only part of the
// names, so use them with --update only to look, not to commit.
//
// foundry.toml leaves gas_snapshot_emit off (a partial `forge test` would truncate the files); this
// script turns it on for its run. "Committed" means the git index: staged values count, so `git add snapshots/` accepts a change.
// When every value is within the tolerance the committed files are restored, so a run leaves the
// tree as it found it; otherwise forge's files stay for `git diff snapshots/` to show.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TOLERANCE_PERCENT = 5;
const DIR = "snapshots";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
process.chdir(root);

const args = process.argv.slice(2);
const update = args.includes("--update");
const forgeArgs = args.filter((a) => a !== "--update");
if (forgeArgs.length > 0 && !update) {
  console.error(
    "check-snapshots: forge arguments are only allowed with --update (a partial run misses names)",
  );
  process.exit(2);
}

function git(...gitArgs) {
  const r = spawnSync("git", gitArgs, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${gitArgs.join(" ")}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** @returns {Map<string, number>} "group/name" -> gas */
function flatten(files) {
  const out = new Map();
  for (const [group, text] of files) {
    for (const [name, value] of Object.entries(JSON.parse(text)))
      out.set(`${group}/${name}`, Number(value));
  }
  return out;
}

const committedFiles = git("ls-files", "--", `${DIR}/*.json`).split("\n").filter(Boolean);
const committed = flatten(
  committedFiles.map((path) => [
    path.slice(DIR.length + 1, -".json".length),
    git("show", `:${path}`),
  ]),
);

// forge rewrites the files of the groups it records but never deletes one: start from an empty
// folder so that a group whose every test is gone shows as removed.
if (forgeArgs.length === 0) {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR);
}

const forge = spawnSync(process.execPath, ["tools/foundry.mjs", "forge", "test", ...forgeArgs], {
  stdio: "inherit",
  env: { ...process.env, FOUNDRY_GAS_SNAPSHOT_EMIT: "true" },
});
if (forge.status !== 0) {
  restore();
  console.error(
    `\ncheck-snapshots: forge test failed (exit ${forge.status ?? forge.signal}); snapshots not checked`,
  );
  process.exit(forge.status ?? 1);
}

const fresh = flatten(
  (existsSync(DIR) ? readdirSync(DIR) : [])
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f.slice(0, -".json".length), readFileSync(join(DIR, f), "utf8")]),
);

const rows = [];
for (const key of [...new Set([...committed.keys(), ...fresh.keys()])].sort()) {
  const before = committed.get(key);
  const after = fresh.get(key);
  if (before === after) continue;
  let verdict;
  let change = "";
  if (before === undefined) verdict = "new";
  else if (after === undefined) verdict = "removed";
  else {
    const percent = ((after - before) / before) * 100;
    change = `${percent > 0 ? "+" : ""}${percent.toFixed(2)}%`;
    verdict = Math.abs(percent) > TOLERANCE_PERCENT ? "moved" : "within";
  }
  rows.push({ key, before, after, change, verdict });
}
const failing = rows.filter((r) => r.verdict !== "within");

console.log(
  `\ngas snapshots: ${fresh.size} calls recorded, ${committed.size} committed, tolerance ${TOLERANCE_PERCENT}%`,
);
if (rows.length > 0) printTable(rows);

if (update) {
  console.log(
    `\n--update: forge's files are kept in ${DIR}/; review with \`git diff ${DIR}/\`, then commit them`,
  );
  process.exit(0);
}
if (failing.length > 0) {
  console.error(
    `\ncheck-snapshots: ${failing.length} snapshot(s) new, removed or moved by more than ${TOLERANCE_PERCENT}%.` +
      `\nIf intended, the new files are in ${DIR}/: \`git add ${DIR}/\` and commit them with the change.`,
  );
  process.exit(1);
}
restore();
console.log(rows.length > 0 ? "all within tolerance; committed files kept" : "no change");

function restore() {
  rmSync(DIR, { recursive: true, force: true });
  if (committedFiles.length > 0) git("checkout", "--", DIR);
}

function printTable(table) {
  const fmt = (n) => (n === undefined ? "-" : n.toLocaleString("en-US"));
  const cells = [["call", "committed", "now", "change", ""]].concat(
    table.map((r) => [
      r.key,
      fmt(r.before),
      fmt(r.after),
      r.change,
      { new: "NEW", removed: "REMOVED", moved: "MOVED", within: "ok" }[r.verdict],
    ]),
  );
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  for (const [i, c] of cells.entries()) {
    console.log(
      c
        .map((v, j) => (j === 0 || j === 4 ? v.padEnd(widths[j]) : v.padStart(widths[j])))
        .join("  ")
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
