/** A row of `/api/costs` days (the fields the chart reads). */
export interface CostRow {
  day: string;
  workflowId: string;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}

/** Chart data: one x per day of the range, one series of daily cost per workflow. */
export interface CostSeries {
  days: string[];
  /** Midnight UTC of each day, in seconds (uPlot's x unit). */
  xs: number[];
  series: { workflowId: string; cost: number[]; tokens: number[] }[];
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC date. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Spreads the rows over every day from `from` to `to` (inclusive, `YYYY-MM-DD`), 0 where a
 * workflow had no call; workflows sorted by total cost, highest first. At most 366 days.
 */
export function costSeries(rows: readonly CostRow[], from: string, to: string): CostSeries {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    for (let t = start; t <= end && days.length < 366; t += DAY_MS) days.push(utcDay(new Date(t)));
  }
  const index = new Map(days.map((d, i) => [d, i]));
  const byWorkflow = new Map<string, { cost: number[]; tokens: number[]; total: number }>();
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    let entry = byWorkflow.get(row.workflowId);
    if (!entry) {
      entry = { cost: days.map(() => 0), tokens: days.map(() => 0), total: 0 };
      byWorkflow.set(row.workflowId, entry);
    }
    entry.cost[i] = (entry.cost[i] ?? 0) + row.cost;
    entry.tokens[i] = (entry.tokens[i] ?? 0) + row.inputTokens + row.outputTokens;
    entry.total += row.cost;
  }
  const series = [...byWorkflow.entries()]
    .sort(([a, x], [b, y]) => y.total - x.total || a.localeCompare(b))
    .map(([workflowId, e]) => ({ workflowId, cost: e.cost, tokens: e.tokens }));
  return { days, xs: days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), series };
}
