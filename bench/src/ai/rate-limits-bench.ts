/**
 * The shared AI rate limit under load (issue #19): four worker processes share one limit through
 * the database and work off runs of one OpenAI call each against the loopback fake (the real
 * `openai` SDK), on SQLite (one file) and Postgres. The figure is the largest number of calls
 * that arrived at the fake in any window, against the limit; also the windows used, the
 * deferrals (attempts that waited for capacity, not failures) and the elapsed time.
 *
 *   pnpm --filter @stageflow/bench bench:ai-rate-limits [--runs=40] [--limit=5] [--window=1000] [--workers=4] [--only=sqlite|postgres] [--baseline]
 *
 * `--baseline` also runs each database without the limit, for comparison.
 *
 * The measure itself lives with the tests (`tests/ai-e2e/src/guards/rate-limit-measure.ts`);
 * `results/<timestamp>-ai-rate-limits.json` keeps the figures.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GUARD_DATABASES } from "../../../tests/ai-e2e/src/guards/guard-databases";
import {
  measureRateLimit,
  type RateLimitMeasure,
} from "../../../tests/ai-e2e/src/guards/rate-limit-measure";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key ?? "", value ?? "true"] as const;
  }),
);
const RUNS = Number(args.get("runs") ?? 40);
const LIMIT = Number(args.get("limit") ?? 5);
const WINDOW_MS = Number(args.get("window") ?? 1_000);
const WORKERS = Number(args.get("workers") ?? 4);
const ONLY = args.get("only");
const BASELINE = args.has("baseline");

const results: (RateLimitMeasure & { dialect: string })[] = [];
for (const { dialect, open } of GUARD_DATABASES) {
  if (ONLY !== undefined && ONLY !== dialect) continue;
  for (const limit of BASELINE ? [null, LIMIT] : [LIMIT]) {
    const database = await open();
    try {
      const measure = await measureRateLimit({
        databaseUrl: database.url,
        workers: WORKERS,
        runs: RUNS,
        limit,
        windowMs: WINDOW_MS,
      });
      results.push({ dialect, ...measure });
    } finally {
      await database.cleanup();
    }
  }
}

console.log(
  `\n${WORKERS} workers, limit ${LIMIT} calls per ${WINDOW_MS} ms window, ${RUNS} runs of one call\n`,
);
console.log(
  "| database | calls | max calls in a window | limit | windows | deferrals | extra attempts | elapsed |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const r of results) {
  console.log(
    `| ${r.dialect} | ${r.calls} | ${r.maxCallsPerWindow} | ${r.limit ?? "none"} | ${r.windows} | ${r.deferrals} | ${r.extraAttempts} | ${(r.elapsedMs / 1000).toFixed(1)} s |`,
  );
}
const dir = join(import.meta.dirname, "..", "..", "results");
mkdirSync(dir, { recursive: true });
const file = join(
  dir,
  `${new Date().toISOString().replaceAll(":", "-").replace(".", "-")}-ai-rate-limits.json`,
);
writeFileSync(
  file,
  `${JSON.stringify({ runs: RUNS, limit: LIMIT, windowMs: WINDOW_MS, workers: WORKERS, results }, null, 2)}\n`,
);
console.log(`\n${file}`);
const over = (r: RateLimitMeasure) => r.limit !== null && r.maxCallsPerWindow > r.limit;
if (results.some((r) => over(r) || r.completed !== RUNS)) process.exitCode = 1;
