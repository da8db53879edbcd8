/**
 * Stageflow benchmark harness: graphile-worker, pg-boss and Stageflow measured side by side in one
 * run on the same PostgreSQL (and Stageflow on SQLite), by the method of ../shared/bench-anchors.
 *
 * @example
 * ```sh
 * pnpm --filter @stageflow/bench bench            # full run, ~15 min, medians of 3
 * pnpm --filter @stageflow/bench bench --quick    # ~2 min
 * pnpm --filter @stageflow/bench bench --only=latency,sf
 * ```
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCliOptions } from "./cli-options";
import type { BenchCase } from "./lib/bench-case";
import { createPool, ensureDatabases } from "./lib/databases";
import { machineInfo } from "./lib/machine-info";
import { newCaseResult, type RepetitionContext, runRepetition } from "./lib/run-repetition";
import { peerCases } from "./peers/peer-cases";
import { planSizes } from "./plan-sizes";
import { renderMarkdown } from "./report/markdown";
import { type CaseResult, cleanReps, type ResultsFile, type Unavailable } from "./report/results";
import { toJson } from "./report/to-json";

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function selected(c: BenchCase, only: readonly string[]): boolean {
  return only.length === 0 || only.some((o) => c.tags.includes(o) || c.id.startsWith(o));
}

async function loadStageflowCases(
  sizes: ReturnType<typeof planSizes>,
): Promise<{ cases: BenchCase[]; unavailable: Unavailable[] }> {
  try {
    const mod = await import("./stageflow/stageflow-cases");
    return await mod.stageflowCases(sizes);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return {
      cases: [],
      unavailable: [{ id: "sf.*", reason: `Stageflow packages not loadable: ${reason}` }],
    };
  }
}

function entryOf(byId: Map<string, CaseResult>, c: BenchCase): CaseResult {
  const entry = byId.get(c.id);
  if (!entry) throw new Error(`no result entry for ${c.id}`);
  return entry;
}

async function main(): Promise<void> {
  const cli = parseCliOptions(process.argv.slice(2));
  const sizes = planSizes(cli.quick);
  if (cli.reps) sizes.reps = cli.reps;
  await ensureDatabases();
  const admin = createPool("postgres", 2);
  const sf = await loadStageflowCases(sizes);
  // Side by side: every system's enqueue, then throughput, matrix and latency cases.
  const order = ["enqueue", "throughput", "matrix", "seeded", "backlog", "latency", "rss"];
  const cases = [...peerCases(sizes), ...sf.cases]
    .filter((c) => selected(c, cli.only))
    .sort((a, b) => order.indexOf(a.test) - order.indexOf(b.test));
  const results: ResultsFile = {
    startedAt: new Date().toISOString(),
    finishedAt: "",
    mode: cli.quick ? "quick" : "full",
    command: `bench ${process.argv.slice(2).join(" ")}`.trim(),
    machine: await machineInfo(admin),
    cases: [],
    unavailable: sf.unavailable.filter(
      (u) =>
        cli.only.length === 0 ||
        cli.only.some((o) => u.id.startsWith(o) || o === "sf" || o === "stageflow"),
    ),
  };
  const byId = new Map(cases.map((c) => [c.id, newCaseResult(c)] as const));
  const ctx: RepetitionContext = {
    admin,
    sampleMs: 500,
    idleWaitMs: cli.idleWaitMs,
    // Waiting for an idle CPU is bounded per case and in total, so a busy machine cannot stall a run.
    idleBudgetMs: cli.quick ? 10_000 : 120_000,
  };
  const maxReps = Math.max(0, ...cases.map((c) => c.reps));
  // Repetition-major order, as run-all.sh: every system is measured once before any is repeated.
  for (let rep = 1; rep <= maxReps; rep++) {
    for (const c of cases.filter((x) => x.reps >= rep)) {
      await runRepetition(c, entryOf(byId, c), rep, ctx);
    }
  }
  // Re-run, while the retry allowance lasts, repetitions that ran under foreign CPU load; the
  // medians then use only the clean repetitions of a case (see `aggregate`).
  const retryUntil = Date.now() + cli.retryBudgetMs;
  ctx.idleWaitMs = Math.max(ctx.idleWaitMs, 30_000);
  for (const c of cases.filter((x) => x.retry !== false)) {
    const entry = entryOf(byId, c);
    while (
      Date.now() < retryUntil &&
      cleanReps(entry) < c.reps &&
      entry.reps.length + entry.errors.length < c.reps * 2
    ) {
      ctx.idleBudgetMs = Math.max(ctx.idleBudgetMs, Math.min(30_000, retryUntil - Date.now()));
      await runRepetition(c, entry, entry.reps.length + entry.errors.length + 1, ctx);
    }
  }
  results.cases = [...byId.values()];
  results.finishedAt = new Date().toISOString();
  await admin.end();
  const out =
    cli.out ??
    resolve(
      BENCH_DIR,
      "results",
      `${results.startedAt.replace(/[:.]/g, "-")}${cli.quick ? "-quick" : ""}.json`,
    );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, toJson(results));
  console.log(renderMarkdown(results));
  console.log(`\nResults: ${out}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
