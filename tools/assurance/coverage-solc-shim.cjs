#!/usr/bin/env node
// The compiler forge coverage runs (tools/assurance/coverage.mjs passes it with --use): solc-js as
// tools/solc-shim.cjs runs it, except that the Yul optimizer's stack allocation is switched on.
// forge coverage turns the optimizer off for accurate source maps, and without it IntegerDense's
// SWAR inline assembly is one slot too deep for the legacy code generator; `--ir-minimum` does not
// help (Staking.slash is then too deep). Stack allocation only places the assembly's variables:
// the Solidity code is not reordered, so statement and branch maps stay those of the source.
"use strict";
const solc = require("solc");

if (process.argv.includes("--version")) {
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${solc.version().replace(".Emscripten.clang", ".Linux.g++")}\n`,
  );
  process.exit(0);
}

const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const optimizer = input.settings.optimizer ?? {};
  if (!optimizer.enabled) {
    input.settings.optimizer = {
      ...optimizer,
      enabled: false,
      details: {
        ...optimizer.details,
        yul: true,
        yulDetails: { stackAllocation: true, optimizerSteps: ":" },
      },
    };
  }
  process.stdout.write(solc.compile(JSON.stringify(input)));
});
