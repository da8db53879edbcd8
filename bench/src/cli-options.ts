/** Command-line options of `pnpm --filter @stageflow/bench bench`. */
export interface CliOptions {
  /** ~2 minutes: smaller N, one repetition. */
  quick: boolean;
  /** Tags or id prefixes to run (empty: everything). */
  only: string[];
  /** Overrides the repetitions of every case. */
  reps: number | null;
  /** Longest wait for an idle CPU before each case, ms. */
  idleWaitMs: number;
  /** Time allowed after the main rounds to re-run repetitions taken under foreign load, ms. */
  retryBudgetMs: number;
  /** Output file (default `results/<timestamp>[-quick].json`). */
  out: string | null;
}

const HELP = `Usage: pnpm --filter @stageflow/bench bench [--quick] [--only=tag,...] [--reps=N] [--idle-wait=S] [--out=FILE]
  --quick        ~2 minute run (smaller N, 1 repetition)
  --only=...     tags or case-id prefixes: gw, pgboss, sf, peers, stageflow, postgres, sqlite,
                 enqueue, throughput, latency, matrix (comma-separated; a case runs if any matches)
  --reps=N       repetitions of every case (default 3, 1 with --quick; pg-boss throughput always 1)
  --idle-wait=S  wait up to S seconds for >= 90 % idle CPU before each case (default 20, 3 quick;
                 at most 120 s per run in total, 10 s with --quick)
  --retry-budget=S  after the rounds, re-run repetitions taken under foreign CPU load for up to
                 S seconds (default 90, 20 quick); medians use the clean repetitions
  --out=FILE     results JSON path (default bench/results/<timestamp>.json)`;

/** Parses `argv` (without node and script). */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    quick: false,
    only: [],
    reps: null,
    idleWaitMs: -1,
    retryBudgetMs: -1,
    out: null,
  };
  for (const arg of argv) {
    const [key, value = ""] = arg.split("=", 2) as [string, string?];
    if (arg === "--") continue;
    if (key === "--quick") o.quick = true;
    else if (key === "--only")
      o.only = value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (key === "--reps") o.reps = Math.max(1, Number.parseInt(value, 10) || 1);
    else if (key === "--idle-wait") o.idleWaitMs = Math.max(0, Number(value) * 1000);
    else if (key === "--retry-budget") o.retryBudgetMs = Math.max(0, Number(value) * 1000);
    else if (key === "--out") o.out = value;
    else if (key === "--help" || key === "-h") {
      console.log(HELP);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${HELP}`);
  }
  if (o.idleWaitMs < 0) o.idleWaitMs = o.quick ? 3000 : 20_000;
  if (o.retryBudgetMs < 0) o.retryBudgetMs = o.quick ? 20_000 : 90_000;
  return o;
}
