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
import { BENCH_DATABASES, createPool, ensureDatabases } from "./lib/databases";
import { LoadMonitor, waitForIdle } from "./lib/load-monitor";
import { machineInfo } from "./lib/machine-info";
import { peerCases } from "./peers/peer-cases";
import { planSizes } from "./plan-sizes";
import { renderMarkdown } from "./report/markdown";
import { aggregate, type CaseResult, type ResultsFile, type Unavailable } from "./report/results";

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

async function main(): Promise<void> {
  const cli = parseCliOptions(process.argv.slice(2));
  const sizes = planSizes(cli.quick);
  if (cli.reps) sizes.reps = cli.reps;
  await ensureDatabases();
  const admin = createPool("postgres", 2);
  const sf = await loadStageflowCases(sizes);
  // Side by side: every system's enqueue, then throughput, matrix and latency cases.
  const order = ["enqueue", "throughput", "matrix", "latency"];
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
  const byId = new Map<string, CaseResult>();
  const maxReps = Math.max(0, ...cases.map((c) => c.reps));
  // Waiting for an idle CPU is bounded per case and in total, so a busy machine cannot stall a run.
  let idleBudget = cli.quick ? 10_000 : 120_000;
  // Repetition-major order, as run-all.sh: every system is measured once before any is repeated.
  for (let rep = 1; rep <= maxReps; rep++) {
    for (const c of cases.filter((x) => x.reps >= rep)) {
      const entry =
        byId.get(c.id) ??
        ({
          id: c.id,
          system: c.system,
          variant: c.variant,
          test: c.test,
          params: c.params,
          reps: [],
          median: {},
          maxForeignCpuPct: 0,
          errors: [],
        } satisfies CaseResult);
      byId.set(c.id, entry);
      const waitStart = Date.now();
      const idleBefore = await waitForIdle(
        cli.quick ? 500 : 1000,
        Math.min(cli.idleWaitMs, idleBudget),
      );
      idleBudget = Math.max(0, idleBudget - (Date.now() - waitStart));
      const monitor = new LoadMonitor(admin, Object.values(BENCH_DATABASES));
      await monitor.begin();
      const startedAt = new Date();
      const t = performance.now();
      try {
        const metrics = await c.run();
        const load = await monitor.end(idleBefore);
        entry.reps.push({
          rep,
          startedAt: startedAt.toISOString(),
          durationMs: Math.round(performance.now() - t),
          metrics,
          load,
        });
        console.error(
          `[bench] ${c.id} rep ${rep}: ${JSON.stringify(metrics)} load=${JSON.stringify(load)}`,
        );
      } catch (error) {
        await monitor.end(idleBefore);
        const message = error instanceof Error ? error.message : String(error);
        entry.errors.push(`rep ${rep}: ${message}`);
        console.error(`[bench] ${c.id} rep ${rep} FAILED: ${message}`);
      }
      aggregate(entry);
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
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderMarkdown(results));
  console.log(`\nResults: ${out}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
