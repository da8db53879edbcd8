import { loaded, metric, num, params, ratio, table } from "../format";
import type { ResultsFile } from "../results";

/** Issue 5: pickup latency at low load and 3-stage end-to-end latency. */
export function latencySection(r: ResultsFile): string {
  const g50 = metric(r, "gw.latency", "sendToStart_p50");
  const g99 = metric(r, "gw.latency", "sendToStart_p99");
  const row = (label: string, id: string, vs: boolean) => {
    const p50 = metric(r, id, "sendToStart_p50");
    const p99 = metric(r, id, "sendToStart_p99");
    return [
      `${label}${loaded(r, id) ? " ⚠" : ""}`,
      vs ? `${num(p50, 2)} (${ratio(p50, g50)})` : num(p50, 2),
      vs ? `${num(p99, 2)} (${ratio(p99, g99)})` : num(p99, 2),
      `${num(metric(r, id, "commitToStart_p50"), 2)} / ${num(metric(r, id, "commitToStart_p99"), 2)}`,
    ];
  };
  const e2e = (label: string, id: string, goal: string) => [
    label,
    num(metric(r, id, "e2e_p50"), 2),
    num(metric(r, id, "e2e_p99"), 2),
    goal,
    `${num(metric(r, id, "stageHop_p50"), 2)} / ${num(metric(r, id, "stageHop_p99"), 2)}`,
  ];
  return [
    `### Pickup latency, ms (1 item every ${num(params(r, "latency", "interval"))} ms, ${num(params(r, "latency", "count"))} items after 20 warm-up; ratio × graphile-worker)`,
    "",
    table(
      ["", "send → start p50", "send → start p99", "commit → start p50 / p99"],
      [
        row("graphile-worker 0.17 (`addJob` → task start)", "gw.latency", false),
        row("pg-boss 10 (`send` → handler start)", "pgboss.latency", false),
        row("Stageflow Postgres (`run.create` → first stage body start)", "sf.pg.latency", true),
        row("Stageflow SQLite (`run.create` → first stage body start)", "sf.sqlite.latency", true),
      ],
    ),
    "",
    "End to end, 3-stage no-op workflow (`run.create` sent → `workflow:completed` delivered to the host's EventSink), ms:",
    "",
    table(
      ["", "p50", "p99", "goal p50", "stage → next stage start p50 / p99"],
      [
        e2e("Stageflow Postgres", "sf.pg.latency", "< 30"),
        e2e("Stageflow SQLite", "sf.sqlite.latency", "< 10"),
      ],
    ),
  ].join("\n");
}
