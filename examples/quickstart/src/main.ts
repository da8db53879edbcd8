/**
 * `pnpm demo` (from the repository root) or `pnpm start` (here): the Stageflow quickstart.
 *
 * - Documents: `documents/*.txt` beside this package (or `STAGEFLOW_DOCUMENTS_DIR`).
 * - Database: `.stageflow/quickstart.sqlite` at the repository root (or in `STAGEFLOW_DATA_DIR`).
 *   Delete the `.stageflow` folder to start from scratch.
 * - Provider: offline, unless `ANTHROPIC_API_KEY`, `OPENAI_API_KEY` or `GEMINI_API_KEY` is set
 *   (`STAGEFLOW_DEMO_PROVIDER=offline` forces the offline one).
 * - `--dashboard` (`pnpm demo --dashboard`): after the summary, serve the run dashboard on the
 *   demo's database at http://127.0.0.1:4820/ (`STAGEFLOW_DASHBOARD_PORT` for another port) until
 *   Ctrl-C.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runQuickstart } from "./run-quickstart";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The repository root (the folder with `pnpm-workspace.yaml`), else this example's folder. */
function projectRoot(): string {
  for (let dir = exampleDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) return exampleDir;
  }
}

const env = process.env;
const withDashboard = process.argv.slice(2).includes("--dashboard");

/**
 * Resolves on Ctrl-C (or SIGTERM): the dashboard stops, the worker drains, the demo ends with
 * exit code 0. The listeners stay, so the worker's own signal handler drains without raising
 * the signal again (which would end the process before the dashboard closed).
 */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.on("SIGINT", () => resolve());
    process.on("SIGTERM", () => resolve());
  });
}
let finished = false;
process.once("exit", () => {
  if (!finished) {
    process.stdout.write("\nStopped. Run `pnpm demo` again: the runs resume where they were.\n");
  }
});

try {
  const summary = await runQuickstart({
    dataDir: env.STAGEFLOW_DATA_DIR ?? join(projectRoot(), ".stageflow"),
    documentsDir: env.STAGEFLOW_DOCUMENTS_DIR ?? join(exampleDir, "documents"),
    env,
    out: process.stdout,
    handleSignals: true,
    ...(withDashboard
      ? {
          dashboard: {
            port: env.STAGEFLOW_DASHBOARD_PORT ? Number(env.STAGEFLOW_DASHBOARD_PORT) : 4820,
            served: () => untilStopped(),
          },
        }
      : {}),
  });
  finished = true;
  process.exitCode = summary.totals.failed > 0 ? 1 : 0;
} catch (error) {
  finished = true;
  console.error(error);
  process.exitCode = 1;
}
