/**
 * Times the dashboard's JSON API on a million finished runs, on Postgres and SQLite: the first
 * page of `GET /api/runs` (what the runs list loads first) and a few filtered pages and counts.
 *
 *   pnpm --filter @stageflow/bench bench:dashboard [--runs=1000000] [--reps=30] [--only=sqlite|postgres]
 *
 * Each dialect gets a fresh database (a new Postgres schema in `sf_bench_stageflow`, a temporary
 * SQLite file), migrated, then filled with bulk SQL (`../queries/seed-runs.ts`). The dashboard is
 * served over HTTP on 127.0.0.1 (`serveDashboard`, port 0) and every request is a real `fetch`
 * whose body is read to the end. Each case runs 3 times to warm up, then `reps` times; stdout
 * gets a Markdown table of the median and p95 in ms, `results/<timestamp>-dashboard.json` every
 * sample.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { serveDashboard } from "@stageflow/dashboard";
import { createStageflow } from "@stageflow/engine";
import type { StageflowDatabase } from "@stageflow/persistence-kysely";
import type { Kysely } from "kysely";
import { onScratchPostgres, onScratchSqlite } from "../lib/scratch-databases";
import { median, percentile } from "../lib/stats";
import { SEED_NOW, seedRuns } from "../queries/seed-runs";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key ?? "", value ?? "true"] as const;
  }),
);
const RUNS = Number(args.get("runs") ?? 1_000_000);
const REPS = Number(args.get("reps") ?? 30);
const ONLY = args.get("only");

const dayBefore = new Date(SEED_NOW.getTime() - 86_400_000).toISOString();

/** The requests timed: the first page of the runs list first. */
const CASES: readonly { name: string; path: string }[] = [
  { name: "GET /api/meta (HTTP floor)", path: "/api/meta" },
  { name: "first page: GET /api/runs (newest 50)", path: "/api/runs" },
  { name: "GET /api/runs?status=FAILED", path: "/api/runs?status=FAILED" },
  { name: "GET /api/runs?status=FAILED,CANCELLED", path: "/api/runs?status=FAILED,CANCELLED" },
  { name: "GET /api/runs?workflow=wf-3", path: "/api/runs?workflow=wf-3" },
  {
    name: "GET /api/runs?field=metadata.tenant&value=t7",
    path: "/api/runs?field=metadata.tenant&value=t7",
  },
  { name: "GET /api/runs?limit=200", path: "/api/runs?limit=200" },
  {
    name: "GET /api/runs/count (last day)",
    path: `/api/runs/count?from=${encodeURIComponent(dayBefore)}`,
  },
  { name: "GET /api/runs/count (whole table)", path: "/api/runs/count" },
];

interface Measured {
  dialect: string;
  name: string;
  path: string;
  /** Runs in the answer (`runs.length`, or `total` of a count). */
  rows: number;
  medianMs: number;
  p95Ms: number;
  samples: number[];
}

const round = (x: number) => Math.round(x * 100) / 100;

async function measure(
  dialect: "postgres" | "sqlite",
  db: Kysely<StageflowDatabase>,
): Promise<Measured[]> {
  const started = performance.now();
  await seedRuns(db, dialect, RUNS);
  console.error(
    `[${dialect}] seeded ${RUNS} runs in ${Math.round(performance.now() - started)} ms`,
  );
  const sf = await createStageflow({ database: db, workflows: [], worker: false, migrate: false });
  const served = await serveDashboard({ kernel: sf.kernel, blobStore: sf.blobStore, port: 0 });
  const results: Measured[] = [];
  try {
    for (const { name, path } of CASES) {
      // The whole-table count reads every row: fewer repetitions keep the run short.
      const reps = path === "/api/runs/count" ? Math.min(REPS, 5) : REPS;
      const get = async () => {
        const response = await fetch(`${served.url}${path.slice(1)}`);
        const body = (await response.json()) as { runs?: unknown[]; total?: number };
        if (response.status !== 200)
          throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
        return body.runs?.length ?? body.total ?? 1;
      };
      let rows = 0;
      for (let i = 0; i < 3; i++) rows = await get();
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t = performance.now();
        await get();
        samples.push(performance.now() - t);
      }
      results.push({
        dialect,
        name,
        path,
        rows,
        medianMs: round(median(samples)),
        p95Ms: round(percentile(samples, 95)),
        samples: samples.map(round),
      });
      console.error(`[${dialect}] ${name}: ${round(median(samples))} ms (${rows})`);
    }
  } finally {
    await served.close();
    await sf.close();
  }
  return results;
}

const onPostgres = () => onScratchPostgres("sf_bench_dashboard", (db) => measure("postgres", db));
const onSqlite = () => onScratchSqlite("sf-bench-dashboard", (db) => measure("sqlite", db));

const results = [
  ...(ONLY === "sqlite" ? [] : await onPostgres()),
  ...(ONLY === "postgres" ? [] : await onSqlite()),
];
const cell = (dialect: string, name: string) => {
  const r = results.find((x) => x.dialect === dialect && x.name === name);
  return r ? `${r.medianMs} / ${r.p95Ms} (${r.rows.toLocaleString("en")})` : "—";
};
console.log(
  `Dashboard API over HTTP on ${RUNS.toLocaleString("en")} runs — median / p95 ms (rows), ${REPS} reps\n`,
);
console.log("| request | Postgres | SQLite |\n|---|---|---|");
for (const { name } of CASES)
  console.log(`| ${name} | ${cell("postgres", name)} | ${cell("sqlite", name)} |`);
const dir = join(import.meta.dirname, "..", "..", "results");
mkdirSync(dir, { recursive: true });
const file = join(
  dir,
  `${new Date().toISOString().replaceAll(":", "-").replace(".", "-")}-dashboard.json`,
);
writeFileSync(file, `${JSON.stringify({ runs: RUNS, reps: REPS, results }, null, 2)}\n`);
console.error(`results: ${file}`);
