import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One file at a time: the crash-safety file runs several worker processes with their own
    // Postgres pools (old and replacement workers overlap while one drains); next to the other
    // Postgres suites it could exhaust the server's max_connections.
    fileParallelism: false,
  },
});
