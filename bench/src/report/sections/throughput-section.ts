import { loaded, metric, num, params, ratio, table } from "../format";
import type { ResultsFile } from "../results";

/** Issue 4: dequeue + complete throughput of trivial jobs, 1 and 2 processes. */
export function throughputSection(r: ResultsFile): string {
  const cell = (id: string, vs?: string) => {
    const v = metric(r, id, "jps");
    const flags = `${metric(r, id, "capped") ? " (capped)" : ""}${loaded(r, id) ? " ⚠" : ""}`;
    return vs ? `${num(v)}${flags} (${ratio(v, metric(r, vs, "jps"))})` : `${num(v)}${flags}`;
  };
  const row = (label: string, prefix: string, vs?: string) => [
    label,
    ...[1, 2].map((p) => cell(`${prefix}.p${p}`, vs ? `${vs}.p${p}` : undefined)),
  ];
  const batched = r.cases.some((c) => c.id.startsWith("sf.pg.batched"));
  return [
    `### Dequeue + complete throughput, jobs/s (N = ${num(params(r, "throughput", "n"))}, concurrency 10, commit → drained; ratio in brackets)`,
    "",
    table(
      ["", "1 process", "2 processes"],
      [
        row("graphile-worker 0.17 default", "gw.default.throughput"),
        row("graphile-worker tuned (local queue, batched completion)", "gw.tuned.throughput"),
        row(
          `pg-boss 10, batch 10 (N = ${num(params(r, "throughput", "n", "pgboss."))})`,
          "pgboss.batch10.throughput",
        ),
        row(
          "Stageflow Postgres: dequeue 1 + `completeJob` commit per job (× gw default)",
          "sf.pg.perjob.throughput",
          "gw.default.throughput",
        ),
        row(
          "Stageflow Postgres: local queue (batched dequeue) + commit per job (× gw default)",
          "sf.pg.localq.throughput",
          "gw.default.throughput",
        ),
        batched
          ? row(
              "Stageflow Postgres: batched completion (× gw tuned)",
              "sf.pg.batched.throughput",
              "gw.tuned.throughput",
            )
          : ["Stageflow Postgres: batched completion", "not offered by the package", "—"],
        row(
          "Stageflow SQLite: dequeue 1 + commit per job (× gw default)",
          "sf.sqlite.perjob.throughput",
          "gw.default.throughput",
        ),
        row(
          "Stageflow SQLite: local queue + commit per job (× gw default)",
          "sf.sqlite.localq.throughput",
          "gw.default.throughput",
        ),
        row(
          "Stageflow SQLite: batched completion (× gw tuned)",
          "sf.sqlite.batched.throughput",
          "gw.tuned.throughput",
        ),
      ],
    ),
  ].join("\n");
}
