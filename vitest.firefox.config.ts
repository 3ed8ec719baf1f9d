import { defineConfig } from "vitest/config";

// E2E in Firefox: the built MV2 extension in Debian's Firefox ESR. One file at a time: the machine has 2 cores.
export default defineConfig({
  test: {
    environment: "node",
    include: ["tests/e2e-firefox/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 90_000,
  },
});
