/**
 * `pnpm start [--workers 3] [--runs 20] [--keep]`: starts worker processes on Postgres
 * (`STAGEFLOW_PG_URL`), produces runs, SIGKILLs a worker in the middle of a stage, and shows that
 * every run still completes: the dead worker's lease expires and another worker takes the job.
 */
import { parseClusterArgs } from "./cli-args";
import { runCluster } from "./cluster";
import { dropSchema, targetFromEnv } from "./database";

const args = parseClusterArgs(process.argv.slice(2));
const target = targetFromEnv();
const started = Date.now();
try {
  const report = await runCluster({
    target,
    workers: args.workers,
    runs: args.runs,
    log: (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`),
  });
  const completed = report.runs.filter((r) => r.status === "COMPLETED").length;
  console.log(`\n${completed}/${report.runs.length} runs completed.`);
  console.log("Stages finished per worker:", report.finishedBy);
  for (const t of report.takenOver) {
    console.log(
      `${report.killed} died in ${t.stageId} of ${t.workflowRunId}; ${t.finishedBy} finished it.`,
    );
  }
  process.exitCode = completed === report.runs.length ? 0 : 1;
} finally {
  if (!args.keep) await dropSchema(target);
}
