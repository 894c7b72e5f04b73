#!/usr/bin/env node
// The `verity` executable: loads the TypeScript CLI through tsx in this same
// process (no build step, and Ctrl-C reaches the CLI itself).
import { register } from "tsx/esm/api";

register();
const { runVerity } = await import("../src/main.ts");
const code = await runVerity(process.argv.slice(2));
// `devnet` keeps running until Ctrl-C; every other command exits with its code.
if (process.argv[2] !== "devnet" || code !== 0) process.exit(code);
