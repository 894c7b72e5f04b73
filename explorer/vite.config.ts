import { defineConfig } from "vite";

// Preact's JSX runtime; relative asset paths so that the server may mount the page anywhere.
export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    target: "es2022",
    rolldownOptions: {
      onLog(level, log, handler) {
        // The SDK's single entry point also holds loadDeployment, which reads a file with
        // node:fs; the page never calls it and the bundle drops it, so the notice is noise.
        if (log.message.includes("externalized for browser compatibility")) return;
        handler(level, log);
      },
    },
  },
});
