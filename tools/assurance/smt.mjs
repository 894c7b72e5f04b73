#!/usr/bin/env node
// Proves the SMTChecker harnesses in contracts/test/assurance/smt/ with solc's bounded model
// checker (BMC) and z3, and prints one line per property: proven, counterexample or unknown.
// Exits non-zero on any counterexample, on an unknown not listed in smt-expected.mjs with its
// reason, on an expected unknown that is now proven (update the list), or on a compile error.
//
//   node tools/assurance/smt.mjs [--timeout <seconds per query>] [harness.sol ...]
//
// solc-js has no solver inside: it hands each SMT-LIB2 query to the callback below, which runs
// Debian's `z3` (tools/ci/z3.sh installs it). Only the BMC engine works this way; CHC needs a
// Horn solver solc-js cannot reach. BMC checks every public function on its own, with free
// inputs, so each harness states its property for all inputs that satisfy its `require`s.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";
import { EXPECTED_UNKNOWN } from "./smt-expected.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HARNESS_DIR = "contracts/test/assurance/smt";
const TARGETS = ["assert", "overflow", "underflow", "divByZero"];

function parseArgs(argv) {
  const options = { timeout: 60, files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--timeout") options.timeout = Number(argv[++i]);
    else options.files.push(argv[i]);
  }
  if (!(options.timeout > 0))
    throw new Error("--timeout takes a number of seconds per solver query, e.g. --timeout 60");
  if (options.files.length === 0) {
    options.files = readdirSync(path.join(ROOT, HARNESS_DIR))
      .filter((name) => name.endsWith(".sol"))
      .sort()
      .map((name) => `${HARNESS_DIR}/${name}`);
  }
  return options;
}

function requireZ3() {
  try {
    return execFileSync("z3", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "z3 is not installed: the SMTChecker needs it. Install it with tools/ci/z3.sh (Debian's z3).",
    );
  }
}

/** solc's SMT callback: z3 answers `sat`/`unsat`/`unknown`; a timeout reads as `unknown`. */
function z3Callback(timeoutSeconds, stats) {
  return (query) => {
    stats.queries++;
    try {
      const out = execFileSync("z3", ["-smt2", "-in", `-T:${timeoutSeconds}`], {
        input: query,
        encoding: "utf8",
      });
      // solc takes anything but sat/unsat/unknown for a broken solver; a timeout is an unknown.
      if (out.startsWith("timeout")) {
        stats.timeouts++;
        return { contents: "unknown\n" };
      }
      return { contents: out };
    } catch (error) {
      // z3 exits non-zero on a timeout or when asked for a model of an unsat query; stdout still answers.
      const out = error.stdout?.toString() ?? "";
      if (/^(sat|unsat|unknown)/.test(out)) return { contents: out };
      if (out.startsWith("timeout") || error.signal) {
        stats.timeouts++;
        return { contents: "unknown\n" };
      }
      return { error: `z3 failed: ${error.message}` };
    }
  };
}

/** Relative imports of a harness resolve against the repository. */
function readImport(importPath) {
  try {
    return { contents: readFileSync(path.join(ROOT, importPath), "utf8") };
  } catch {
    return { error: `cannot read ${importPath}` };
  }
}

function functionAt(source, offset) {
  const before = source.slice(0, offset);
  const matches = [...before.matchAll(/function\s+(\w+)/g)];
  return matches.length ? matches[matches.length - 1][1] : "<contract>";
}

function lineAt(source, offset) {
  return source.slice(0, offset).split("\n").length;
}

const KINDS = [
  [/Assertion violation/, "assert"],
  [/Overflow/, "overflow"],
  [/Underflow/, "underflow"],
  [/Division by zero/, "divByZero"],
];

function classify(message) {
  if (/check is safe!/.test(message)) return "proven";
  if (/happens here/.test(message)) return "counterexample";
  if (/might happen here/.test(message)) return "unknown";
  return undefined;
}

