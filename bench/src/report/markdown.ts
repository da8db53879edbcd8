import type { ResultsFile } from "./results";
import { backlogSection } from "./sections/backlog-section";
import { enqueueSection } from "./sections/enqueue-section";
import { goalsSection } from "./sections/goals-section";
import { latencySection } from "./sections/latency-section";
import { matrixSection } from "./sections/matrix-section";
import { seededSection } from "./sections/seeded-section";
import { throughputSection } from "./sections/throughput-section";

/** The Markdown report of a results file (printed to stdout). */
export function renderMarkdown(r: ResultsFile): string {
  const m = r.machine;
  const perCase =
    r.mode === "quick" ? 1 : Math.max(1, ...r.cases.map((c) => c.medianOf?.length ?? 0));
  const foreign = r.cases
    .filter((c) => c.maxForeignCpuPct > 10)
    .map((c) => `${c.id} (${c.maxForeignCpuPct} %)`);
  const errors = r.cases.flatMap((c) =>
    c.errors.map(
      (e) => `${c.id}: ${e.split("\n")[0]}${c.reps.length ? " (other repetitions succeeded)" : ""}`,
    ),
  );
  const has = (test: string) => r.cases.some((c) => c.test === test);
  return [
    `## Stageflow benchmark — ${r.startedAt.slice(0, 16).replace("T", " ")} UTC, ${r.mode} run`,
    "",
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres} (shared_buffers ${m.pgSharedBuffers}, synchronous_commit ${m.pgSynchronousCommit}, fsync ${m.pgFsync}); SQLite: WAL, synchronous NORMAL. Each figure is the median of a case's repetitions without foreign load (${perCase} per case; pg-boss throughput once; repetitions taken under load are re-run while time allows); ⚠ = the figure includes a repetition with over 10 % foreign CPU.`,
    ...(has("throughput") ? ["", throughputSection(r)] : []),
    ...(has("enqueue") ? ["", enqueueSection(r)] : []),
    ...(has("latency") ? ["", latencySection(r)] : []),
    ...(has("matrix") ? ["", matrixSection(r)] : []),
    ...(has("seeded") ? ["", seededSection(r)] : []),
    ...(has("backlog") ? ["", backlogSection(r)] : []),
    "",
    goalsSection(r),
    ...(foreign.length
      ? ["", `Foreign CPU load > 10 %: ${foreign.join(", ")}. Re-run on an idle machine.`]
      : []),
    ...(r.unavailable.length
      ? ["", "Not measured:", ...r.unavailable.map((u) => `- ${u.id}: ${u.reason}`)]
      : []),
    ...(errors.length ? ["", "Errors:", ...errors.map((e) => `- ${e}`)] : []),
  ].join("\n");
}
