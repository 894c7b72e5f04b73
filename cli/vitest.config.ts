import { defineConfig } from "vitest/config";

// The CLI against a real anvil (one fresh chain per test file, with a chain id of its own
// so that parallel files never share deployments/<chainId>.json), and the devnet's processes.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
