import { loaded, metric, num, params, ratio, table } from "../format";
import type { ResultsFile } from "../results";

/** Issue 5: stage jobs/s through node hosts at concurrency 1/4/16, 1 and 2 processes. */
export function matrixSection(r: ResultsFile): string {
  const concs = [
    ...new Set(r.cases.filter((c) => c.test === "matrix").map((c) => Number(c.params.conc))),
  ];
  const flags = (id: string) =>
    `${metric(r, id, "capped") ? " (capped)" : ""}${loaded(r, id) ? " ⚠" : ""}`;
  const rows: string[][] = [];
  for (const conc of concs.sort((a, b) => a - b)) {
    for (const p of [1, 2]) {
      const gw = metric(r, `gw.default.matrix.c${conc}.p${p}`, "jps");
      const pg = metric(r, `sf.pg.matrix.c${conc}.p${p}`, "jps");
      const lite = metric(r, `sf.sqlite.matrix.c${conc}.p1`, "jps");
      rows.push([
        `concurrency ${conc}, ${p} process${p > 1 ? "es" : ""}`,
        `${num(gw)}${flags(`gw.default.matrix.c${conc}.p${p}`)}`,
        `${num(pg)}${flags(`sf.pg.matrix.c${conc}.p${p}`)} (${ratio(pg, gw)})`,
        p === 1 ? `${num(lite)}${flags(`sf.sqlite.matrix.c${conc}.p1`)} (${ratio(lite, gw)})` : "—",
      ]);
    }
  }
  const n = params(r, "matrix", "n");
  return [
    `### Stage jobs/s through node hosts (${num(n)} stage jobs = ${num(n / 3)} runs of the 3-stage no-op workflow, created first; graphile-worker: ${num(n)} no-op jobs in one insert)`,
    "",
    table(
      ["", "graphile-worker default", "Stageflow Postgres (× gw)", "Stageflow SQLite (× gw)"],
      rows,
    ),
  ].join("\n");
}
