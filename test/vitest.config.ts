import { defineConfig } from "vitest/config";

// One devnet for the whole run (started by the global setup, exactly as `verity devnet`
// starts it), so the files run one after another: they share its workers and its clock.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    globalSetup: ["./setup/devnet.ts"],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 420_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
