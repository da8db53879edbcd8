/**
 * Times the query API (`createRunQueries`) on a million runs, on Postgres and SQLite.
 *
 *   pnpm --filter @stageflow/bench bench:queries [--runs=1000000] [--reps=20] [--only=sqlite|postgres]
 *
 * Each dialect gets a fresh database (a new Postgres schema in `sf_bench_stageflow`, a temporary
 * SQLite file), migrated, then filled with bulk SQL (see `seed-runs.ts`). Every case runs 3 times
 * to warm up, then `reps` times; the Markdown table on stdout gives the median and p95 in ms, and
 * `results/<timestamp>-queries.json` keeps every sample.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createRunQueries } from "@stageflow/kernel";
import { createKyselyPersistence, type StageflowDatabase } from "@stageflow/persistence-kysely";
import { CompiledQuery, type Kysely, sql } from "kysely";
import { onScratchPostgres, onScratchSqlite } from "../lib/scratch-databases";
import { median, percentile } from "../lib/stats";
import { queryCases } from "./query-cases";
import { seedRuns } from "./seed-runs";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key ?? "", value ?? "true"] as const;
  }),
);
const RUNS = Number(args.get("runs") ?? 1_000_000);
const REPS = Number(args.get("reps") ?? 20);
const ONLY = args.get("only");

interface Measured {
  dialect: string;
  name: string;
  rows: number;
  medianMs: number;
  p95Ms: number;
  /** Postgres: planning + execution time the server reports (EXPLAIN ANALYZE) for the case's statements. */
  serverMs?: number;
  samples: number[];
}

/** Statements the API ran while `capturing` (Postgres, through Kysely's `log`). */
const captured: CompiledQuery[] = [];
let capturing = false;

/** Sum of planning + execution time Postgres reports for each captured statement. */
async function serverTime(db: Kysely<StageflowDatabase>): Promise<number> {
  let total = 0;
  for (const query of captured) {
    if (!/^\s*select/i.test(query.sql)) continue;
    const { rows } = await db.executeQuery<{
      "QUERY PLAN": [{ "Planning Time": number; "Execution Time": number }];
    }>(CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]));
    const plan = rows[0]?.["QUERY PLAN"][0];
    total += (plan?.["Planning Time"] ?? 0) + (plan?.["Execution Time"] ?? 0);
  }
  return Math.round(total * 100) / 100;
}

async function measure(dialect: string, db: Kysely<StageflowDatabase>): Promise<Measured[]> {
  const started = performance.now();
  await seedRuns(db, dialect === "postgres" ? "postgres" : "sqlite", RUNS);
  console.error(
    `[${dialect}] seeded ${RUNS} runs in ${Math.round(performance.now() - started)} ms`,
  );
  const queries = createRunQueries(createKyselyPersistence(db));
  const sample = (await queries.listRuns({ status: "FAILED", limit: 1 })).runs[0]?.id ?? "";
  const results: Measured[] = [];
  const baseline = {
    name: "baseline: `select 1` round trip",
    run: async () => (await sql`select 1 as one`.execute(db)).rows.length,
  };
  for (const query of [baseline, ...queryCases(sample)]) {
    let rows = 0;
    for (let i = 0; i < 3; i++) rows = await query.run(queries);
    const samples: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t = performance.now();
      await query.run(queries);
      samples.push(performance.now() - t);
    }
    const round = (x: number) => Math.round(x * 100) / 100;
    let serverMs: number | undefined;
    if (dialect === "postgres") {
      captured.length = 0;
      capturing = true;
      await query.run(queries);
      capturing = false;
      serverMs = await serverTime(db);
    }
    results.push({
      ...(serverMs === undefined ? {} : { serverMs }),
      dialect,
      name: query.name,
      rows,
      medianMs: round(median(samples)),
      p95Ms: round(percentile(samples, 95)),
      samples: samples.map(round),
    });
    console.error(
      `[${dialect}] ${query.name}: ${round(median(samples))} ms${serverMs === undefined ? "" : ` (server ${serverMs} ms)`}`,
    );
  }
  return results;
}

const onPostgres = () =>
  onScratchPostgres(
    "sf_bench_queries",
    (db) => measure("postgres", db),
    (event) => {
      if (capturing && event.level === "query") captured.push(event.query);
    },
  );
const onSqlite = () => onScratchSqlite("sf-bench-queries", (db) => measure("sqlite", db));

const results = [
  ...(ONLY === "sqlite" ? [] : await onPostgres()),
  ...(ONLY === "postgres" ? [] : await onSqlite()),
];
const names = [...new Set(results.map((r) => r.name))];
const cell = (dialect: string, name: string) => {
  const r = results.find((x) => x.dialect === dialect && x.name === name);
  if (!r) return "—";
  const server = r.serverMs === undefined ? "" : `, server ${r.serverMs}`;
  return `${r.medianMs} / ${r.p95Ms}${server} (${r.rows})`;
};
console.log(
  `Query API on ${RUNS.toLocaleString("en")} runs — median / p95 ms (rows), ${REPS} reps\n`,
);
console.log("| query | Postgres | SQLite |\n|---|---|---|");
for (const name of names)
  console.log(`| ${name} | ${cell("postgres", name)} | ${cell("sqlite", name)} |`);
const dir = join(import.meta.dirname, "..", "..", "results");
mkdirSync(dir, { recursive: true });
const file = join(
  dir,
  `${new Date().toISOString().replaceAll(":", "-").replace(".", "-")}-queries.json`,
);
writeFileSync(file, `${JSON.stringify({ runs: RUNS, reps: REPS, results }, null, 2)}\n`);
console.error(`results: ${file}`);
