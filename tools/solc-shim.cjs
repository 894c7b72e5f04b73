#!/usr/bin/env node
// forge cannot download a native solc offline, so it runs solc-js (the same
// compiler built to WebAssembly, pinned in package.json) through this shim,
// which speaks the two things forge asks of a solc binary.
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
  process.stdout.write(solc.compile(Buffer.concat(chunks).toString("utf8")));
});
