import { loaded, metric, num, params, ratio, table } from "../format";
import type { ResultsFile } from "../results";

/** Issue 4: enqueue one by one and in batches of 1,000. */
export function enqueueSection(r: ResultsFile): string {
  const gw1 = metric(r, "gw.enqueue", "oneByOne_jps");
  const gwB = metric(r, "gw.enqueue", "batch1000_jps");
  const row = (label: string, id: string, single: string, withBatch: boolean, vs: boolean) => {
    const a = metric(r, id, single);
    const b = withBatch ? metric(r, id, "batch1000_jps") : undefined;
    return [
      `${label}${loaded(r, id) ? " ⚠" : ""}`,
      vs ? `${num(a)} (${ratio(a, gw1)})` : num(a),
      !withBatch ? "—" : vs ? `${num(b)} (${ratio(b, gwB)})` : num(b),
    ];
  };
  return [
    `### Enqueue, jobs/s (one-by-one N = ${num(params(r, "enqueue", "nSingle"))}, batches of 1,000 N = ${num(params(r, "enqueue", "nBatch"))}; ratio × graphile-worker)`,
    "",
    table(
      ["", "one-by-one", "batches of 1,000"],
      [
        row("graphile-worker `addJob` / `addJobs`", "gw.enqueue", "oneByOne_jps", true, false),
        row("pg-boss `send` / `insert`", "pgboss.enqueue", "oneByOne_jps", true, false),
        row(
          "Stageflow Postgres `run.create` (run + outbox row + idempotency key)",
          "sf.pg.enqueue",
          "runCreate_jps",
          false,
          true,
        ),
        row(
          "Stageflow Postgres `JobTransport.enqueue` (bare jobs)",
          "sf.pg.enqueue",
          "oneByOne_jps",
          true,
          true,
        ),
        row("Stageflow SQLite `run.create`", "sf.sqlite.enqueue", "runCreate_jps", false, true),
        row(
          "Stageflow SQLite `JobTransport.enqueue` (bare jobs)",
          "sf.sqlite.enqueue",
          "oneByOne_jps",
          true,
          true,
        ),
      ],
    ),
  ].join("\n");
}