function checkHarness(file, timeoutSeconds) {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  const input = {
    language: "Solidity",
    sources: { [file]: { content: source } },
    settings: {
      modelChecker: {
        engine: "bmc",
        targets: TARGETS,
        solvers: ["smtlib2"],
        showProvedSafe: true,
        showUnproved: true,
        showUnsupported: true,
      },
      outputSelection: {},
    },
  };
  const stats = { queries: 0, timeouts: 0 };
  const started = Date.now();
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: readImport,
      smtSolver: z3Callback(timeoutSeconds, stats),
    }),
  );
  const properties = [];
  const problems = [];
  for (const entry of output.errors ?? []) {
    if (entry.severity === "error") {
      problems.push(entry.formattedMessage);
      continue;
    }
    if (!entry.message.startsWith("BMC:")) continue;
    const status = classify(entry.message);
    const location = entry.sourceLocation;
    if (!status || !location || location.file !== file) {
      // A summary or an unsupported construct: it can hide a property, so it must be looked at.
      problems.push(entry.formattedMessage);
      continue;
    }
    const kind = KINDS.find(([pattern]) => pattern.test(entry.message))?.[1] ?? "other";
    const fn = functionAt(source, location.start);
    const line = lineAt(source, location.start);
    const text = source.slice(location.start, location.end).replace(/\s+/g, " ");
    const detail =
      status === "counterexample"
        ? (entry.secondarySourceLocations?.[0]?.message ?? "").trim().replace(/\s*\n\s*/g, ", ")
        : "";
    properties.push({
      file,
      fn,
      line,
      kind,
      status,
      text,
      detail,
      key: `${path.basename(file)}:${fn}:${kind}`,
    });
  }
  properties.sort((a, b) => a.line - b.line);
  return { properties, problems, ...stats, ms: Date.now() - started };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const z3 = requireZ3();
  console.log(`SMTChecker BMC (solc ${solc.version()}) with ${z3}, ${options.timeout} s per query`);
  let failures = 0;
  const counts = { proven: 0, counterexample: 0, unknown: 0 };
  const seenExpected = new Set();
  for (const file of options.files) {
    const { properties, problems, queries, timeouts, ms } = checkHarness(file, options.timeout);
    console.log(
      `\n${file}: ${properties.length} properties, ${queries} solver queries (${timeouts} timed out), ${(ms / 1000).toFixed(1)} s`,
    );
    for (const p of properties) {
      counts[p.status]++;
      const expected = EXPECTED_UNKNOWN[p.key];
      let note = "";
      if (p.status === "counterexample") {
        failures++;
        note = `  <- ${p.detail}`;
      } else if (p.status === "unknown") {
        if (expected) {
          seenExpected.add(p.key);
          note = `  (expected: ${expected})`;
        } else {
          failures++;
          note =
            "  <- unexpected: the solver could not decide it (raise --timeout, simplify, or list it with its reason in tools/assurance/smt-expected.mjs)";
        }
      }
      console.log(`  ${p.status.padEnd(14)} ${p.fn} ${p.kind} (line ${p.line}: ${p.text})${note}`);
    }
    for (const problem of problems) {
      failures++;
      console.log(`  problem: ${problem.trim()}`);
    }
  }
  for (const key of Object.keys(EXPECTED_UNKNOWN)) {
    const inRun = options.files.some((file) => key.startsWith(`${path.basename(file)}:`));
    if (inRun && !seenExpected.has(key)) {
      failures++;
      console.log(
        `\n${key} is listed as unknown in smt-expected.mjs but was decided: remove it from the list.`,
      );
    }
  }
  console.log(
    `\n${counts.proven} proven, ${counts.counterexample} counterexamples, ${counts.unknown} unknown; ${failures === 0 ? "OK" : `${failures} failure(s)`}`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

try {
  main();
} catch (error) {
  console.error(`smt: ${error.message}`);
  process.exitCode = 2;
}
