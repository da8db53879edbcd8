import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file opens real SQLite and Postgres databases; one at a time keeps connections bounded.
    fileParallelism: false,
  },
});
