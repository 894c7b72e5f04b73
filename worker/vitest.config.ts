import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each end-to-end file starts its own anvil and worker processes and spends most of its time
    // waiting for blocks and windows (a file uses about half a core: 51 s of CPU in 112 s for
    // fraud.test.ts), so two files run at once: 676 s for the suite instead of 1,095 s on two
    // cores (568 s in a second run). Their waits are for conditions, never fixed times, so a busier machine slows them
    // down without failing them; two at once is also a test of that.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
