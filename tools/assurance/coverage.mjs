#!/usr/bin/env node
// Line and branch coverage of contracts/src by the forge suite (npm run assure:coverage): runs
// `forge coverage` (tests, scripts and dependencies left out of the report), prints each file's
// numbers and fails when the totals fall under the thresholds. docs/security.md lists the lines
// and branches left uncovered and why.
//
//   node tools/assurance/coverage.mjs                     run the suite under coverage, then check
//   node tools/assurance/coverage.mjs --lcov FILE         check an lcov report made earlier
//   node tools/assurance/coverage.mjs -- --match-path X   pass the rest on to forge coverage
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const MIN_LINES = 95;
export const MIN_BRANCHES = 90;

// Tests left out of the coverage run, each with why; `npm test` still runs them. Coverage compiles
// without the optimizer and instruments every statement, so a test that measures gas to the
// thousand sees more than the production build spends.
const SKIPPED_TESTS = {
  // The consumer reads gasleft() on entry and asserts it got its limit less at most 1,000 gas; the
  // unoptimized consumer spends more than that before the read (198,955 of 200,000 measured).
  test_finalize_callsTheConsumerBackWithTheInlineOutput:
    "gas measured inside an unoptimized consumer",
  // A gas budget for the optimized build (150,000 warm); unoptimized, delegate costs 157,882.
  test_gas_constantInTheNumberOfDelegators: "a gas budget measured on the unoptimized build",
  // The sample CNN's whole dispute within 1M gas (981,749 optimized); unoptimized, 1,047,586.
  test_sampleCnnShape_convictionAtTheFirstConv_gas:
    "a gas budget measured on the unoptimized build",
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Per-file line and branch counts from an lcov report, for files under contracts/src. */
export function parseLcov(text) {
  const files = [];
  let current;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) {
      current = { file: line.slice(3).trim(), lines: new Map(), branches: new Map() };
    } else if (line.startsWith("DA:") && current) {
      const [at, hits] = line.slice(3).split(",");
      current.lines.set(at, (current.lines.get(at) ?? 0) + Number(hits));
    } else if (line.startsWith("BRDA:") && current) {
      const [at, block, branch, taken] = line.slice(5).split(",");
      const key = `${at},${block},${branch}`;
      current.branches.set(
        key,
        (current.branches.get(key) ?? 0) + (taken === "-" ? 0 : Number(taken)),
      );
    } else if (line === "end_of_record" && current) {
      if (current.file.startsWith("contracts/src/")) files.push(summarize(current));
      current = undefined;
    }
  }
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

function summarize({ file, lines, branches }) {
  const missed = (map) =>
    [...map].filter(([, hits]) => hits === 0).map(([key]) => Number(key.split(",")[0]));
  return {
    file,
    lines: { found: lines.size, hit: lines.size - missed(lines).length, missed: missed(lines) },
    branches: {
      found: branches.size,
      hit: branches.size - missed(branches).length,
      missed: missed(branches),
    },
  };
}

const percent = (hit, found) => (found === 0 ? 100 : (100 * hit) / found);

/** The report's table and verdict; `ok` is false when a total is under its threshold. */
export function report(files) {
  const total = files.reduce(
    (t, f) => ({
      lines: { found: t.lines.found + f.lines.found, hit: t.lines.hit + f.lines.hit },
      branches: {
        found: t.branches.found + f.branches.found,
        hit: t.branches.hit + f.branches.hit,
      },
    }),
    { lines: { found: 0, hit: 0 }, branches: { found: 0, hit: 0 } },
  );
  const cell = ({ hit, found }) =>
    `${percent(hit, found).toFixed(2)}% (${hit}/${found})`.padStart(20);
  const rows = files.map((f) => {
    const gaps = [...new Set([...f.lines.missed, ...f.branches.missed])].sort((a, b) => a - b);
    const where = gaps.length > 0 ? `  uncovered at lines ${gaps.join(", ")}` : "";
    return `${f.file.padEnd(56)}${cell(f.lines)}${cell(f.branches)}${where}`;
  });
  const lines = percent(total.lines.hit, total.lines.found);
  const branches = percent(total.branches.hit, total.branches.found);
  const ok = lines >= MIN_LINES && branches >= MIN_BRANCHES;
  const text = [
    `${"file".padEnd(56)}${"lines".padStart(20)}${"branches".padStart(20)}`,
    ...rows,
    `${"total".padEnd(56)}${cell(total.lines)}${cell(total.branches)}`,
    ok
      ? `coverage: lines ${lines.toFixed(2)}% >= ${MIN_LINES}%, branches ${branches.toFixed(2)}% >= ${MIN_BRANCHES}%`
      : `coverage under the thresholds: lines ${lines.toFixed(2)}% (need ${MIN_LINES}%), branches ${branches.toFixed(2)}% (need ${MIN_BRANCHES}%). Add tests for the lines above, or list an unreachable one with why in docs/security.md ("Coverage")`,
  ];
  return { ok, text: text.join("\n"), total: { lines, branches } };
}

function runCoverage(extra) {
  const dir = mkdtempSync(join(tmpdir(), "verity-coverage-"));
  const lcov = join(dir, "lcov.info");
  const log = join(dir, "forge.log");
  const started = Date.now();
  // The shim switches on the Yul stack allocator that IntegerDense's inline assembly needs once
  // forge coverage has turned the optimizer off (see the shim's header).
  const args = [
    join(root, "tools", "foundry.mjs"),
    "forge",
    "coverage",
    "--use",
    join(root, "tools", "assurance", "coverage-solc-shim.cjs"),
    "--no-match-coverage",
    "(contracts/test|contracts/script|node_modules)",
    "--report",
    "lcov",
    "--report-file",
    lcov,
    // The exhaustive checks (millions of cases) exceed the gas limit in coverage's unoptimized,
    // instrumented build; they run in `npm test`, and IntegerDense is covered by the other tests.
    "--no-match-path",
    "contracts/test/assurance/*",
    "--no-match-test",
    // forge matches the signature, `name(args)`.
    `^(${Object.keys(SKIPPED_TESTS).join("|")})\\(`,
    ...extra,
  ];
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    // foundry.toml's coverage profile: the fuzz and invariant campaigns at a depth that reaches the
    // same lines and branches as the ci profile's, in a fraction of its time (npm test runs those).
    env: { ...process.env, FOUNDRY_PROFILE: "coverage" },
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  writeFileSync(log, `${result.stdout}\n${result.stderr}`);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-40).join("\n");
    console.error(
      `${tail}\nforge coverage failed (exit ${result.status}) after ${seconds} s: a test failed or the build broke (see above)`,
    );
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
  const text = readFileSync(lcov, "utf8");
  rmSync(dir, { recursive: true, force: true });
  return { text, seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--lcov");
  const dash = argv.indexOf("--");
  const extra = dash === -1 ? [] : argv.slice(dash + 1);
  const { text, seconds } =
    at === -1 ? runCoverage(extra) : { text: readFileSync(argv[at + 1], "utf8") };
  const { ok, text: table } = report(parseLcov(text));
  console.log(table);
  if (seconds !== undefined) console.log(`forge coverage took ${seconds} s`);
  if (!ok) process.exit(1);
}
