import { defineConfig } from "vitest/config";

// The browser test starts one devnet for the whole file; a job goes from post to final in it.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
