import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file runs its own anvil and indexer; one at a time keeps a 2-core
    // machine honest, and forge writes the devnet's deployment file in one place.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
