import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each end-to-end file starts its own anvil and worker processes: run files one at a time
    // (two cores; the timings of auction windows must not depend on another file's load).
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
