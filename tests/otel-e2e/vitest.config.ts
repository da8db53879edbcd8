import { defineConfig } from "vitest/config";

export default defineConfig({
  // Worker processes start and run several commands in beforeAll: give hooks as long as tests.
  test: { include: ["src/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
