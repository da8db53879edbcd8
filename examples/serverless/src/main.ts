/** `pnpm start [--platform cloudflare-workers] [--runs 5]`: the serverless simulation. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseServerlessArgs } from "./cli-args";
import { simulate } from "./simulate";

const { platform, runs } = parseServerlessArgs(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), "stageflow-serverless-"));
try {
  const report = await simulate({
    platform,
    filename: join(dir, "stageflow.sqlite"),
    runs,
    log: (line) => console.log(`[${platform}] ${line}`),
  });
  for (const run of report.runs) console.log(run.status, JSON.stringify(run.output));
  process.exitCode = report.runs.every((r) => r.status === "COMPLETED") ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
