#!/usr/bin/env node
// Runs every package's tests through turbo, streams the output, and closes with one plain line
// totalling vitest's and Playwright's per-package summaries: "tests: N passed, N failed, N skipped".
import { spawn } from "node:child_process";

// One package at a time (each still runs its test files in parallel): several suites open many
// Postgres connections (crash tests run worker processes with their own pools), and two of them
// side by side can exhaust the server's max_connections (100 by default).
const args = [
  "turbo",
  "run",
  "test",
  "--concurrency=1",
  "--output-logs=full",
  "--log-order=grouped",
  ...process.argv.slice(2),
];
const child = spawn("pnpm", ["exec", ...args], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, FORCE_COLOR: "0", TURBO_TELEMETRY_DISABLED: "1" },
});

const totals = { passed: 0, failed: 0, skipped: 0 };
let pending = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString("utf8");
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) tally(line);
});

function tally(rawLine) {
  // vitest: "      Tests  12 failed | 40 passed | 2 skipped (54)"
  const line = rawLine.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  // Playwright's list reporter: "  24 passed (1.2m)", "  1 failed", "  2 skipped", "  1 flaky".
  const playwright = /(?:^|:\s)\s*(\d+) (passed|failed|skipped|flaky)(?: \([^)]*\))?\s*$/.exec(
    line,
  );
  if (playwright) {
    const kind = playwright[2] === "flaky" ? "failed" : playwright[2];
    totals[kind] += Number(playwright[1]);
    return;
  }
  const match = /\bTests\s+(.+)\(\d+\)\s*$/.exec(line);
  if (!match?.[1]) return;
  for (const part of match[1].split("|")) {
    const [, count, kind] = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part) ?? [];
    if (kind === "passed" || kind === "failed" || kind === "skipped") totals[kind] += Number(count);
    if (kind === "todo") totals.skipped += Number(count);
  }
}

child.on("close", (code) => {
  if (pending) tally(pending);
  console.log(
    `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
  );
  process.exit(code ?? 1);
});
