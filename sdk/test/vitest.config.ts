import { defineConfig } from "vitest/config";

// SDK tests against a real anvil: one fresh chain per test file (a unique chain id,
// so that parallel files and other runs never share deployments/<chainId>.json).
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
