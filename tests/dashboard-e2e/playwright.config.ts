import { defineConfig } from "@playwright/test";
import type { DatabaseKind } from "./src/fixture/database";

// Debian's chromium (`apt-get install -y chromium`): Playwright's own browser download needs a
// network these machines do not have, so it is never used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const project = (name: DatabaseKind) => ({
  name,
  use: { databaseKind: name },
  // The README's screenshots (UPDATE_SCREENSHOTS=1) are taken once, on SQLite.
  ...(name === "sqlite" ? {} : { testIgnore: /screenshots\.spec\.ts$/ }),
});

export default defineConfig<object, { databaseKind: DatabaseKind }>({
  testDir: "./src/specs",
  // Each worker process seeds a database of its own; specs of a file share it, in order.
  fullyParallel: false,
  workers: 2,
  // A failed test fails the run (exit code 1): CI reads only the exit code.
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "./test-results",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath, args: launchArgs },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
  },
  projects: [project("sqlite"), project("postgres")],
});
