import { defineConfig } from "vitest/config";

// E2E: the built extension in real Chromium. One file at a time: the machine has 2 cores.
export default defineConfig({
  test: {
    environment: "node",
    include: ["tests/e2e/**/*.e2e.ts", "tests/security/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
