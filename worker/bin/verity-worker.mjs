#!/usr/bin/env node
// Loads the TypeScript CLI through tsx in this same process (no build step, and a
// signal sent to this process reaches the worker itself).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
