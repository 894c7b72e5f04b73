import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // onnxruntime sessions are created on first use; the first ORT test pays for loading the native binding.
    testTimeout: 60_000,
  },
});
